import type { EdcIssue } from './edc-issue';

/**
 * How the value fields of an EDC table map to the slots of a day block. The standard export and the pair
 * report share the row format (date; from; to; values…) and differ only in what the value columns mean.
 */
export interface EdcTableLayout {
  /** value fields the header announces (without the first three and without a trailing empty cell) */
  readonly valueFieldCount: number;
  /** slots in a day block */
  readonly slotCount: number;
  /** slot filled by value field k (field index k + 3), or −1 for a column that is ignored */
  readonly slotOfField: Int32Array;
  /** header text of value field k, for messages */
  readonly fieldNames: readonly string[];
}

export type HeaderIssueSink = (issue: Omit<EdcIssue, 'file' | 'line' | 'severity'>) => void;

const LEADING_NAMES = ['datum', 'cas od', 'cas do'];

/** Header cells: trimmed, and the three time columns compared without case and diacritics ("Čas od"). */
export function checkLeadingHeaderCells(cells: readonly string[], report: HeaderIssueSink): void {
  LEADING_NAMES.forEach((expected, index) => {
    const cell = cells[index] ?? '';
    const normalised = cell
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
    if (normalised !== expected) {
      report({
        column: index + 1,
        code: 'HEADER_LEADING',
        params: { found: cell, column: index + 1 },
        message: `expected header "Datum;Cas od;Cas do;…", found "${cell}" in column ${index + 1}`,
      });
    }
  });
}

/** Value cells of the header, without a trailing empty cell left by a final `;`. */
export function valueHeaderCells(cells: readonly string[]): string[] {
  const values = cells.slice(3);
  if (values.length > 0 && values[values.length - 1]?.trim() === '') values.pop();
  return values;
}
