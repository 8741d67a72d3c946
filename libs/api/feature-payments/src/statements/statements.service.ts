import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import iconv from 'iconv-lite';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { AuditLog, CommunityAccess } from '@sdilna/api/data-access-registry';
import {
  DocumentStore,
  PaymentStore,
  SettlementSettingsStore,
  sideOf,
} from '@sdilna/api/data-access-settlement';
import type { Principal } from '@sdilna/api/util-auth';
import { pragueToday } from '@sdilna/api/util-registry';
import {
  matchEntries,
  parseCamt053,
  parseGpc,
  paymentOutcome,
  StatementError,
  type BankStatement,
  type MatchCandidate,
} from '@sdilna/shared/domain-payments';
import { ibanToCzechAccount, normalizeIban } from '@sdilna/shared/domain-settlement';
import {
  moneyText,
  type BankEntryResponse,
  type BankStatementResponse,
  type PaymentOutcomeWord,
  type StatementUploadResponse,
} from '@sdilna/shared/util-api-contract';

import { PaymentsException } from '../payments.exception';
import {
  BankStatementStore,
  storedKey,
  type EntryRecord,
  type StatementRecord,
} from './bank-statement-store';

export interface UploadedStatement {
  readonly originalname: string;
  readonly buffer: Buffer;
}

