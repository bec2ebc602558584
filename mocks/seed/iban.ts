/**
 * IBANs (ISO 13616), for the seeded bank and the core banking mock: the national BBAN
 * structure of a few countries and the IBAN length of every country of the SWIFT IBAN
 * registry, the check digits (common/iban.ts), the validators and the bank identifier
 * inside a BBAN.
 */
import { hasValidCheckDigits, mod97 } from '../../common/iban.js';
import type { Random } from './random.js';

export { mod97 } from '../../common/iban.js';

/** n: digits, a: upper-case letters, c: letters or digits (registry notation). */
export type BbanCharClass = 'n' | 'a' | 'c';

export interface IbanSpec {
  /** Length of the whole IBAN, country code and check digits included. */
  readonly length: number;
  /** The BBAN as fixed-length fields, in order (e.g. DE: 8!n bank code, 10!n account). */
  readonly bban: readonly (readonly [BbanCharClass, number])[];
}

/** BBAN structures from the SWIFT IBAN registry. */
export const IBAN_SPECS: Readonly<Record<string, IbanSpec>> = {
  AT: { length: 20, bban: [['n', 5], ['n', 11]] },
  BE: { length: 16, bban: [['n', 3], ['n', 7], ['n', 2]] },
  CH: { length: 21, bban: [['n', 5], ['c', 12]] },
  DE: { length: 22, bban: [['n', 8], ['n', 10]] },
  FR: { length: 27, bban: [['n', 5], ['n', 5], ['c', 11], ['n', 2]] },
  GB: { length: 22, bban: [['a', 4], ['n', 6], ['n', 8]] },
  KZ: { length: 20, bban: [['n', 3], ['c', 13]] },
  LU: { length: 20, bban: [['n', 3], ['c', 13]] },
  NL: { length: 18, bban: [['a', 4], ['n', 10]] },
  PL: { length: 28, bban: [['n', 8], ['n', 16]] },
  RU: { length: 33, bban: [['n', 9], ['n', 5], ['c', 15]] },
};

/** IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
  GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31,
  MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/**
 * Length of the bank identifier at the start of the BBAN, for the countries where it is
 * fixed; in other countries only an IBAN of a known account is recognised as a bank's.
 */
const BANK_ID_LENGTHS: Readonly<Record<string, number>> = {
  AT: 5, BE: 3, CH: 5, DE: 8, ES: 8, FR: 10, GB: 10, IT: 11, KZ: 3, LU: 3, NL: 4, PL: 8, RU: 9,
};

const GENERIC_IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
const CLASS_PATTERN: Record<BbanCharClass, string> = { n: '[0-9]', a: '[A-Z]', c: '[A-Z0-9]' };
const SPEC_PATTERNS = new Map<string, RegExp>(
  Object.entries(IBAN_SPECS).map(([country, spec]) => [
    country,
    new RegExp(`^${country}[0-9]{2}${spec.bban.map(([cls, n]) => `${CLASS_PATTERN[cls]}{${n}}`).join('')}$`),
  ]),
);

/** The two check digits of an IBAN with this country code and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return check < 10 ? `0${check}` : String(check);
}

/** An IBAN from a country code and a BBAN that fits the country's structure. */
export function makeIban(country: string, bban: string): string {
  const iban = `${country}${ibanCheckDigits(country, bban)}${bban}`;
  const pattern = SPEC_PATTERNS.get(country);
  if (pattern ? !pattern.test(iban) : !GENERIC_IBAN.test(iban)) {
    throw new RangeError(`BBAN ${JSON.stringify(bban)} does not fit the IBAN structure of ${country}`);
  }
  return iban;
}

/**
 * true when the IBAN (electronic form: no spaces) has valid mod-97 check digits and, for
 * the countries of IBAN_SPECS, the registry's length and character classes; for other
 * countries the generic shape of cmn:Iban.
 */
export function isValidIban(iban: string): boolean {
  if (typeof iban !== 'string' || !GENERIC_IBAN.test(iban)) return false;
  const pattern = SPEC_PATTERNS.get(ibanCountry(iban));
  if (pattern && !pattern.test(iban)) return false;
  return hasValidCheckDigits(iban);
}

/**
 * What the core banking system accepts as an IBAN: the generic shape, the registered
 * length of a registry country (any other country fails) and valid check digits. Unlike
 * isValidIban it does not check the BBAN's character classes.
 */
export function isRegisteredIban(iban: string): boolean {
  if (!GENERIC_IBAN.test(iban)) return false;
  const length = IBAN_LENGTHS[ibanCountry(iban)];
  if (length === undefined || iban.length !== length) return false;
  return hasValidCheckDigits(iban);
}

export function ibanCountry(iban: string): string {
  return iban.slice(0, 2);
}

/** Country plus bank identifier ("DE:37040044"), when the country's layout fixes it. */
export function bankIdentifier(iban: string): string | undefined {
  const length = BANK_ID_LENGTHS[ibanCountry(iban)];
  return length === undefined ? undefined : `${ibanCountry(iban)}:${iban.slice(4, 4 + length)}`;
}

/** The French RIB key (clé RIB) of bank code, branch code and account number. */
export function frenchRibKey(bank: string, branch: string, account: string): string {
  // Letters of the account number map to digits as the RIB rules say (A,J→1 … R,Z→9 with S→2).
  const digits = account.replace(/[A-Z]/g, (letter) => String(RIB_LETTERS[letter.charCodeAt(0) - 65]));
  const sum = 89 * (Number(bank) % 97) + 15 * (Number(branch) % 97) + 3 * mod97(digits);
  const key = 97 - (sum % 97);
  return key < 10 ? `0${key}` : String(key);
}

const RIB_LETTERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9];

/** The Belgian national check (first ten digits mod 97, 97 when 0). */
function belgianCheck(first10: string): string {
  const r = mod97(first10) || 97;
  return r < 10 ? `0${r}` : String(r);
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A random valid IBAN of one of the IBAN_SPECS countries (another bank's account: a
 * counterparty). French and Belgian national check digits are valid as well.
 */
export function randomIban(rng: Random, country: string): string {
  const spec = IBAN_SPECS[country];
  if (!spec) throw new RangeError(`no IBAN structure for ${country}`);
  if (country === 'FR') {
    const bank = rng.digits(5);
    const branch = rng.digits(5);
    const account = rng.digits(11);
    return makeIban('FR', `${bank}${branch}${account}${frenchRibKey(bank, branch, account)}`);
  }
  if (country === 'BE') {
    const first10 = rng.digits(10);
    return makeIban('BE', `${first10}${belgianCheck(first10)}`);
  }
  let bban = '';
  for (const [cls, n] of spec.bban) {
    // Alphanumeric account fields are digits in practice; keep them numeric.
    bban += cls === 'a' ? rng.chars(n, UPPER) : rng.digits(n);
  }
  return makeIban(country, bban);
}

/** The IBAN in print form, groups of four separated by spaces. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
