/**
 * ISO 13616 IBAN checks: form, the country's length and the mod-97 check digits; and the
 * bank identifier inside the BBAN, which tells an IBAN of this bank from another bank's.
 */

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
 * fixed; in other countries only an IBAN of a known account is recognised as this bank's.
 */
const BANK_ID_LENGTHS: Readonly<Record<string, number>> = {
  AT: 5, BE: 3, CH: 5, DE: 8, ES: 8, FR: 10, GB: 10, IT: 11, KZ: 3, LU: 3, NL: 4, PL: 8, RU: 9,
};

const FORM = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

function mod97(text: string): number {
  let remainder = 0;
  for (const character of text) {
    const code = character.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : character;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

export function ibanCountry(iban: string): string {
  return iban.slice(0, 2);
}

/** True when the IBAN is well-formed, has its country's length and correct check digits. */
export function isValidIban(iban: string): boolean {
  if (!FORM.test(iban)) return false;
  const length = IBAN_LENGTHS[ibanCountry(iban)];
  if (length === undefined || iban.length !== length) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** Builds a valid IBAN from a country and a BBAN by computing the check digits. */
export function makeIban(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** Country plus bank identifier ("DE:37040044"), when the country's layout fixes it. */
export function bankIdentifier(iban: string): string | undefined {
  const length = BANK_ID_LENGTHS[ibanCountry(iban)];
  return length === undefined ? undefined : `${ibanCountry(iban)}:${iban.slice(4, 4 + length)}`;
}
