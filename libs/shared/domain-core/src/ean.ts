/** Czech EANs of metering points: 18 digits, prefix 8591824, GS1 mod-10 check digit (domain.md §5). */
export const EAN_LENGTH = 18;
export const CZECH_EAN_PREFIX = '8591824';

export type EanProblem = 'not-18-digits' | 'wrong-prefix' | 'bad-check-digit';

/** GS1 mod-10 check digit of a body: weights 3,1,3,1… starting from the rightmost body digit. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Why a text is not a valid Czech metering-point EAN, or `undefined` when it is one. */
export function eanProblem(text: string): EanProblem | undefined {
  if (!/^\d{18}$/.test(text)) return 'not-18-digits';
  if (!text.startsWith(CZECH_EAN_PREFIX)) return 'wrong-prefix';
  const expected = gs1CheckDigit(text.slice(0, EAN_LENGTH - 1));
  if (text.charCodeAt(EAN_LENGTH - 1) - 48 !== expected) return 'bad-check-digit';
  return undefined;
}

export function isValidEan(text: string): boolean {
  return eanProblem(text) === undefined;
}

/** A sentence for error messages, e.g. "859182400123456784 has a bad check digit (expected 9)". */
export function describeEanProblem(text: string, problem: EanProblem): string {
  switch (problem) {
    case 'not-18-digits':
      return `"${text}" is not an EAN of 18 digits`;
    case 'wrong-prefix':
      return `EAN ${text} does not start with ${CZECH_EAN_PREFIX}`;
    case 'bad-check-digit':
      return `EAN ${text} has a bad check digit (expected ${gs1CheckDigit(text.slice(0, EAN_LENGTH - 1))})`;
  }
}

export class InvalidEanError extends Error {
  constructor(
    readonly ean: string,
    readonly problem: EanProblem,
  ) {
    super(describeEanProblem(ean, problem));
    this.name = 'InvalidEanError';
  }
}

/** Returns the trimmed EAN or throws {@link InvalidEanError}. */
export function parseEan(text: string): string {
  const trimmed = text.trim();
  const problem = eanProblem(trimmed);
  if (problem) throw new InvalidEanError(trimmed, problem);
  return trimmed;
}

/** Completes a 17-digit body with its check digit (test data and the scenario generator need valid EANs). */
export function eanWithCheckDigit(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new Error(`an EAN body has 17 digits, got "${body17}"`);
  return body17 + String(gs1CheckDigit(body17));
}
