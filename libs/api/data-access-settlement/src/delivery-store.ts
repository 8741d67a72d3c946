import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { COMMUNITY_PARTY_ID } from '@sdilna/shared/domain-settlement';

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'no-address';

/** A document's delivery by e-mail, as stored, with the document and member it is about. */
export interface DeliveryRecord {
  readonly documentId: string;
  readonly runId: string;
  readonly number: string;
  readonly kind: string;
  readonly memberId: string | null;
  readonly memberName: string | null;
  readonly recipient: string | null;
  readonly status: DeliveryStatus;
  readonly reason: string | null;
  readonly generation: number;
  readonly attempts: number;
  readonly queuedAt: Date;
  readonly sentAt: Date | null;
}

const DELIVERY_COLUMNS = `d.document_id AS "documentId", doc.run_id AS "runId", doc.number, doc.kind,
  d.member_id AS "memberId", m.name AS "memberName", d.recipient, d.status, d.reason, d.generation, d.attempts,
  d.queued_at AS "queuedAt", d.sent_at AS "sentAt"`;

const DELIVERY_FROM = `document_deliveries d
  JOIN documents doc ON doc.community_id = d.community_id AND doc.id = d.document_id
  LEFT JOIN members m ON m.community_id = d.community_id AND m.id = d.member_id`;

/** A reason as stored: one line, at most 1 000 characters (an SMTP answer can be long). */
function reasonOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line;
}

/**
 * Delivery of issued documents by e-mail (`document_deliveries`), bound to one tenant transaction. The member a
 * document goes to is the party that is not the community: the buyer of an invoice, the producer (seller) of a
 * self-billed invoice or credit note.
 */
export class DeliveryStore {
  constructor(private readonly tx: TenantTransaction) {}

  /**
   * Writes a delivery for every document of the run that has none yet: `queued` to the member's e-mail, or
   * `no-address`. Returns the queued ones (document and generation) for the caller to enqueue after the commit.
   */
  async queueRun(runId: string): Promise<Array<{ documentId: string; generation: number }>> {
    return this.queueWhere('doc.run_id = $1', runId);
  }

  /** The same for one document (one issued before deliveries existed): nothing when it has a delivery already. */
  async queueDocument(documentId: string): Promise<Array<{ documentId: string; generation: number }>> {
    return this.queueWhere('doc.id = $1', documentId);
  }

  private async queueWhere(
    condition: 'doc.run_id = $1' | 'doc.id = $1',
    id: string,
  ): Promise<Array<{ documentId: string; generation: number }>> {
    const rows = await this.tx.query<{ documentId: string; generation: number; status: DeliveryStatus }>(
      `INSERT INTO document_deliveries (community_id, document_id, member_id, recipient, status)
       SELECT doc.community_id, doc.id, m.id, nullif(m.email, ''),
              CASE WHEN coalesce(m.email, '') = '' THEN 'no-address' ELSE 'queued' END
         FROM documents doc
         LEFT JOIN members m ON m.community_id = doc.community_id AND m.id::text =
           CASE WHEN doc.kind IN ('self-billed-invoice', 'self-billed-credit-note') OR doc.buyer_id = $2
                THEN doc.seller_id ELSE doc.buyer_id END
        WHERE ${condition}
       ON CONFLICT (community_id, document_id) DO NOTHING
       RETURNING document_id AS "documentId", generation, status`,
      [id, COMMUNITY_PARTY_ID],
    );
    return rows
      .filter((row) => row.status === 'queued')
      .map(({ documentId, generation }) => ({ documentId, generation }));
  }

  async listOfRun(runId: string): Promise<DeliveryRecord[]> {
    return this.tx.query<DeliveryRecord>(
      `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE doc.run_id = $1
        ORDER BY doc.series, doc.year, doc.sequence, doc.issuer_id`,
      [runId],
    );
  }

  async find(documentId: string, lock = false): Promise<DeliveryRecord | undefined> {
    const [row] = await this.tx.query<DeliveryRecord>(
      `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.document_id = $1${lock ? ' FOR UPDATE OF d' : ''}`,
      [documentId],
    );
    return row;
  }

  /** Every delivery still `queued` (for the worker's sweep of work whose enqueue did not reach Redis). */
  async queued(): Promise<Array<{ documentId: string; generation: number }>> {
    return this.tx.query(
      `SELECT document_id AS "documentId", generation FROM document_deliveries WHERE status = 'queued'`,
    );
  }

  /**
   * Queues the document again (a resend) to the member's current e-mail, as the next generation; a member without
   * one is `no-address`. Returns the new generation, or undefined when it has no e-mail.
   */
  async requeue(documentId: string): Promise<number | undefined> {
    const result: unknown = await this.tx.query(
      `UPDATE document_deliveries d
          SET recipient = nullif(m.email, ''),
              status = CASE WHEN coalesce(m.email, '') = '' THEN 'no-address' ELSE 'queued' END,
              generation = d.generation + 1, attempts = 0, reason = NULL, sent_at = NULL,
              queued_at = now(), updated_at = now()
         FROM documents doc
         LEFT JOIN members m ON m.community_id = doc.community_id AND m.id::text =
           CASE WHEN doc.kind IN ('self-billed-invoice', 'self-billed-credit-note') OR doc.buyer_id = $2
                THEN doc.seller_id ELSE doc.buyer_id END
        WHERE d.document_id = $1 AND doc.community_id = d.community_id AND doc.id = d.document_id
       RETURNING d.generation, d.status`,
      [documentId, COMMUNITY_PARTY_ID],
    );
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as Array<{
      generation: number;
      status: DeliveryStatus;
    }>;
    const row = rows[0];
    return row?.status === 'queued' ? row.generation : undefined;
  }

  /** An attempt failed; `final`: no retry follows, the delivery is `failed`. Only the current generation counts. */
  async recordFailure(documentId: string, generation: number, reason: string, final: boolean): Promise<void> {
    await this.tx.query(
      `UPDATE document_deliveries
          SET attempts = attempts + 1, reason = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END,
              updated_at = now()
        WHERE document_id = $1 AND generation = $2 AND status = 'queued'`,
      [documentId, generation, reasonOf(reason), final],
    );
  }

  async recordSent(documentId: string, generation: number): Promise<void> {
    await this.tx.query(
      `UPDATE document_deliveries
          SET attempts = attempts + 1, status = 'sent', reason = NULL, sent_at = now(), updated_at = now()
        WHERE document_id = $1 AND generation = $2 AND status = 'queued'`,
      [documentId, generation],
    );
  }

  /** The stored language of the member's own login (`users.language`), if the member has one. */
  async languageOfMember(memberId: string): Promise<string | undefined> {
    const [row] = await this.tx.query<{ language: string }>(
      `SELECT u.language FROM memberships ms JOIN users u ON u.id = ms.user_id
        WHERE ms.member_id = $1 AND ms.role = 'member' ORDER BY ms.created_at LIMIT 1`,
      [memberId],
    );
    return row?.language;
  }
}
