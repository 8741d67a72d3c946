/** One field of an audit entry that a change touched: its value before and after (undefined: absent). */
export interface DiffRow {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
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
      .map((field) => ({ field, before: b?.[field], after: a?.[field] }))
      .filter((row) => JSON.stringify(row.before) !== JSON.stringify(row.after));
  }
  return JSON.stringify(b) === JSON.stringify(a) ? [] : [{ field: '', before: b, after: a }];
}
