import type { MigrationInterface, QueryRunner } from 'typeorm';

import { tenantSecuritySql } from './1795400100000-create-identity-and-communities';

/**
 * Delivery of issued documents by e-mail (issue 21 item 1): one row per document, written in the transaction that
 * finalises the run (the outbox) and updated by the worker's mail job. `generation` counts resends: the job id
 * `deliver:<community>:<document>.<generation>` is deterministic, so a retried finalisation or a second worker adds
 * nothing, and a job retried after the mail went out finds the row `sent` and sends nothing.
 */
export class DeliverDocumentsByMail1797050000000 implements MigrationInterface {
  name = 'DeliverDocumentsByMail1797050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [
      `CREATE TABLE document_deliveries (
        community_id uuid NOT NULL,
        document_id uuid NOT NULL,
        member_id uuid,
        recipient text CHECK (recipient IS NULL OR (length(recipient) <= 320 AND recipient LIKE '%_@_%')),
        status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'no-address')),
        reason text CHECK (length(reason) <= 1000),
        generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        queued_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, document_id),
        FOREIGN KEY (community_id, document_id) REFERENCES documents (community_id, id),
        CHECK ((status = 'no-address') = (recipient IS NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`,
      `CREATE INDEX document_deliveries_status_idx ON document_deliveries (community_id, status)`,
      ...tenantSecuritySql('document_deliveries'),
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE document_deliveries`);
  }
}
