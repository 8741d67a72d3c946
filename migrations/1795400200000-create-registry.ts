import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Metering points, their prices, generation sources and allocation key versions. Overlapping validity is
 * refused by exclusion constraints; the cross-community rule "one EAN in at most one sharing group at a time"
 * lives in `ean_claims`, a global table the application cannot read, kept by a trigger.
 */
export class CreateRegistry1795400200000 implements MigrationInterface {
  name = 'CreateRegistry1795400200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE metering_points (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        ean text NOT NULL CHECK (ean ~ '^8591824[0-9]{11}$'),
        role text NOT NULL CHECK (role IN ('production', 'consumption')),
        member_id uuid NOT NULL,
        sharing_group_id uuid NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        label text CHECK (length(label) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id),
        FOREIGN KEY (community_id, sharing_group_id) REFERENCES sharing_groups (community_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT metering_points_ean_no_overlap EXCLUDE USING gist (
          community_id WITH =, ean WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`,
      `CREATE INDEX metering_points_group_idx ON metering_points (community_id, sharing_group_id)`,
      `CREATE INDEX metering_points_member_idx ON metering_points (community_id, member_id)`,

      // Supplier energy price (consumption) and feed-in price (production), in hundredths of a haléř per kWh
      // (4.50 Kč/kWh = 45 000), the unit domain-core prices energy with.
      `CREATE TABLE metering_point_prices (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        metering_point_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('supplier-energy', 'feed-in')),
        price_centi_halere_per_kwh integer NOT NULL CHECK (price_centi_halere_per_kwh >= 0),
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id) ON DELETE CASCADE,
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT metering_point_prices_no_overlap EXCLUDE USING gist (
          community_id WITH =, metering_point_id WITH =, kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`,

      // Global on purpose: the only place that sees EANs of every community. The application role has no
      // privilege on it; it asks the SECURITY DEFINER function below, which answers yes or no and nothing else.
      `CREATE TABLE ean_claims (
        community_id uuid NOT NULL,
        metering_point_id uuid NOT NULL,
        ean text NOT NULL,
        validity daterange NOT NULL,
        PRIMARY KEY (community_id, metering_point_id),
        CONSTRAINT ean_claims_no_overlap EXCLUDE USING gist (ean WITH =, validity WITH &&)
      )`,
      `REVOKE ALL ON ean_claims FROM sdilna_app`,
      `CREATE FUNCTION sync_ean_claim() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM ean_claims WHERE community_id = OLD.community_id AND metering_point_id = OLD.id;
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO ean_claims (community_id, metering_point_id, ean, validity)
            VALUES (NEW.community_id, NEW.id, NEW.ean, daterange(NEW.valid_from, NEW.valid_to, '[]'));
          END IF;
          RETURN NULL;
        END $$`,
      `REVOKE ALL ON FUNCTION sync_ean_claim() FROM PUBLIC`,
      `CREATE TRIGGER metering_points_ean_claim AFTER INSERT OR UPDATE OF ean, valid_from, valid_to OR DELETE ON metering_points
        FOR EACH ROW EXECUTE FUNCTION sync_ean_claim()`,
      `CREATE FUNCTION ean_in_use_elsewhere(p_ean text, p_community uuid, p_from date, p_to date) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
          SELECT EXISTS (SELECT 1 FROM ean_claims
                         WHERE ean = p_ean AND community_id <> p_community
                           AND validity && daterange(p_from, p_to, '[]'))
        $$`,
      `REVOKE ALL ON FUNCTION ean_in_use_elsewhere(text, uuid, date, date) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION ean_in_use_elsewhere(text, uuid, date, date) TO sdilna_app`,

      `CREATE TABLE generation_sources (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('pv', 'chp', 'wind', 'hydro', 'biogas', 'battery', 'other')),
        installed_kw numeric(12, 2) NOT NULL CHECK (installed_kw > 0),
        renewable boolean GENERATED ALWAYS AS (kind IN ('pv', 'wind', 'hydro', 'biogas')) STORED,
        metering_point_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, metering_point_id) REFERENCES metering_points (community_id, id)
      )`,

      `CREATE TABLE allocation_keys (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        sharing_group_id uuid NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        method text NOT NULL CHECK (method IN ('static', 'static-iterative', 'dynamic', 'hybrid')),
        rounds smallint NOT NULL CHECK (rounds BETWEEN 1 AND 5),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, id),
        FOREIGN KEY (community_id, sharing_group_id) REFERENCES sharing_groups (community_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CHECK (method = 'static-iterative' OR rounds = 1),
        CONSTRAINT allocation_keys_no_overlap EXCLUDE USING gist (
          community_id WITH =, sharing_group_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`,
      `CREATE TABLE allocation_key_pairs (
        community_id uuid NOT NULL,
        key_id uuid NOT NULL,
        producer_point_id uuid NOT NULL,
        consumer_point_id uuid NOT NULL,
        basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
        priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 5),
        PRIMARY KEY (community_id, key_id, producer_point_id, consumer_point_id),
        FOREIGN KEY (community_id, key_id) REFERENCES allocation_keys (community_id, id) ON DELETE CASCADE,
        FOREIGN KEY (community_id, producer_point_id) REFERENCES metering_points (community_id, id),
        FOREIGN KEY (community_id, consumer_point_id) REFERENCES metering_points (community_id, id),
        CHECK (producer_point_id <> consumer_point_id)
      )`,
      // A producer cannot give away more than its whole export; checked once per transaction, after all pairs.
      `CREATE FUNCTION check_producer_share() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (SELECT sum(basis_points) FROM allocation_key_pairs
              WHERE community_id = NEW.community_id AND key_id = NEW.key_id AND producer_point_id = NEW.producer_point_id) > 10000 THEN
            RAISE EXCEPTION 'producer % of key % shares more than 100 %%', NEW.producer_point_id, NEW.key_id
              USING ERRCODE = 'check_violation', CONSTRAINT = 'allocation_key_pairs_producer_total';
          END IF;
          RETURN NULL;
        END $$`,
      `CREATE CONSTRAINT TRIGGER allocation_key_pairs_producer_total AFTER INSERT OR UPDATE ON allocation_key_pairs
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_producer_share()`,

      ...[
        'metering_points',
        'metering_point_prices',
        'generation_sources',
        'allocation_keys',
        'allocation_key_pairs',
      ].flatMap(tenantSecuritySql),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP TABLE IF EXISTS allocation_key_pairs`,
      `DROP FUNCTION IF EXISTS check_producer_share()`,
      `DROP TABLE IF EXISTS allocation_keys`,
      `DROP TABLE IF EXISTS generation_sources`,
      `DROP FUNCTION IF EXISTS ean_in_use_elsewhere(text, uuid, date, date)`,
      `DROP TABLE IF EXISTS metering_point_prices`,
      `DROP TRIGGER IF EXISTS metering_points_ean_claim ON metering_points`,
      `DROP TABLE IF EXISTS metering_points`,
      `DROP FUNCTION IF EXISTS sync_ean_claim()`,
      `DROP TABLE IF EXISTS ean_claims`,
    ]) {
      await queryRunner.query(statement);
    }
  }
}