/**
 * Bank statements: an upload is parsed whole before anything is stored (a malformed file stores nothing), then,
 * in one transaction, the statement and the entries its account has not seen are stored and matched to documents
 * by variable symbol. The same file again finds its hash and changes nothing; an overlapping statement adds only
 * the entries that are new. Entries left unmatched wait for the administrator, whose assignment is audited.
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly database: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly audit: AuditLog,
  ) {}

  async upload(
    principal: Principal,
    communityId: string,
    file: UploadedStatement | undefined,
  ): Promise<StatementUploadResponse> {
    if (file === undefined || file.buffer.length === 0) {
      throw new PaymentsException(
        'STATEMENT_FILE_MISSING',
        'Send the statement as multipart field "file" (camt.053 XML or ABO/GPC)',
      );
    }
    const parsed = parseStatement(file.buffer);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    return this.database.run(communityId, async (tx) => {
      const access = await this.access.resolveIn(tx, principal);
      this.access.requireAdmin(access);
      const statements = tx.store(BankStatementStore);
      await statements.lock();
      const earlier = await statements.findByHash(sha256);
      if (earlier) {
        return {
          statement: statementView(earlier),
          duplicate: true,
          entries: [],
          alreadyBooked: earlier.entryCount,
        };
      }
      await this.checkAccount(tx, parsed);
      const known = await statements.knownKeys(parsed.account, parsed.entries.map(storedKey));
      const fresh = parsed.entries.filter((entry) => !known.has(storedKey(entry)));
      const statement = await statements.insertStatement({
        parsed,
        fileName: file.originalname.slice(0, 255) || 'statement',
        sha256,
        newEntryCount: fresh.length,
        uploadedBy: principal.userId,
      });
      const matches = matchEntries(fresh, await this.candidates(tx));
      const payments = tx.store(PaymentStore);
      const outcomes: Array<{ id: string; outcome: PaymentOutcomeWord | 'unmatched' }> = [];
      for (const [index, entry] of fresh.entries()) {
        const id = await statements.insertEntry(statement.id, parsed.account, entry);
        const match = matches[index];
        if (match?.kind === 'matched') {
          await payments.book({
            documentId: match.documentId,
            source: 'bank',
            amount: entry.amount,
            bankEntryId: id,
            paidAt: entry.bookingDate,
          });
        }
        outcomes.push({ id, outcome: match?.kind === 'matched' ? match.outcome : 'unmatched' });
      }
      const stored = new Map((await statements.entries({ statementId: statement.id })).map((e) => [e.id, e]));
      const entries = outcomes.map(({ id, outcome }) => ({
        ...entryView(stored.get(id) as EntryRecord),
        outcome,
      }));
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'upload',
        entity: 'bank-statement',
        entityId: statement.id,
        before: null,
        after: {
          fileName: statement.fileName,
          format: statement.format,
          account: statement.account,
          entries: parsed.entries.length,
          newEntries: fresh.length,
          matched: outcomes.filter((o) => o.outcome !== 'unmatched').length,
          unmatched: outcomes.filter((o) => o.outcome === 'unmatched').length,
        },
      });
      return {
        statement: statementView(statement),
        duplicate: false,
        entries,
        alreadyBooked: parsed.entries.length - fresh.length,
      };
    });
  }

  async list(principal: Principal, communityId: string): Promise<BankStatementResponse[]> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return (await tx.store(BankStatementStore).list()).map(statementView);
    });
  }

  async entries(
    principal: Principal,
    communityId: string,
    filter: { unmatched?: boolean; statementId?: string },
  ): Promise<BankEntryResponse[]> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      return (await tx.store(BankStatementStore).entries(filter)).map(entryView);
    });
  }

  /** Books an unmatched entry as a payment of the document the administrator names; audited. */
  async assign(
    principal: Principal,
    communityId: string,
    entryId: string,
    documentId: string,
  ): Promise<BankEntryResponse & { outcome: PaymentOutcomeWord }> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const statements = tx.store(BankStatementStore);
      await statements.lockEntry(entryId);
      const [entry] = await statements.entries({ entryId });
      if (!entry) throw new PaymentsException('BANK_ENTRY_NOT_FOUND', 'No such statement entry');
      if (entry.documentId !== null) {
        throw new PaymentsException(
          'BANK_ENTRY_ALREADY_ASSIGNED',
          `The entry already pays ${entry.documentNumber ?? entry.documentId}; remove that assignment first`,
        );
      }
      const found = await tx.store(DocumentStore).find(documentId);
      if (!found) throw new PaymentsException('DOCUMENT_NOT_FOUND', 'No such document');
      const [state] = await tx.store(PaymentStore).states([found.record], pragueToday());
      const outcome = paymentOutcome(state?.outstanding ?? 0, entry.amount);
      await tx.store(PaymentStore).book({
        documentId,
        source: 'bank',
        amount: entry.amount,
        bankEntryId: entry.id,
        assignedBy: principal.userId,
        paidAt: entry.bookingDate,
      });
      await this.audit.recordIn(tx, {
        actorUserId: principal.userId,
        action: 'update',
        entity: 'bank-entry',
        entityId: entry.id,
        before: { documentId: null },
        after: {
          documentId,
          documentNumber: found.record.number,
          amount: moneyText(entry.amount),
          bookingDate: entry.bookingDate,
          outcome,
        },
      });
      const [assigned] = await statements.entries({ entryId });
      return { ...entryView(assigned as EntryRecord), outcome };
    });
  }

  /** Takes a manual or automatic assignment back: the entry is unmatched again; audited. */
  async unassign(principal: Principal, communityId: string, entryId: string): Promise<BankEntryResponse> {
    return this.database.run(communityId, async (tx) => {
      this.access.requireAdmin(await this.access.resolveIn(tx, principal));
      const statements = tx.store(BankStatementStore);
      await statements.lockEntry(entryId);
      const [entry] = await statements.entries({ entryId });
      if (!entry) throw new PaymentsException('BANK_ENTRY_NOT_FOUND', 'No such statement entry');
      if (entry.documentId !== null) {
        await tx.query(`DELETE FROM document_payments WHERE bank_entry_id = $1`, [entryId]);
        await this.audit.recordIn(tx, {
          actorUserId: principal.userId,
          action: 'update',
          entity: 'bank-entry',
          entityId: entry.id,
          before: { documentId: entry.documentId, documentNumber: entry.documentNumber },
          after: { documentId: null },
        });
      }
      const [after] = await statements.entries({ entryId });
      return entryView(after as EntryRecord);
    });
  }

  /** A statement of another account than the community's own (settlement settings) is refused. */
  private async checkAccount(tx: TenantTransaction, statement: BankStatement): Promise<void> {
    const settings = await tx.store(SettlementSettingsStore).get();
    if (settings.iban === null) return;
    const own = normalizeIban(settings.iban);
    const ownCzech = own.startsWith('CZ') ? ibanToCzechAccount(own) : undefined;
    const matches =
      statement.format === 'camt053'
        ? normalizeIban(statement.account) === own || statement.account === ownCzech
        : ownCzech !== undefined && ownCzech.replace(/\/\d{4}$/, '') === statement.account;
    if (!matches) {
      throw new PaymentsException(
        'STATEMENT_ACCOUNT_MISMATCH',
        `The statement is of account ${statement.account}; the community's account is ${ownCzech ?? own} (settlement settings)`,
      );
    }
  }

  /** Every issued document with what it still owes: the candidates a statement's entries are matched to. */
  private async candidates(tx: TenantTransaction): Promise<MatchCandidate[]> {
    const records = await tx.store(DocumentStore).list();
    const states = await tx.store(PaymentStore).states(records, pragueToday());
    return records.map((record, index) => ({
      documentId: record.id,
      variableSymbol: record.variableSymbol,
      side: sideOf(record),
      outstanding: states[index]?.outstanding ?? 0,
    }));
  }
}

