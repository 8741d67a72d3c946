import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * The sharing read model (issue 15): one engine run per community, sharing group, Prague day and data version.
 *
 * - `sharing_runs`: the run of a group day — the key version, rounds and points (engine column order) it ran
 *   with. A re-import of the day's measured values deletes the row in the import's transaction (and with it the
 *   day's pairs); the recompute writes it again. A reader compares key version, rounds and points with what is
 *   valid now: a run of another key version is stale. `missed`: the run's analytics (energy left unshared in
 *   intervals where both export and import were left, 0.01 kWh), which simulations compare against.
 * - `engine_pair_readings`: the engine's shared energy per producer → consumer pair of that run (every pair of
 *   the compiled key, also those that shared nothing, with the key's basis points), packed like
 *   `pair_readings.vals` (EDC's own pair report): "pairs of a day" in one shape, one table per source.
 */
export class StoreTheEngineRuns1796700000000 implements MigrationInterface {
  name = 'StoreTheEngineRuns1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE sharing_runs (
        community_id uuid NOT NULL,
        sharing_group_id uuid NOT NULL,
        day date NOT NULL,
        key_version_id uuid NOT NULL,
        rounds smallint NOT NULL,
        points text NOT NULL,
        missed bigint NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, sharing_group_id, day),
        FOREIGN KEY (community_id, sharing_group_id) REFERENCES sharing_groups (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX sharing_runs_day_idx ON sharing_runs (community_id, day)`,
      `COMMENT ON COLUMN sharing_runs.points IS 'producer point ids, then consumer point ids, each by EAN: the engine''s columns'`,

      `CREATE TABLE engine_pair_readings (
        community_id uuid NOT NULL,
        sharing_group_id uuid NOT NULL,
        day date NOT NULL,
        producer_point_id uuid NOT NULL,
        consumer_point_id uuid NOT NULL,
        basis_points integer NOT NULL,
        present smallint NOT NULL CHECK (present BETWEEN 0 AND 100),
        total bigint NOT NULL,
        vals bytea NOT NULL CHECK (length(vals) IN (368, 384, 400)),
        PRIMARY KEY (community_id, consumer_point_id, producer_point_id, day),
        FOREIGN KEY (community_id, sharing_group_id, day) REFERENCES sharing_runs (community_id, sharing_group_id, day)
          ON DELETE CASCADE,
        FOREIGN KEY (community_id, producer_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE,
        FOREIGN KEY (community_id, consumer_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX engine_pair_readings_run_idx ON engine_pair_readings (community_id, sharing_group_id, day)`,
      `COMMENT ON COLUMN engine_pair_readings.vals IS 'the day''s 92/96/100 values, little-endian int32; -2147483648 = empty cell'`,

      ...['sharing_runs', 'engine_pair_readings'].flatMap(tenantSecuritySql),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS engine_pair_readings`);
    await queryRunner.query(`DROP TABLE IF EXISTS sharing_runs`);
  }
}
