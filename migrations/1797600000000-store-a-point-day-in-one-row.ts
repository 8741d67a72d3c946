import type { MigrationInterface, QueryRunner } from 'typeorm';

import { TENANT_PREDICATE, tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/** The first and the last month of the monthly partitions (as 1795500000000); later days land in DEFAULT. */
const FIRST_MONTH = '2024-08-01';
const LAST_MONTH = '2030-12-01';

/** A stored day's frame (packed-day.ts, migration 1796720000000). */
const FRAME_CHECK = (column: string): string =>
  `length(${column}) BETWEEN 3 AND 506 AND substring(${column} FROM 1 FOR 1) = '\\x02'::bytea`;

/**
 * Monthly partitions of `table` with the tenant lock on each (a query that names a partition is still scoped), in
 * one statement: a round trip per partition would add seconds to every test database's migration.
 */
function monthlyPartitionsOf(table: string): string {
  return `DO $$
    DECLARE month date := DATE '${FIRST_MONTH}'; part text;
    BEGIN
      WHILE month <= DATE '${LAST_MONTH}' LOOP
        part := '${table}_' || to_char(month, 'YYYY_MM');
        EXECUTE format('CREATE TABLE %I PARTITION OF ${table} FOR VALUES FROM (%L) TO (%L)',
                       part, month, (month + INTERVAL '1 month')::date);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (%s) WITH CHECK (%s)', part,
                       $p$${TENANT_PREDICATE}$p$, $p$${TENANT_PREDICATE}$p$);
        month := (month + INTERVAL '1 month')::date;
      END LOOP;
      EXECUTE 'CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT';
      EXECUTE 'ALTER TABLE ${table}_default ENABLE ROW LEVEL SECURITY';
      EXECUTE 'ALTER TABLE ${table}_default FORCE ROW LEVEL SECURITY';
      EXECUTE format('CREATE POLICY tenant_isolation ON ${table}_default USING (%s) WITH CHECK (%s)',
                     $p$${TENANT_PREDICATE}$p$, $p$${TENANT_PREDICATE}$p$);
    END $$`;
}

/**
 * The readings as one row per point and Prague day instead of one per point, day and series (issue 19, P4).
 * Two thirds of the bytes of a stored value were per row (tuple header, key columns, line pointer and the primary
 * key's entry: ~140 B a row against ~1 B a value in the frames), so fewer, wider rows are what brings a year of
 * metering data under 3 B a value:
 *
 * - `edc_readings`: what EDC sent for a point and day, written together by the import — the measured values
 *   (series 1, EDC IN) and EDC's sharing (series 2, |IN − OUT|), each as a present/total/frame triple (NULL
 *   where that series is not stored);
 * - `engine_readings`: the engine's sharing with the registered key (series 3), written by the recompute. A table
 *   of its own, not a third triple: the recompute would update every row the import wrote, and an update of a row
 *   this wide does not fit its page (measured: 3.3 B a value after such updates, 2.5 B with two tables).
 *
 * `readings` stays as a view with the shape of the old table (one row per point, day and series), so every reader
 * (the one-statement reads, month sums, exports, tests) reads the series it names; Postgres drops the branches of
 * the series a query does not ask for. The view is `security_invoker`: the reader's row-level security applies.
 * Day totals become `integer` (a point's day in 0.01 kWh stays far below 2^31) and the view widens them again.
 */
export class StoreAPointDayInOneRow1797600000000 implements MigrationInterface {
  name = 'StoreAPointDayInOneRow1797600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE edc_readings (
        community_id uuid NOT NULL,
        metering_point_id uuid NOT NULL,
        day date NOT NULL,
        measured_total integer,
        edc_total integer,
        measured_present smallint CHECK (measured_present BETWEEN 0 AND 100),
        edc_present smallint CHECK (edc_present BETWEEN 0 AND 100),
        measured_vals bytea CHECK (${FRAME_CHECK('measured_vals')}),
        edc_vals bytea CHECK (${FRAME_CHECK('edc_vals')}),
        PRIMARY KEY (community_id, metering_point_id, day),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE,
        CHECK ((measured_vals IS NULL) = (measured_total IS NULL) AND (measured_vals IS NULL) = (measured_present IS NULL)),
        CHECK ((edc_vals IS NULL) = (edc_total IS NULL) AND (edc_vals IS NULL) = (edc_present IS NULL)),
        CHECK (measured_vals IS NOT NULL OR edc_vals IS NOT NULL)
      ) PARTITION BY RANGE (day)`,
      ...tenantSecuritySql('edc_readings'),
      monthlyPartitionsOf('edc_readings'),
      `CREATE TABLE engine_readings (
        community_id uuid NOT NULL,
        metering_point_id uuid NOT NULL,
        day date NOT NULL,
        total integer NOT NULL,
        present smallint NOT NULL CHECK (present BETWEEN 0 AND 100),
        vals bytea NOT NULL CHECK (${FRAME_CHECK('vals')}),
        PRIMARY KEY (community_id, metering_point_id, day),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      ) PARTITION BY RANGE (day)`,
      ...tenantSecuritySql('engine_readings'),
      monthlyPartitionsOf('engine_readings'),
      `COMMENT ON TABLE edc_readings IS 'what EDC sent for a point and Prague day: measured (IN) and EDC''s sharing (|IN - OUT|), 0.01 kWh, each a present/total/frame triple (frames: packed-day.ts)'`,
      `COMMENT ON TABLE engine_readings IS 'the engine''s sharing of a point and Prague day with the registered key, 0.01 kWh (frames: packed-day.ts)'`,
      `INSERT INTO edc_readings (community_id, metering_point_id, day, measured_total, edc_total, measured_present,
                                 edc_present, measured_vals, edc_vals)
       SELECT community_id, metering_point_id, day,
              max(total) FILTER (WHERE series = 1), max(total) FILTER (WHERE series = 2),
              max(present) FILTER (WHERE series = 1), max(present) FILTER (WHERE series = 2),
              (array_agg(vals) FILTER (WHERE series = 1))[1], (array_agg(vals) FILTER (WHERE series = 2))[1]
         FROM readings WHERE series IN (1, 2)
        GROUP BY community_id, metering_point_id, day
        ORDER BY day, community_id, metering_point_id`,
      `INSERT INTO engine_readings (community_id, metering_point_id, day, total, present, vals)
       SELECT community_id, metering_point_id, day, total, present, vals FROM readings WHERE series = 3
        ORDER BY day, community_id, metering_point_id`,
      `DROP TABLE readings`,
      `CREATE VIEW readings WITH (security_invoker = true) AS
         SELECT community_id, metering_point_id, day, 1::smallint AS series, measured_present AS present,
                measured_total::bigint AS total, measured_vals AS vals
           FROM edc_readings WHERE measured_vals IS NOT NULL
         UNION ALL
         SELECT community_id, metering_point_id, day, 2::smallint, edc_present, edc_total::bigint, edc_vals
           FROM edc_readings WHERE edc_vals IS NOT NULL
         UNION ALL
         SELECT community_id, metering_point_id, day, 3::smallint, present, total::bigint, vals
           FROM engine_readings`,
      `COMMENT ON VIEW readings IS 'one row per point, Prague day and series (1 measured, 2 EDC shared, 3 engine shared) over edc_readings and engine_readings'`,
      `REVOKE INSERT, UPDATE, DELETE ON readings FROM sdilna_app`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER VIEW readings RENAME TO readings_by_series`,
      `CREATE TABLE readings (
        community_id uuid NOT NULL,
        metering_point_id uuid NOT NULL,
        day date NOT NULL,
        series smallint NOT NULL CHECK (series IN (1, 2, 3)),
        present smallint NOT NULL CHECK (present BETWEEN 0 AND 100),
        total bigint NOT NULL,
        vals bytea NOT NULL CONSTRAINT readings_vals_check CHECK (${FRAME_CHECK('vals')}),
        PRIMARY KEY (community_id, metering_point_id, day, series),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      ) PARTITION BY RANGE (day)`,
      ...tenantSecuritySql('readings'),
      monthlyPartitionsOf('readings'),
      `INSERT INTO readings (community_id, metering_point_id, day, series, present, total, vals)
       SELECT community_id, metering_point_id, day, series, present, total, vals FROM readings_by_series`,
      `DROP VIEW readings_by_series`,
      `DROP TABLE engine_readings`,
      `DROP TABLE edc_readings`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
