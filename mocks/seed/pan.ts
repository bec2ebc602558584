/**
 * Card numbers (PANs): the Luhn (ISO/IEC 7812) check digit and the masked form used by
 * the seed generator and the card mock, and the seeded card system's PANs: 16 digits, the
 * bank's fixed BIN of the scheme, a 9-digit account part and the Luhn check digit.
 */

export type CardScheme = 'VISA' | 'MASTERCARD' | 'MIR' | 'UNIONPAY';

/**
 * The seeded bank's issuer identification number (first six digits) per scheme, inside
 * each scheme's range: VISA 4…, MASTERCARD 51–55 (or 2221–2720), MIR 2200–2204,
 * UNIONPAY 62….
 */
export const SCHEME_BINS: Readonly<Record<CardScheme, string>> = {
  VISA: '427938',
  MASTERCARD: '531274',
  MIR: '220431',
  UNIONPAY: '624173',
};

export const PAN_LENGTH = 16;

/** The Luhn check digit to append to a digit string. */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  // Counting from the right of the payload, every first, third… digit is doubled.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError(`luhnCheckDigit: not a digit string: ${JSON.stringify(payload)}`);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** true when the digit string (12–19 digits) passes the Luhn check. */
export function isLuhnValid(pan: string): boolean {
  if (typeof pan !== 'string' || !/^[0-9]{12,19}$/.test(pan)) return false;
  return luhnCheckDigit(pan.slice(0, -1)) === pan.slice(-1);
}

/** A 16-digit PAN of the scheme: BIN + 9-digit account part + Luhn digit. */
export function makePan(scheme: CardScheme, accountPart: string): string {
  if (!/^[0-9]{9}$/.test(accountPart)) throw new RangeError(`the PAN account part must be 9 digits, got ${accountPart}`);
  const payload = `${SCHEME_BINS[scheme]}${accountPart}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

/** The scheme of a PAN by its leading digits, or undefined when none of the four. */
export function schemeOf(pan: string): CardScheme | undefined {
  if (pan.startsWith('4')) return 'VISA';
  const two = Number(pan.slice(0, 2));
  const four = Number(pan.slice(0, 4));
  if (two >= 51 && two <= 55) return 'MASTERCARD';
  if (four >= 2200 && four <= 2204) return 'MIR';
  if (four >= 2221 && four <= 2720) return 'MASTERCARD';
  if (two === 62) return 'UNIONPAY';
  return undefined;
}

/** The PAN masked as cmn:MaskedPan: first six digits, asterisks, last four ("427938******1234"). */
export function maskPan(pan: string): string {
  if (!/^[0-9]{12,19}$/.test(pan)) throw new RangeError('maskPan: not a PAN');
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}
