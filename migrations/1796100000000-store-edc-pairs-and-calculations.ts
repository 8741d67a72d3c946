import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * EDC's data as they really come (issue 14): the pair report and the difference between preliminary (daily) and
 * final (monthly) values.
 *
 * - `import_batches.kind`: which EDC report the file is (`standard` per-EAN export or `pair` report), read from
 *   its header by the import job; `requested_calculation` what the uploader or the connector said the file is
 *   (NULL: infer), `calculation` what the import decided.
 * - `edc_days`: per sharing group, day and report (1 standard, 2 pair) whether the stored values are `daily`
 *   (preliminary) or `monthly` (final), and which import stored them. A day without a row was imported before this
 *   table existed: neither protected as final nor reported as preliminary.
 * - `pair_readings`: EDC's shared energy per producer → consumer pair and Prague day, packed like `readings.vals`
 *   (little-endian int32, -2147483648 = empty cell).
 * - `pair_discrepancies`: intervals where EDC's pair figure differs from the engine's pair result.
 */
export class StoreEdcPairsAndCalculations1796100000000 implements MigrationInterface {
  name = 'StoreEdcPairsAndCalculations1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE import_batches
         ADD COLUMN kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'pair')),
         ADD COLUMN requested_calculation text CHECK (requested_calculation IN ('daily', 'monthly')),
         ADD COLUMN calculation text CHECK (calculation IN ('daily', 'monthly'))`,

      `CREATE TABLE edc_days (
        community_id uuid NOT NULL,
        sharing_group_id uuid NOT NULL,
        report smallint NOT NULL CHECK (report IN (1, 2)),
        day date NOT NULL,
        calculation text NOT NULL CHECK (calculation IN ('daily', 'monthly')),
        import_batch_id uuid NOT NULL,
        PRIMARY KEY (community_id, sharing_group_id, report, day),
        FOREIGN KEY (community_id, sharing_group_id) REFERENCES sharing_groups (community_id, id) ON DELETE CASCADE,
        FOREIGN KEY (community_id, import_batch_id) REFERENCES import_batches (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX edc_days_day_idx ON edc_days (community_id, day)`,

      `CREATE TABLE pair_readings (
        community_id uuid NOT NULL,
        producer_point_id uuid NOT NULL,
        consumer_point_id uuid NOT NULL,
        day date NOT NULL,
        present smallint NOT NULL CHECK (present BETWEEN 0 AND 100),
        total bigint NOT NULL,
        vals bytea NOT NULL CHECK (length(vals) IN (368, 384, 400)),
        PRIMARY KEY (community_id, consumer_point_id, producer_point_id, day),
        FOREIGN KEY (community_id, producer_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE,
        FOREIGN KEY (community_id, consumer_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX pair_readings_day_idx ON pair_readings (community_id, day)`,
      `COMMENT ON COLUMN pair_readings.vals IS 'the day''s 92/96/100 values, little-endian int32; -2147483648 = empty cell'`,

      `CREATE TABLE pair_discrepancies (
        community_id uuid NOT NULL,
        producer_point_id uuid NOT NULL,
        consumer_point_id uuid NOT NULL,
        interval_start timestamptz NOT NULL,
        day date NOT NULL,
        edc_shared integer NOT NULL,
        computed_shared integer NOT NULL,
        key_id uuid,
        detected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, consumer_point_id, producer_point_id, interval_start),
        FOREIGN KEY (community_id, producer_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE,
        FOREIGN KEY (community_id, consumer_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX pair_discrepancies_day_idx ON pair_discrepancies (community_id, day)`,

      ...['edc_days', 'pair_readings', 'pair_discrepancies'].flatMap(tenantSecuritySql),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP TABLE IF EXISTS pair_discrepancies`,
      `DROP TABLE IF EXISTS pair_readings`,
      `DROP TABLE IF EXISTS edc_days`,
      `ALTER TABLE import_batches DROP COLUMN calculation, DROP COLUMN requested_calculation, DROP COLUMN kind`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
