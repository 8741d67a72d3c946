import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table holding stored days (packed-day.ts). */
const TABLES = ['readings', 'pair_readings', 'engine_pair_readings'];

/**
 * `readings.vals`, `pair_readings.vals` and `engine_pair_readings.vals` from 4 bytes a value (little-endian int32,
 * −2147483648 = empty) to one self-delimiting frame per day of scaled-integer deltas (data-access-readings
 * packed-day.ts): 0x02, varint count, varint body length, then varint tokens — an even token is a delta (zigzag),
 * `4k + 1` is k + 1 repeats of the previous value, `4k + 3` is k + 1 empty cells. Metering data takes about one
 * byte a value instead of 4 (P4).
 *
 * Both directions convert in place with PL/pgSQL helpers in pg_temp (they die with the session); the encoder
 * here writes exactly the bytes packed-day.ts writes (test/api/schema-rules.e2e-spec.ts compares them).
 */
export class StoreReadingValuesAsDeltaFrames1796720000000 implements MigrationInterface {
  name = 'StoreReadingValuesAsDeltaFrames1796720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...deltaFrameHelpers(),
      ...TABLES.flatMap((table) => [
        `ALTER TABLE ${table} DROP CONSTRAINT ${table}_vals_check`,
        `UPDATE ${table} SET vals = pg_temp.legacy_to_frame(vals)`,
      ]),
      ...TABLES.flatMap((table) => [
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_vals_check
          CHECK (length(vals) BETWEEN 3 AND 506 AND substring(vals FROM 1 FOR 1) = '\\x02'::bytea)`,
        `COMMENT ON COLUMN ${table}.vals IS 'the day''s 92/96/100 values as one frame: 0x02, varint count, varint body length, varint tokens (even: zigzag delta from the previous value; 4k+1: k+1 repeats; 4k+3: k+1 empty cells)'`,
      ]),
    ]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      ...deltaFrameHelpers(),
      ...TABLES.flatMap((table) => [
        `ALTER TABLE ${table} DROP CONSTRAINT ${table}_vals_check`,
        `UPDATE ${table} SET vals = pg_temp.frame_to_legacy(vals)`,
      ]),
      ...TABLES.flatMap((table) => [
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_vals_check CHECK (length(vals) IN (368, 384, 400))`,
        `COMMENT ON COLUMN ${table}.vals IS 'the day''s 92/96/100 values, little-endian int32; -2147483648 = empty cell'`,
      ]),
    ]) {
      await queryRunner.query(statement);
    }
  }
}

/** The conversion helpers (pg_temp), exported for the test that compares them with packed-day.ts. */
export function deltaFrameHelpers(): string[] {
  return [
    `CREATE FUNCTION pg_temp.varint(t bigint) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
      DECLARE out bytea := ''::bytea; b int;
      BEGIN
        LOOP
          b := (t % 128)::int;
          t := t / 128;
          IF t > 0 THEN b := b + 128; END IF;
          out := out || set_byte('\\x00'::bytea, 0, b);
          EXIT WHEN t = 0;
        END LOOP;
        RETURN out;
      END $$`,
    `CREATE FUNCTION pg_temp.legacy_to_frame(v bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
      DECLARE
        n int := length(v) / 4;
        body bytea := ''::bytea;
        prev bigint := 0; x bigint; d bigint; repeats int := 0; empties int := 0;
      BEGIN
        FOR i IN 0 .. n - 1 LOOP
          x := get_byte(v, 4 * i)::bigint | (get_byte(v, 4 * i + 1)::bigint << 8)
               | (get_byte(v, 4 * i + 2)::bigint << 16) | (get_byte(v, 4 * i + 3)::bigint << 24);
          IF x >= 2147483648 THEN x := x - 4294967296; END IF;
          IF x = -2147483648 THEN
            IF repeats > 0 THEN body := body || pg_temp.varint(4 * (repeats - 1) + 1); repeats := 0; END IF;
            empties := empties + 1;
            CONTINUE;
          END IF;
          IF empties > 0 THEN body := body || pg_temp.varint(4 * (empties - 1) + 3); empties := 0; END IF;
          d := x - prev;
          IF d = 0 THEN repeats := repeats + 1; CONTINUE; END IF;
          IF repeats > 0 THEN body := body || pg_temp.varint(4 * (repeats - 1) + 1); repeats := 0; END IF;
          body := body || pg_temp.varint(2 * (CASE WHEN d >= 0 THEN 2 * d ELSE -2 * d - 1 END));
          prev := x;
        END LOOP;
        IF repeats > 0 THEN body := body || pg_temp.varint(4 * (repeats - 1) + 1); END IF;
        IF empties > 0 THEN body := body || pg_temp.varint(4 * (empties - 1) + 3); END IF;
        RETURN '\\x02'::bytea || pg_temp.varint(n) || pg_temp.varint(length(body)) || body;
      END $$`,
    `CREATE FUNCTION pg_temp.frame_to_legacy(v bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
      DECLARE
        at int := 1; n bigint := 0; len bigint := 0; t bigint; b int; scale bigint;
        out bytea; i int := 0; prev bigint := 0; z bigint; run int; x bigint; w bigint;
      BEGIN
        -- header: version, count, body length
        scale := 1; LOOP b := get_byte(v, at); at := at + 1; n := n + (b & 127) * scale; EXIT WHEN b < 128; scale := scale * 128; END LOOP;
        scale := 1; LOOP b := get_byte(v, at); at := at + 1; len := len + (b & 127) * scale; EXIT WHEN b < 128; scale := scale * 128; END LOOP;
        out := decode(repeat('00000080', n::int), 'hex');
        WHILE i < n LOOP
          t := 0; scale := 1;
          LOOP b := get_byte(v, at); at := at + 1; t := t + (b & 127) * scale; EXIT WHEN b < 128; scale := scale * 128; END LOOP;
          IF t % 4 = 3 THEN
            i := i + (t - 3) / 4 + 1;
            CONTINUE;
          END IF;
          IF t % 4 = 1 THEN
            run := (t - 1) / 4 + 1;
          ELSE
            z := t / 2;
            prev := prev + CASE WHEN z % 2 = 0 THEN z / 2 ELSE -(z + 1) / 2 END;
            run := 1;
          END IF;
          w := CASE WHEN prev < 0 THEN prev + 4294967296 ELSE prev END;
          FOR k IN 1 .. run LOOP
            out := set_byte(out, 4 * i, (w & 255)::int);
            out := set_byte(out, 4 * i + 1, ((w >> 8) & 255)::int);
            out := set_byte(out, 4 * i + 2, ((w >> 16) & 255)::int);
            out := set_byte(out, 4 * i + 3, ((w >> 24) & 255)::int);
            i := i + 1;
          END LOOP;
        END LOOP;
        RETURN out;
      END $$`,
  ];
}
