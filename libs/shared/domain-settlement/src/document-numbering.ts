import { SettlementError } from './settlement-error';

/** Default width of the sequence part: FV-2026-000123 allows 999 999 documents per series and year. */
export const DOCUMENT_SEQUENCE_WIDTH = 6;

export interface DocumentNumberParts {
  readonly series: string;
  readonly year: number;
  readonly sequence: number;
}

/** "FV", 2026, 123 → "FV-2026-000123". Series are short upper-case codes so numbers sort and read well. */
export function formatDocumentNumber(parts: DocumentNumberParts, width = DOCUMENT_SEQUENCE_WIDTH): string {
  assertSeries(parts.series);
  if (!Number.isInteger(parts.year) || parts.year < 2000 || parts.year > 9999) {
    throw new SettlementError('INVALID_NUMBERING', `year ${parts.year} is out of range`);
  }
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1 || String(parts.sequence).length > width) {
    throw new SettlementError('INVALID_NUMBERING', `sequence ${parts.sequence} does not fit ${width} digits`);
  }
  return `${parts.series}-${parts.year}-${String(parts.sequence).padStart(width, '0')}`;
}

export function parseDocumentNumber(text: string): DocumentNumberParts {
  const match = /^([A-Z][A-Z0-9]{0,9})-(\d{4})-(\d+)$/.exec(text);
  if (!match)
    throw new SettlementError('INVALID_NUMBERING', `"${text}" is not a document number SERIES-YYYY-NNNNNN`);
  return { series: match[1] as string, year: Number(match[2]), sequence: Number(match[3]) };
}

/**
 * The next number of a series in a year, given the last number issued in that series and year (or none).
 * Numbering restarts at 1 each year; the caller reads the last number and stores the new one in the same
 * database transaction, which is what makes the sequence gapless.
 */
export function nextDocumentNumber(
  series: string,
  year: number,
  lastNumber?: string,
  width = DOCUMENT_SEQUENCE_WIDTH,
): { readonly number: string; readonly sequence: number } {
  let last = 0;
  if (lastNumber !== undefined) {
    const parsed = parseDocumentNumber(lastNumber);
    if (parsed.series !== series || parsed.year !== year) {
      throw new SettlementError(
        'INVALID_NUMBERING',
        `last number ${lastNumber} is not of series ${series} in ${year}`,
      );
    }
    last = parsed.sequence;
  }
  const sequence = last + 1;
  return { number: formatDocumentNumber({ series, year, sequence }, width), sequence };
}

/** Key of one numbering sequence: each issuer numbers each series per year on its own. */
export function numberingKey(issuerId: string, series: string, year: number): string {
  return `${issuerId}|${series}|${year}`;
}

/**
 * Numbers documents in order, continuing each (issuer, series, year) sequence from `lastSequences`; returns the
 * numbered documents and the updated last sequences to store. Pure: the same input gives the same numbers.
 */
export function assignDocumentNumbers<
  T extends { readonly issuerId: string; readonly series: string; readonly issueDate: string },
>(
  documents: readonly T[],
  lastSequences: ReadonlyMap<string, number>,
  width = DOCUMENT_SEQUENCE_WIDTH,
): { documents: (T & { number: string; sequence: number })[]; lastSequences: Map<string, number> } {
  const next = new Map(lastSequences);
  const numbered = documents.map((document) => {
    const year = Number(document.issueDate.slice(0, 4));
    const key = numberingKey(document.issuerId, document.series, year);
    const sequence = (next.get(key) ?? 0) + 1;
    next.set(key, sequence);
    return {
      ...document,
      number: formatDocumentNumber({ series: document.series, year, sequence }, width),
      sequence,
    };
  });
  return { documents: numbered, lastSequences: next };
}

/** Checks that numbers of one series and year run 1, 2, 3… without a gap or a duplicate. */
export function findNumberingGaps(numbers: readonly string[]): string[] {
  const problems: string[] = [];
  const groups = new Map<string, number[]>();
  for (const number of numbers) {
    const parts = parseDocumentNumber(number);
    const key = `${parts.series}-${parts.year}`;
    groups.set(key, [...(groups.get(key) ?? []), parts.sequence]);
  }
  for (const [key, sequences] of groups) {
    const sorted = [...sequences].sort((a, b) => a - b);
    sorted.forEach((sequence, index) => {
      if (sequence !== index + 1) problems.push(`${key}: expected ${index + 1}, found ${sequence}`);
    });
  }
  return problems;
}

function assertSeries(series: string): void {
  if (!/^[A-Z][A-Z0-9]{0,9}$/.test(series)) {
    throw new SettlementError(
      'INVALID_NUMBERING',
      `series "${series}" must be 1–10 upper-case letters or digits`,
    );
  }
}
