import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Monthly partitions from the start of EDC sharing (Aug 2024) to the end of 2030; later days land in DEFAULT.
 * Each partition gets the tenant lock too, so a query that names a partition directly is still scoped.
 */
function monthlyPartitions(): string[] {
  const statements: string[] = [];
  for (let index = 2024 * 12 + 7; index < 2031 * 12; index++) {
    const name = monthText(index).replace('-', '_');
    statements.push(
      `CREATE TABLE readings_${name} PARTITION OF readings FOR VALUES FROM ('${monthText(index)}-01') TO ('${monthText(index + 1)}-01')`,
      ...tenantSecuritySql(`readings_${name}`),
    );
  }
  statements.push(
    `CREATE TABLE readings_default PARTITION OF readings DEFAULT`,
    ...tenantSecuritySql('readings_default'),
  );
  return statements;
}

function monthText(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * EDC import batches, the stored 15-minute data, reconciliation and completeness (issue 5).
 *
 * `readings` holds one row per (point, Prague day, series) with the day's 92/96/100 values packed in an int4[]
 * (a NULL element is an empty cell: no data, or OUT not yet evaluated) and the day's total, so day and month
 * answers read one row per point and day instead of ~96 (P4: ≈ 6 bytes per value with its index). Values are
 * energy in 0.01 kWh as a positive quantity: export for production points, import for consumption points;
 * series 1 = measured (EDC IN), 2 = shared according to EDC (|IN − OUT|), 3 = shared computed by our engine.
 * EDC's OUT is IN − shared (production) or IN + shared (consumption), so nothing of the file is lost.
 */
export class CreateImportsAndReadings1795500000000 implements MigrationInterface {
  name = 'CreateImportsAndReadings1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE import_batches (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'superseded')),
        source text NOT NULL CHECK (source IN ('upload', 'inbox', 'api')),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 500),
        stored_path text NOT NULL,
        file_size bigint NOT NULL CHECK (file_size >= 0),
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        period_from date,
        period_to date,
        sharing_group_ids uuid[] NOT NULL DEFAULT '{}',
        point_count integer,
        day_count integer,
        interval_count integer,
        value_count bigint,
        warnings jsonb NOT NULL DEFAULT '[]',
        error jsonb,
        superseded_by uuid,
        PRIMARY KEY (community_id, id),
        CHECK (period_to IS NULL OR period_to >= period_from)
      )`,
      `CREATE INDEX import_batches_created_idx ON import_batches (community_id, created_at DESC)`,
      // "The same file twice is a no-op": at most one live batch per file content and community.
      `CREATE UNIQUE INDEX import_batches_live_file_key ON import_batches (community_id, file_sha256)
        WHERE status IN ('queued', 'running', 'done')`,

      `CREATE TABLE readings (
        community_id uuid NOT NULL,
        metering_point_id uuid NOT NULL,
        day date NOT NULL,
        series smallint NOT NULL CHECK (series IN (1, 2, 3)),
        present smallint NOT NULL CHECK (present BETWEEN 0 AND 100),
        total bigint NOT NULL,
        vals int4[] NOT NULL CHECK (cardinality(vals) IN (92, 96, 100)),
        PRIMARY KEY (community_id, metering_point_id, day, series),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      ) PARTITION BY RANGE (day)`,
      ...monthlyPartitions(),

      // Group totals per day and source (1 = EDC, 2 = computed), written by the recompute job: "missed" needs
      // per-interval group sums, which day totals of single points cannot give.
      `CREATE TABLE sharing_group_days (
        community_id uuid NOT NULL,
        sharing_group_id uuid NOT NULL,
        day date NOT NULL,
        source smallint NOT NULL CHECK (source IN (1, 2)),
        production bigint NOT NULL,
        demand bigint NOT NULL,
        shared bigint NOT NULL,
        missed bigint NOT NULL,
        -- point-intervals where EDC and the engine disagree; the detail rows below are capped, this count is not
        discrepancies integer NOT NULL DEFAULT 0,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, sharing_group_id, day, source),
        FOREIGN KEY (community_id, sharing_group_id) REFERENCES sharing_groups (community_id, id) ON DELETE CASCADE
      )`,

      // Intervals where EDC's sharing differs from our engine with the registered key.
      `CREATE TABLE reading_discrepancies (
        community_id uuid NOT NULL,
        metering_point_id uuid NOT NULL,
        interval_start timestamptz NOT NULL,
        day date NOT NULL,
        edc_shared integer NOT NULL,
        computed_shared integer NOT NULL,
        key_id uuid,
        detected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, metering_point_id, interval_start),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX reading_discrepancies_day_idx ON reading_discrepancies (community_id, day)`,

      // The daily completeness check's verdict per community and day (counts of points by state).
      `CREATE TABLE completeness_checks (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        day date NOT NULL,
        complete integer NOT NULL,
        preliminary integer NOT NULL,
        partial integer NOT NULL,
        missing integer NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, day)
      )`,

      ...[
        'import_batches',
        'readings',
        'sharing_group_days',
        'reading_discrepancies',
        'completeness_checks',
      ].flatMap(tenantSecuritySql),

      // The nightly jobs need the communities that have data, across tenants. Like ean_claims, this global
      // list is hidden from the application role and answered by a SECURITY DEFINER function; it holds ids only.
      `CREATE TABLE reading_communities (
        community_id uuid PRIMARY KEY REFERENCES communities (community_id) ON DELETE CASCADE,
        first_import_at timestamptz NOT NULL DEFAULT now()
      )`,
      `REVOKE ALL ON reading_communities FROM sdilna_app`,
      `CREATE FUNCTION note_reading_community() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
          INSERT INTO reading_communities (community_id) VALUES (NEW.community_id) ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`,
      `REVOKE ALL ON FUNCTION note_reading_community() FROM PUBLIC`,
      `CREATE TRIGGER import_batches_reading_community AFTER INSERT ON import_batches
        FOR EACH ROW EXECUTE FUNCTION note_reading_community()`,
      `CREATE FUNCTION communities_with_readings() RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT community_id FROM reading_communities ORDER BY community_id
        $$`,
      `REVOKE ALL ON FUNCTION communities_with_readings() FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION communities_with_readings() TO sdilna_app`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP FUNCTION IF EXISTS communities_with_readings()`,
      `DROP TRIGGER IF EXISTS import_batches_reading_community ON import_batches`,
      `DROP FUNCTION IF EXISTS note_reading_community()`,
      `DROP TABLE IF EXISTS reading_communities`,
      `DROP TABLE IF EXISTS completeness_checks`,
      `DROP TABLE IF EXISTS reading_discrepancies`,
      `DROP TABLE IF EXISTS sharing_group_days`,
      `DROP TABLE IF EXISTS readings`,
      `DROP TABLE IF EXISTS import_batches`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
