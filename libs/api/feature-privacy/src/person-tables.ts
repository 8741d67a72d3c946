import type { TenantTransaction } from '@sdilna/api/data-access-db';

/** What a column of a table points at: a member, a login of a person (user), or a metering point of a member. */
export type PersonColumnKind = 'member' | 'user' | 'point';

/** Columns that follow a person pattern but name something else. */
const NOT_PERSON_COLUMNS = new Set([
  'parent_member_id', // a municipal unit's municipality, not the person
  'superseded_by', // the import batch that replaced another
]);

/**
 * How a column names a person, by its name: the schema's conventions (`member_id`, `consumer_member_id`,
 * `buyer_id`/`seller_id` of documents and lines, `user_id`, `actor_user_id`, `*_by`, `metering_point_id`,
 * `consumer_point_id`). A new table that follows them is in the export without a change here; the export spec
 * checks every foreign key to members, users and metering points against these patterns.
 */
export function personColumnKind(column: string): PersonColumnKind | undefined {
  if (NOT_PERSON_COLUMNS.has(column)) return undefined;
  if (/(^|_)member_id$/.test(column) || column === 'buyer_id' || column === 'seller_id') return 'member';
  if (/(^|_)user_id$/.test(column) || /_by$/.test(column)) return 'user';
  if (/(^|_)point_id$/.test(column)) return 'point';
  return undefined;
}

/**
 * Tables with person columns that the export leaves out, and why. Everything else with a person column is in it.
 */
export const EXPORT_EXCLUDED: Readonly<Record<string, string>> = {
  password_resets: 'sign-in secrets (hashes of one-time tokens), no information about the person',
  sign_in_challenges: 'sign-in secrets of a second factor in progress',
  two_factor_recovery_codes: 'sign-in secrets (hashes of recovery codes)',
  user_two_factor: 'sign-in secret (the second factor key)',
  refresh_tokens: 'sign-in secrets (token hashes); the sessions they belong to are exported',
  ean_claims:
    'the cross-community lock of an EAN, not readable by the application; the point itself is exported',
};

/** A table of the person's data and its person columns. */
export interface PersonTable {
  readonly table: string;
  readonly columns: ReadonlyArray<{ readonly column: string; readonly kind: PersonColumnKind }>;
}

/**
 * The tables the application may read that hold a person's data, read from the catalog at the time of the
 * export: so a table added later is exported without a change here. Partitions are read through their parent.
 */
export async function personTables(tx: TenantTransaction): Promise<PersonTable[]> {
  const rows = await tx.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped
        AND has_table_privilege(c.oid, 'SELECT')
      ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, Array<{ column: string; kind: PersonColumnKind }>>();
  for (const { table, column } of rows) {
    const kind = personColumnKind(column);
    if (kind === undefined || table in EXPORT_EXCLUDED) continue;
    tables.set(table, [...(tables.get(table) ?? []), { column, kind }]);
  }
  return [...tables].map(([table, columns]) => ({ table, columns }));
}
