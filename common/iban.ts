/**
 * The check digits of an IBAN (ISO 13616, ISO 7064 MOD 97-10), for everything that reads
 * or makes one: the hub's payment and standing-order requests and the mock back offices.
 * The remainder is computed character by character on a number below 97·100, so no bigint
 * is needed whatever the IBAN's length.
 */

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string (upper-case letters count as 10…35). */
export function mod97(text: string): number {
  let remainder = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      throw new RangeError(`mod97: unexpected character ${JSON.stringify(text[i])}`);
    }
  }
  return remainder;
}

/** Whether an IBAN in electronic form (upper case, no spaces) has valid check digits; its shape is the caller's to check. */
export function hasValidCheckDigits(iban: string): boolean {
  return /^[A-Z0-9]{5,}$/.test(iban) && mod97(`${iban.slice(4)}${iban.slice(0, 4)}`) === 1;
}
