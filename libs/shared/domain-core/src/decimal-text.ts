/**
 * Exact parsing of decimal text into scaled integers. Energy, keys and money are integers in this domain; going
 * through a float multiply (1.28 * 100 = 128.00000000000001) would silently change values, so we parse digits.
 */
export class DecimalFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecimalFormatError';
  }
}

export interface DecimalParseOptions {
  /** number of decimals kept in the integer result (2 → hundredths) */
  readonly scale: number;
  /** accepted decimal separators, e.g. [','] for EDC files or ['.'] for JSON numbers */
  readonly separators: readonly string[];
  readonly allowNegative: boolean;
  /** what the value is, for messages ("energy", "percent") */
  readonly what: string;
}

const MAX_SAFE_DIGITS = 15;

/** Parses "12,5" with scale 2 into 1250; rejects more decimals than `scale`, exponents and thousands separators. */
export function parseScaledDecimal(text: string, options: DecimalParseOptions): number {
  const trimmed = text.trim();
  let i = 0;
  let negative = false;
  if (trimmed[0] === '-' || trimmed[0] === '+') {
    negative = trimmed[0] === '-';
    i = 1;
  }
  if (negative && !options.allowNegative) {
    throw new DecimalFormatError(`${options.what} "${text}" must not be negative`);
  }
  let integerDigits = '';
  while (i < trimmed.length && isDigit(trimmed.charCodeAt(i))) integerDigits += trimmed[i++];
  let fractionDigits = '';
  if (i < trimmed.length && options.separators.includes(trimmed[i] as string)) {
    i++;
    while (i < trimmed.length && isDigit(trimmed.charCodeAt(i))) fractionDigits += trimmed[i++];
    if (fractionDigits === '')
      throw new DecimalFormatError(`${options.what} "${text}" has no digits after the separator`);
  }
  if (i !== trimmed.length || integerDigits === '') {
    throw new DecimalFormatError(
      `${options.what} "${text}" is not a decimal number (digits with "${options.separators.join('" or "')}" as decimal separator)`,
    );
  }
  if (fractionDigits.length > options.scale) {
    throw new DecimalFormatError(`${options.what} "${text}" has more than ${options.scale} decimals`);
  }
  const digits = (integerDigits + fractionDigits.padEnd(options.scale, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_SAFE_DIGITS) throw new DecimalFormatError(`${options.what} "${text}" is too large`);
  const value = Number(digits);
  return negative && value !== 0 ? -value : value;
}

/** JSON numbers arrive as doubles; their shortest round-trip text (3.5 → "3.5") is the value the author wrote. */
export function parseScaledJsonNumber(
  value: number,
  options: Omit<DecimalParseOptions, 'separators'>,
): number {
  if (!Number.isFinite(value))
    throw new DecimalFormatError(`${options.what} ${String(value)} is not a finite number`);
  const text = String(value);
  if (/e/i.test(text)) {
    // 1e-7 has too many decimals, 1e21 is far beyond any meter; both are rejected as not exact.
    throw new DecimalFormatError(
      `${options.what} ${text} is not a decimal with at most ${options.scale} decimals`,
    );
  }
  return parseScaledDecimal(text, { ...options, separators: ['.'] });
}

/** Formats a scaled integer: 1250 with scale 2 → "12,50" (or trimmed to "12,5" with minDecimals 1). */
export function formatScaledDecimal(
  value: number,
  scale: number,
  separator: string,
  minDecimals = scale,
): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount: ${value}`);
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const integerPart = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return fraction.length > 0 ? `${sign}${integerPart}${separator}${fraction}` : `${sign}${integerPart}`;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
