import { create } from 'xmlbuilder2';

/** One entry of a generated statement: money in (CRDT) or out (DBIT). */
export interface Camt053Entry {
  readonly amount: string;
  readonly direction?: 'CRDT' | 'DBIT';
  readonly bookingDate: string;
  /** the bank's reference; without one the parser falls back to a fingerprint */
  readonly reference?: string;
  readonly variableSymbol?: string;
  readonly debtorName?: string;
  readonly message?: string;
}

/**
 * A camt.053.001.02 statement of `iban` as a Czech bank writes it: the variable symbol in the end-to-end id
 * (`/VS…`), the bank's reference as AcctSvcrRef. For tests that need a statement of the documents they issued.
 */
export function camt053Statement(
  iban: string,
  statementId: string,
  entries: readonly Camt053Entry[],
): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02',
    'Document',
  );
  const root = document.ele('BkToCstmrStmt');
  const header = root.ele('GrpHdr');
  header.ele('MsgId').txt(statementId);
  header.ele('CreDtTm').txt('2026-12-31T06:00:00');
  const statement = root.ele('Stmt');
  statement.ele('Id').txt(statementId);
  statement.ele('CreDtTm').txt('2026-12-31T06:00:00');
  statement.ele('Acct').ele('Id').ele('IBAN').txt(iban);
  for (const [code, amount] of [
    ['OPBD', '0.00'],
    ['CLBD', '0.00'],
  ] as const) {
    const balance = statement.ele('Bal');
    balance.ele('Tp').ele('CdOrPrtry').ele('Cd').txt(code);
    balance.ele('Amt', { Ccy: 'CZK' }).txt(amount);
    balance.ele('CdtDbtInd').txt('CRDT');
    balance
      .ele('Dt')
      .ele('Dt')
      .txt(entries[0]?.bookingDate ?? '2026-12-01');
  }
  for (const entry of entries) {
    const ntry = statement.ele('Ntry');
    ntry.ele('Amt', { Ccy: 'CZK' }).txt(entry.amount);
    ntry.ele('CdtDbtInd').txt(entry.direction ?? 'CRDT');
    ntry.ele('Sts').txt('BOOK');
    ntry.ele('BookgDt').ele('Dt').txt(entry.bookingDate);
    ntry.ele('ValDt').ele('Dt').txt(entry.bookingDate);
    if (entry.reference !== undefined) ntry.ele('AcctSvcrRef').txt(entry.reference);
    const domain = ntry.ele('BkTxCd').ele('Domn');
    domain.ele('Cd').txt('PMNT');
    const family = domain.ele('Fmly');
    family.ele('Cd').txt(entry.direction === 'DBIT' ? 'ICDT' : 'RCDT');
    family.ele('SubFmlyCd').txt('DMCT');
    const details = ntry.ele('NtryDtls').ele('TxDtls');
    if (entry.variableSymbol !== undefined) {
      details.ele('Refs').ele('EndToEndId').txt(`/VS${entry.variableSymbol}`);
    }
    if (entry.debtorName !== undefined) details.ele('RltdPties').ele('Dbtr').ele('Nm').txt(entry.debtorName);
    if (entry.message !== undefined) details.ele('RmtInf').ele('Ustrd').txt(entry.message);
  }
  return document.end({ prettyPrint: true });
}
