/** The parts of a node-postgres error the registry maps to its own codes. */
export interface PostgresErrorInfo {
  readonly code: string;
  readonly constraint: string | undefined;
}

/** Reads SQLSTATE and constraint name from a TypeORM QueryFailedError (or the driver error it wraps). */
export function postgresError(error: unknown): PostgresErrorInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const source =
    'driverError' in error && typeof error.driverError === 'object' && error.driverError !== null
      ? error.driverError
      : error;
  const code = 'code' in source && typeof source.code === 'string' ? source.code : undefined;
  if (code === undefined) return undefined;
  const constraint =
    'constraint' in source && typeof source.constraint === 'string' ? source.constraint : undefined;
  return { code, constraint };
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_EXCLUSION_VIOLATION = '23P01';
