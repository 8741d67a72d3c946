/**
 * An API decimal string (`"6.50"`) as the portal shows prices: with a decimal comma, digits as the API gave them
 * (no rounding, no float).
 */
export function decimalComma(decimal: string): string {
  return decimal.replace('.', ',');
}
