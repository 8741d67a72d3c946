import type { TenantTransaction } from '@sdilna/api/data-access-db';
import { numberingKey, parseDocumentNumber, type SettlementDocument } from '@sdilna/shared/domain-settlement';

import type { DocumentRecord } from './settlement-records';

/** A document's row as selected by DOCUMENT_COLUMNS: named as the record names it; money (numeric) comes as text. */
type DocumentRow = Omit<DocumentRecord, 'net' | 'vat' | 'gross'> & {
  net: string;
  vat: string;
  gross: string;
};

const DOCUMENT_COLUMNS = `id, run_id AS "runId", kind, number, variable_symbol AS "variableSymbol", issuer_id AS "issuerId",
  seller_id AS "sellerId", buyer_id AS "buyerId", issue_date::text AS "issueDate", due_date::text AS "dueDate",
  period_from::text AS "periodFrom", period_to::text AS "periodTo", net, vat, gross,
  corrects_document_id AS "correctsDocumentId", created_at AS "createdAt"`;

function toRecord(row: DocumentRow): DocumentRecord {
  return { ...row, net: Number(row.net), vat: Number(row.vat), gross: Number(row.gross) };
}

export interface DocumentFilter {
  readonly runId?: string;
  /** only documents where one of these parties is seller or buyer (undefined: all) */
  readonly partyIds?: readonly string[];
  readonly kind?: string;
}

/**
 * Issued documents and their gapless numbering, bound to one tenant transaction. Documents are only ever
 * inserted: triggers refuse UPDATE and DELETE for the application role.
 */
export class DocumentStore {
  constructor(private readonly tx: TenantTransaction) {}

  /**
   * Locks the counters of the given (issuer, series, year) sequences for the rest of the transaction and returns
   * their last sequences. Keys are locked in sorted order, so two finalisations never deadlock.
   */
  async lockCounters(
    sequences: readonly { issuerId: string; series: string; year: number }[],
  ): Promise<Map<string, number>> {
    const unique = [
      ...new Map(sequences.map((s) => [numberingKey(s.issuerId, s.series, s.year), s])).values(),
    ].sort((a, b) =>
      numberingKey(a.issuerId, a.series, a.year) < numberingKey(b.issuerId, b.series, b.year) ? -1 : 1,
    );
    const last = new Map<string, number>();
    for (const sequence of unique) {
      await this.tx.query(
        `INSERT INTO document_counters (community_id, issuer_id, series, year, last_sequence) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT DO NOTHING`,
        [this.tx.communityId, sequence.issuerId, sequence.series, sequence.year],
      );
      const [row] = await this.tx.query<{ last_sequence: number }>(
        `SELECT last_sequence FROM document_counters
          WHERE issuer_id = $1 AND series = $2 AND year = $3 FOR UPDATE`,
        [sequence.issuerId, sequence.series, sequence.year],
      );
      last.set(numberingKey(sequence.issuerId, sequence.series, sequence.year), row?.last_sequence ?? 0);
    }
    return last;
  }

  /**
   * Serialises every action on one issued document (its cancellation) until the transaction ends: the second of
   * two parallel corrections waits here and then sees the first one's corrective document.
   */
  async lockDocument(documentId: string): Promise<void> {
    await this.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [
      `${this.tx.communityId}:document:${documentId}`,
    ]);
  }

  async saveCounters(lastSequences: ReadonlyMap<string, number>): Promise<void> {
    for (const [key, sequence] of lastSequences) {
      const [issuerId, series, year] = key.split('|') as [string, string, string];
      await this.tx.query(
        `UPDATE document_counters SET last_sequence = $4
          WHERE issuer_id = $1 AND series = $2 AND year = $3 AND last_sequence <> $4`,
        [issuerId, series, Number(year), sequence],
      );
    }
  }

  async insert(
    runId: string,
    documents: readonly SettlementDocument[],
    correctsDocumentId: string | null = null,
  ): Promise<void> {
    for (const document of documents) {
      if (document.number === undefined || document.variableSymbol === undefined) {
        throw new Error(`document ${document.uuid} has no number; issue it before storing`);
      }
      const parts = parseDocumentNumber(document.number);
      await this.tx.query(
        `INSERT INTO documents (community_id, id, run_id, kind, isdoc_type, issuer_id, series, year, sequence, number,
            variable_symbol, issue_date, due_date, period_from, period_to, seller_id, buyer_id, net, vat, gross,
            corrects_document_id, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13::date, $14::date, $15::date, $16, $17, $18,
                 $19, $20, $21, $22::jsonb)`,
        [
          this.tx.communityId,
          document.uuid,
          runId,
          document.kind,
          document.isdocDocumentType,
          document.issuerId,
          parts.series,
          parts.year,
          parts.sequence,
          document.number,
          document.variableSymbol,
          document.issueDate,
          document.dueDate,
          document.period.from,
          document.period.to,
          document.seller.id,
          document.buyer.id,
          document.totals.net,
          document.totals.vat,
          document.totals.gross,
          // a correction names its original in its body; a caller may state it explicitly (the storno)
          correctsDocumentId ?? document.corrects?.uuid ?? null,
          JSON.stringify(document),
        ],
      );
    }
  }

  async list(filter: DocumentFilter = {}): Promise<DocumentRecord[]> {
    const rows = await this.tx.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents
        WHERE ($1::uuid IS NULL OR run_id = $1)
          AND ($2::text[] IS NULL OR seller_id = ANY($2) OR buyer_id = ANY($2))
          AND ($3::text IS NULL OR kind = $3)
        ORDER BY issue_date DESC, series, number`,
      [filter.runId ?? null, filter.partyIds ?? null, filter.kind ?? null],
    );
    return rows.map(toRecord);
  }

  async find(
    documentId: string,
  ): Promise<{ record: DocumentRecord; document: SettlementDocument } | undefined> {
    const rows = await this.tx.query<DocumentRow & { body: SettlementDocument }>(
      `SELECT ${DOCUMENT_COLUMNS}, body FROM documents WHERE id = $1`,
      [documentId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { body, ...columns } = row;
    return { record: toRecord(columns), document: body };
  }

  /**
   * Full documents issued from `from` to `to` (issue dates, inclusive), in issue-date and number order (the
   * accounting export of a date range).
   */
  async documentsIssuedBetween(from: string, to: string): Promise<SettlementDocument[]> {
    const rows = await this.tx.query<{ body: SettlementDocument }>(
      `SELECT body FROM documents WHERE issue_date BETWEEN $1 AND $2
        ORDER BY issue_date, series, year, sequence, issuer_id`,
      [from, to],
    );
    return rows.map((row) => row.body);
  }

  /** Full documents of a run, in number order (for the accounting export). */
  async documentsOfRun(runId: string): Promise<SettlementDocument[]> {
    const rows = await this.tx.query<{ body: SettlementDocument }>(
      `SELECT body FROM documents WHERE run_id = $1 ORDER BY series, year, sequence, issuer_id`,
      [runId],
    );
    return rows.map((row) => row.body);
  }
}
