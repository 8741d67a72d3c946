/** One field of an audit entry that a change touched: its value before and after (undefined: absent). */
export interface DiffRow {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The record's own id is the entry's `entityId`: not a change worth a row. */
const HIDDEN_FIELDS = new Set(['id']);

/** Nothing, null and an empty text all read as "—": a change between them is no change. */
function normal(value: unknown): unknown {
  return value === null || value === '' ? undefined : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The fields an entry changed. A creation lists what was created, a deletion what was deleted, a change only the
 * fields whose value differs; a value that is no object (a list) is one row without a field name.
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isRecord(b)) && (a === undefined || isRecord(a))) {
    const fields = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
    return fields
      .filter((field) => !HIDDEN_FIELDS.has(field))
      .map((field) => ({ field, before: normal(b?.[field]), after: normal(a?.[field]) }))
      .filter((row) => JSON.stringify(row.before) !== JSON.stringify(row.after));
  }
  return JSON.stringify(b) === JSON.stringify(a) ? [] : [{ field: '', before: b, after: a }];
}
