import type { EntityManager } from 'typeorm';

import { ApiException } from '@sdilna/api/util-http';

export interface RowOutcome<T> {
  readonly line: number;
  readonly value?: T;
  readonly problems: { code: string; message: string }[];
}

/**
 * Runs each row of an import in its own savepoint inside the caller's transaction, so one failing row (a rule,
 * a constraint) is reported with its line while the others are still checked. The caller rolls the whole
 * transaction back when any row failed: an import is all or nothing.
 */
export async function runRows<R extends { line: number }, T>(
  manager: EntityManager,
  rows: readonly R[],
  work: (row: R) => Promise<T>,
  describeError: (error: unknown) => { code: string; message: string } | undefined,
): Promise<RowOutcome<T>[]> {
  const outcomes: RowOutcome<T>[] = [];
  for (const row of rows) {
    await manager.query('SAVEPOINT import_row');
    try {
      const value = await work(row);
      await manager.query('RELEASE SAVEPOINT import_row');
      outcomes.push({ line: row.line, value, problems: [] });
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT import_row');
      const problem =
        error instanceof ApiException ? { code: error.code, message: error.message } : describeError(error);
      if (problem === undefined) throw error;
      outcomes.push({ line: row.line, problems: [problem] });
    }
  }
  return outcomes;
}
