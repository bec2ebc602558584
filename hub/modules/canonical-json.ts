/**
 * Canonical JSON for signed documents: the same content always gives the same bytes, so a
 * signature over the bytes is a signature over the content. Object keys are sorted by
 * UTF-16 code units, there is no whitespace, strings are escaped as JSON.stringify does and
 * the only numbers are safe integers — the subset of RFC 8785 (JCS) that manifests need.
 */

export type CanonicalValue = null | boolean | string | number | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // Fractions and large numbers have several spellings; manifests only hold sizes and versions.
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON holds safe integers only, not ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(',')}]`;
  const object = value as { readonly [key: string]: CanonicalValue };
  const keys = Object.keys(object).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`).join(',')}}`;
}
