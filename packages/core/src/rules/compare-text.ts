/**
 * Orders strings by UTF-16 code unit. Unlike `localeCompare` it gives the same order on every
 * machine and locale, so lists in refusals and merged licenses are stable byte for byte.
 */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