/** camt.053 when the file is XML, GPC when its first record is 074; the error says which line or element is wrong. */
export function parseStatement(bytes: Buffer): BankStatement {
  const text = decode(bytes);
  const start = text.replace(/^\uFEFF/, '').trimStart();
  try {
    if (start.startsWith('<')) return parseCamt053(text);
    if (start.startsWith('074')) return parseGpc(text);
  } catch (error) {
    if (error instanceof StatementError) {
      throw new PaymentsException(
        error.code,
        error.message,
        error.where !== undefined ? { where: error.where } : undefined,
      );
    }
    throw error;
  }
  throw new PaymentsException(
    'STATEMENT_UNSUPPORTED',
    'line 1: the file is neither camt.053 XML nor an ABO/GPC statement (its first record is 074)',
    { where: 'line 1' },
  );
}

/** UTF-8 when the bytes are UTF-8; otherwise windows-1250, what Czech banks write GPC (and older XML) in. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'win1250');
  }
}

function statementView(record: StatementRecord): BankStatementResponse {
  return {
    id: record.id,
    format: record.format,
    fileName: record.fileName,
    account: record.account,
    ...(record.bankStatementId !== null ? { bankStatementId: record.bankStatementId } : {}),
    ...(record.from !== null ? { from: record.from } : {}),
    ...(record.to !== null ? { to: record.to } : {}),
    entryCount: record.entryCount,
    newEntryCount: record.newEntryCount,
    uploadedAt: record.uploadedAt.toISOString(),
  };
}

export function entryView(record: EntryRecord): BankEntryResponse {
  const optional = {
    variableSymbol: record.variableSymbol,
    constantSymbol: record.constantSymbol,
    specificSymbol: record.specificSymbol,
    counterpartyName: record.counterpartyName,
    counterpartyAccount: record.counterpartyAccount,
    message: record.message,
    bankReference: record.bankReference,
    documentId: record.documentId,
    documentNumber: record.documentNumber,
  };
  return {
    id: record.id,
    statementId: record.statementId,
    direction: record.direction,
    amount: moneyText(record.amount),
    currency: record.currency,
    bookingDate: record.bookingDate,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== null)),
    ...(record.documentId !== null
      ? { matchedBy: record.assignedBy !== null ? ('manual' as const) : ('variable-symbol' as const) }
      : {}),
  };
}
