/**
 * crd:CardholderName: the name as embossed, 2 to 26 characters of A-Z, space, hyphen,
 * apostrophe and dot, starting with a letter and ending with a letter or dot. The card
 * system derives it from the client's name on file, transliterating other scripts.
 */

/** Russian and Kazakh Cyrillic to Latin, after ICAO Doc 9303 (the passport standard). */
const CYRILLIC: Readonly<Record<string, string>> = {
  А: 'A', Б: 'B', В: 'V', Г: 'G', Д: 'D', Е: 'E', Ё: 'E', Ж: 'ZH', З: 'Z', И: 'I', Й: 'I', К: 'K', Л: 'L', М: 'M',
  Н: 'N', О: 'O', П: 'P', Р: 'R', С: 'S', Т: 'T', У: 'U', Ф: 'F', Х: 'KH', Ц: 'TS', Ч: 'CH', Ш: 'SH', Щ: 'SHCH',
  Ъ: 'IE', Ы: 'Y', Ь: '', Э: 'E', Ю: 'IU', Я: 'IA',
  Ә: 'A', Ғ: 'G', Қ: 'Q', Ң: 'N', Ө: 'O', Ұ: 'U', Ү: 'U', Һ: 'H', І: 'I',
};

/** Latin letters that do not decompose into a base letter plus marks. */
const LATIN_SPECIAL: Readonly<Record<string, string>> = { ß: 'SS', ẞ: 'SS', Æ: 'AE', Œ: 'OE', Ø: 'O', Ł: 'L', Đ: 'D', Þ: 'TH', Ð: 'D' };

const PATTERN = /^[A-Z][A-Z '.-]{0,24}[A-Z.]$/;
const MAX_LENGTH = 26;
const FALLBACK = 'CARDHOLDER';

function toLatinUpper(text: string): string {
  let out = '';
  for (const character of text.toUpperCase()) {
    out += CYRILLIC[character] ?? LATIN_SPECIAL[character] ?? character;
  }
  // Accented Latin letters (é, ü, ç) lose their marks.
  return out.normalize('NFD').replace(/\p{M}+/gu, '');
}

function clean(text: string): string {
  return toLatinUpper(text)
    .replace(/[^A-Z '.-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Trims to the pattern: starts with a letter, ends with a letter or a dot. */
function fit(text: string): string {
  return text.slice(0, MAX_LENGTH).replace(/^[^A-Z]+/, '').replace(/[^A-Z.]+$/, '');
}

export function isCardholderName(name: string): boolean {
  return PATTERN.test(name);
}

/** "GIVEN FAMILY", or "G. FAMILY" when that is too long, or the cut family name. */
export function cardholderNameFor(givenName: string, familyName: string): string {
  const given = clean(givenName);
  const family = clean(familyName);
  const candidates = [`${given} ${family}`, `${given.slice(0, 1)}. ${family}`, family];
  for (const candidate of candidates) {
    const fitted = fit(candidate.trim());
    if (fitted.length === candidate.trim().length && isCardholderName(fitted)) return fitted;
  }
  const cut = fit(family || given);
  return isCardholderName(cut) ? cut : FALLBACK;
}

/** A name from the dataset or a request, made to fit the pattern if it does not. */
export function normaliseCardholderName(name: string): string {
  if (isCardholderName(name)) return name;
  const fitted = fit(clean(name));
  return isCardholderName(fitted) ? fitted : FALLBACK;
}
