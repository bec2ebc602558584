/** Orders strings by UTF-16 code units, as `<` does (never by locale): a stable key order for sorting. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
