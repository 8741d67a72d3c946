import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `readings.vals` from int4[] to bytea: the day's values as little-endian int32, 4 bytes each, with
 * -2147483648 (0x80000000) for an empty cell where the array had NULL. The driver hands a bytea to Node as one
 * Buffer that becomes an Int32Array without parsing a number per value; decoding int4[] text was most of the
 * time of a year's simulation (P3). Also 20 bytes smaller per row (no array header).
 *
 * Both directions convert in place (one rewrite of every partition); the helpers live in pg_temp and die with
 * the session.
 */
export class StoreReadingValuesAsBytea1795700000000 implements MigrationInterface {
  name = 'StoreReadingValuesAsBytea1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      // int4send writes big-endian; byte-swapping the integer first makes it write little-endian.
      `CREATE FUNCTION pg_temp.int4_array_to_le(v int4[]) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT coalesce(string_agg(
                 int4send((x << 24) | ((x << 8) & 16711680) | ((x >> 8) & 65280) | ((x >> 24) & 255)),
                 ''::bytea ORDER BY o), ''::bytea)
          FROM (SELECT coalesce(e, -2147483648) AS x, o FROM unnest(v) WITH ORDINALITY AS u(e, o)) AS s
      $$`,
      `ALTER TABLE readings DROP CONSTRAINT readings_vals_check`,
      `ALTER TABLE readings ALTER COLUMN vals TYPE bytea USING pg_temp.int4_array_to_le(vals)`,
      `ALTER TABLE readings ADD CONSTRAINT readings_vals_check CHECK (length(vals) IN (368, 384, 400))`,
      `COMMENT ON COLUMN readings.vals IS 'the day''s 92/96/100 values, little-endian int32; -2147483648 = empty cell'`,
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE FUNCTION pg_temp.le_to_int4_array(b bytea) RETURNS int4[] LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT array_agg(nullif(get_byte(b, 4 * i) | (get_byte(b, 4 * i + 1) << 8) | (get_byte(b, 4 * i + 2) << 16)
                                | (get_byte(b, 4 * i + 3) << 24), -2147483648) ORDER BY i)
          FROM generate_series(0, length(b) / 4 - 1) AS i
      $$`,
      `COMMENT ON COLUMN readings.vals IS NULL`,
      `ALTER TABLE readings DROP CONSTRAINT readings_vals_check`,
      `ALTER TABLE readings ALTER COLUMN vals TYPE int4[] USING pg_temp.le_to_int4_array(vals)`,
      `ALTER TABLE readings ADD CONSTRAINT readings_vals_check CHECK (cardinality(vals) IN (92, 96, 100))`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
