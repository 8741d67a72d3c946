import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stripe Connect (issue 21 item 5): a community's own Stripe account receives its members' card payments, the
 * platform keeps its fee as the application fee. `document_payments` stays the table of card payments; it now says
 * so (`source = 'card'`), names the connected account the money went to, the platform's fee and the webhook event
 * that recorded it (one payment per event).
 */
export class ConnectCommunityStripeAccounts1797050100000 implements MigrationInterface {
  name = 'ConnectCommunityStripeAccounts1797050100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `ALTER TABLE billing_accounts
         ADD COLUMN connect_account_id text CHECK (connect_account_id ~ '^acct_[A-Za-z0-9_]+$'),
         ADD COLUMN connect_charges_enabled boolean NOT NULL DEFAULT false,
         ADD COLUMN connect_details_submitted boolean NOT NULL DEFAULT false`,
      `CREATE UNIQUE INDEX billing_accounts_connect_account_key ON billing_accounts (community_id, connect_account_id)
         WHERE connect_account_id IS NOT NULL`,
      `ALTER TABLE document_payments
         ADD COLUMN source text NOT NULL DEFAULT 'card' CHECK (source = 'card'),
         ADD COLUMN connect_account_id text CHECK (connect_account_id ~ '^acct_[A-Za-z0-9_]+$'),
         ADD COLUMN application_fee bigint CHECK (application_fee >= 0),
         ADD COLUMN stripe_event_id text CHECK (stripe_event_id ~ '^evt_')`,
      `CREATE UNIQUE INDEX document_payments_event_key ON document_payments (community_id, stripe_event_id)
         WHERE stripe_event_id IS NOT NULL`,
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `DROP INDEX document_payments_event_key`,
      `ALTER TABLE document_payments DROP COLUMN stripe_event_id, DROP COLUMN application_fee,
         DROP COLUMN connect_account_id, DROP COLUMN source`,
      `DROP INDEX billing_accounts_connect_account_key`,
      `ALTER TABLE billing_accounts DROP COLUMN connect_details_submitted, DROP COLUMN connect_charges_enabled,
         DROP COLUMN connect_account_id`,
    ])
      await queryRunner.query(statement);
  }
}
