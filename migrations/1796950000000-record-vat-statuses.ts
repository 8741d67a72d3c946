import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

const STATUS_CHECK = `CHECK (status IN ('payer', 'identified-person', 'non-payer'))`;

/**
 * VAT statuses from the registry (issue 20): the community and each member are a payer, an identified person or a
 * non-payer from a day on, in dated rows; a document's VAT follows its parties' rows on its DUZP.
 *
 * - A member's flag and DIČ become its first row, valid from 2000-01-01 (the first day the product knows); a
 *   non-payer with a DIČ stays so, and finalising names it until its status says what it is.
 * - The price lists' seller flag becomes the community's rows: the first list's flag from 2000-01-01, then a row on
 *   each list whose flag differs from the one before. The community's DIČ stays in its settlement settings (a legal
 *   entity's DIČ is CZ + its IČO and does not change with its registration).
 * - A run keeps the community's output, input and non-deductible input VAT (NULL on runs computed before).
 * - A producer's self-billing agreement (§ 28 odst. 3 ZDPH) is a date on the member; the DUZP rule is a settlement
 *   setting (`period-end` or `issue-date`).
 *
 * Row-level security is forced on the tables this migration copies across communities, so it lifts the force for
 * its own statements (the owner is then exempt) and restores it.
 */
export class RecordVatStatuses1796950000000 implements MigrationInterface {
  name = 'RecordVatStatuses1796950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE community_vat_statuses (
        community_id uuid NOT NULL REFERENCES communities (community_id) ON DELETE CASCADE,
        valid_from date NOT NULL,
        status text NOT NULL ${STATUS_CHECK},
        PRIMARY KEY (community_id, valid_from)
      )`,
      ...tenantSecuritySql('community_vat_statuses'),
      `CREATE TABLE member_vat_statuses (
        community_id uuid NOT NULL,
        member_id uuid NOT NULL,
        valid_from date NOT NULL,
        status text NOT NULL ${STATUS_CHECK},
        dic text CHECK (dic ~ '^CZ[0-9]{8,10}$'),
        PRIMARY KEY (community_id, member_id, valid_from),
        FOREIGN KEY (community_id, member_id) REFERENCES members (community_id, id) ON DELETE CASCADE,
        CHECK (status = 'non-payer' OR dic IS NOT NULL)
      )`,
      ...tenantSecuritySql('member_vat_statuses'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
    await this.withoutForcedSecurity(queryRunner, async () => {
      await queryRunner.query(
        `INSERT INTO member_vat_statuses (community_id, member_id, valid_from, status, dic)
         SELECT community_id, id, DATE '2000-01-01', CASE WHEN vat_payer THEN 'payer' ELSE 'non-payer' END, dic
           FROM members`,
      );
      await queryRunner.query(
        `INSERT INTO community_vat_statuses (community_id, valid_from, status)
         SELECT community_id, CASE WHEN previous IS NULL THEN DATE '2000-01-01' ELSE valid_from END,
                CASE WHEN seller_vat_payer THEN 'payer' ELSE 'non-payer' END
           FROM (SELECT community_id, valid_from, seller_vat_payer,
                        lag(seller_vat_payer) OVER (PARTITION BY community_id ORDER BY valid_from) AS previous
                   FROM price_lists) AS lists
          WHERE previous IS DISTINCT FROM seller_vat_payer`,
      );
    });
    for (const statement of [
      `ALTER TABLE members DROP CONSTRAINT members_check3`,
      `ALTER TABLE members DROP COLUMN vat_payer`,
      `ALTER TABLE members DROP COLUMN dic`,
      `ALTER TABLE members ADD COLUMN self_billing_agreed_on date`,
      `ALTER TABLE price_lists DROP COLUMN seller_vat_payer`,
      // the community's VAT of a run (issue 20); NULL on runs computed before
      `ALTER TABLE settlement_runs ADD COLUMN community_output_vat bigint, ADD COLUMN community_input_vat bigint,
         ADD COLUMN community_non_deductible_vat bigint`,
      `ALTER TABLE settlement_settings ADD COLUMN tax_point text NOT NULL DEFAULT 'period-end'
         CONSTRAINT settlement_settings_tax_point_check CHECK (tax_point IN ('period-end', 'issue-date'))`,
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE settlement_settings DROP COLUMN tax_point`,
      `ALTER TABLE settlement_runs DROP COLUMN community_output_vat, DROP COLUMN community_input_vat,
         DROP COLUMN community_non_deductible_vat`,
      `ALTER TABLE price_lists ADD COLUMN seller_vat_payer boolean`,
      `ALTER TABLE members DROP COLUMN self_billing_agreed_on`,
      `ALTER TABLE members ADD COLUMN dic text CONSTRAINT members_dic_check CHECK (dic ~ '^CZ[0-9]{8,10}$')`,
      `ALTER TABLE members ADD COLUMN vat_payer boolean NOT NULL DEFAULT false`,
    ])
      await queryRunner.query(statement);
    await this.withoutForcedSecurity(queryRunner, async () => {
      // a member's status today, and the community's status on each list's first day
      await queryRunner.query(
        `UPDATE members m SET vat_payer = s.status = 'payer', dic = s.dic
           FROM (SELECT DISTINCT ON (community_id, member_id) community_id, member_id, status, dic
                   FROM member_vat_statuses
                  WHERE valid_from <= (now() AT TIME ZONE 'Europe/Prague')::date
                  ORDER BY community_id, member_id, valid_from DESC) AS s
          WHERE s.community_id = m.community_id AND s.member_id = m.id`,
      );
      await queryRunner.query(
        `UPDATE price_lists p SET seller_vat_payer = coalesce(
           (SELECT s.status = 'payer' FROM community_vat_statuses s
             WHERE s.community_id = p.community_id AND s.valid_from <= p.valid_from
             ORDER BY s.valid_from DESC LIMIT 1), false)`,
      );
    });
    for (const statement of [
      `ALTER TABLE price_lists ALTER COLUMN seller_vat_payer SET NOT NULL`,
      `ALTER TABLE members ADD CONSTRAINT members_check3 CHECK (NOT vat_payer OR dic IS NOT NULL)`,
      `DROP TABLE member_vat_statuses`,
      `DROP TABLE community_vat_statuses`,
    ])
      await queryRunner.query(statement);
  }

  private async withoutForcedSecurity(queryRunner: QueryRunner, work: () => Promise<void>): Promise<void> {
    const tables = ['members', 'price_lists', 'member_vat_statuses', 'community_vat_statuses'];
    for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    await work();
    for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  }
}
