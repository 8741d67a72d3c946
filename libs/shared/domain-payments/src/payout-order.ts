import { create } from 'xmlbuilder2';

import type { Halere, LocalDate } from '@sdilna/shared/domain-core';
import {
  formatCzkJson,
  ibanToCzechAccount,
  isValidIban,
  normalizeIban,
  parseCzechAccount,
} from '@sdilna/shared/domain-settlement';

/** One transfer to a producer: the account, the amount and the variable symbol of the document it pays. */
export interface PayoutItem {
  readonly documentId: string;
  readonly documentNumber: string;
  readonly variableSymbol: string;
  readonly creditorName: string;
  /** IBAN of the producer */
  readonly creditorIban: string;
  readonly amount: Halere;
}

export interface PayoutOrder {
  /** unique per community and file, ≤ 35 characters */
  readonly messageId: string;
  /** ISO date-time of creation, e.g. 2026-03-20T08:00:00Z */
  readonly createdAt: string;
  /** the day the bank is asked to pay */
  readonly executionDate: LocalDate;
  readonly debtorName: string;
  readonly debtorIban: string;
  readonly debtorBic?: string;
  readonly items: readonly PayoutItem[];
}

/**
 * SEPA credit transfer initiation, pain.001.001.03 in CZK, which Czech banks accept for domestic payments. The
 * variable symbol is stated the way the Czech Banking Association's XML standard reads it: `/VS<symbol>` as the
 * end-to-end id; the document number is the message for the payee.
 */
export function writePain001(order: PayoutOrder): string {
  const total = order.items.reduce((sum, item) => sum + item.amount, 0);
  const document = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03',
    'Document',
  );
  const initiation = document.ele('CstmrCdtTrfInitn');
  const header = initiation.ele('GrpHdr');
  header.ele('MsgId').txt(order.messageId.slice(0, 35));
  header.ele('CreDtTm').txt(order.createdAt.replace(/\.\d{3}Z$/, '').replace(/Z$/, ''));
  header.ele('NbOfTxs').txt(String(order.items.length));
  header.ele('CtrlSum').txt(formatCzkJson(total));
  header.ele('InitgPty').ele('Nm').txt(latin(order.debtorName, 70));
  const payment = initiation.ele('PmtInf');
  payment.ele('PmtInfId').txt(order.messageId.slice(0, 35));
  payment.ele('PmtMtd').txt('TRF');
  payment.ele('NbOfTxs').txt(String(order.items.length));
  payment.ele('CtrlSum').txt(formatCzkJson(total));
  payment.ele('ReqdExctnDt').txt(order.executionDate);
  payment.ele('Dbtr').ele('Nm').txt(latin(order.debtorName, 70));
  const debtorAccount = payment.ele('DbtrAcct');
  debtorAccount.ele('Id').ele('IBAN').txt(normalizeIban(order.debtorIban));
  debtorAccount.ele('Ccy').txt('CZK');
  const agent = payment.ele('DbtrAgt').ele('FinInstnId');
  if (order.debtorBic !== undefined) agent.ele('BIC').txt(order.debtorBic);
  else agent.ele('Othr').ele('Id').txt('NOTPROVIDED');
  for (const item of order.items) {
    const transfer = payment.ele('CdtTrfTxInf');
    const ids = transfer.ele('PmtId');
    ids.ele('InstrId').txt(item.documentNumber.slice(0, 35));
    ids.ele('EndToEndId').txt(`/VS${item.variableSymbol}`);
    transfer.ele('Amt').ele('InstdAmt', { Ccy: 'CZK' }).txt(formatCzkJson(item.amount));
    transfer.ele('Cdtr').ele('Nm').txt(latin(item.creditorName, 70));
    transfer.ele('CdtrAcct').ele('Id').ele('IBAN').txt(normalizeIban(item.creditorIban));
    transfer
      .ele('RmtInf')
      .ele('Ustrd')
      .txt(latin(`${item.documentNumber} VS ${item.variableSymbol}`, 140));
  }
  return document.end({ prettyPrint: true });
}

/** The Czech account of an IBAN for ABO; undefined for a foreign IBAN (ABO carries domestic payments only). */
export function aboAccountOf(iban: string): string | undefined {
  if (!normalizeIban(iban).startsWith('CZ') || !isValidIban(iban)) return undefined;
  return ibanToCzechAccount(iban);
}

/**
 * A payment order in the Czech banks' ABO format (KPC, "tuzemský platební styk"): the UHL1 header, one accounting
 * file (1 1501 = credit transfers) with one group (2) for the debtor's account and due date, one line per item
 * (`account amount VS bankcode+KS SS AV:message`), group end `3 +` and file end `5 +`. Amounts are haléře, lines
 * end with CRLF, text is ASCII.
 */
export function writeAbo(order: PayoutOrder & { readonly clientNumber?: string }): string {
  const debtor = aboAccountOf(order.debtorIban);
  if (debtor === undefined)
    throw new RangeError(`the community's IBAN ${order.debtorIban} is not Czech; ABO needs a Czech account`);
  const debtorAccount = parseCzechAccount(debtor);
  const created = ddmmyy(order.createdAt.slice(0, 10));
  const total = order.items.reduce((sum, item) => sum + item.amount, 0);
  const lines = [
    `UHL1${created}${latin(order.debtorName, 20).padEnd(20, ' ')}${(order.clientNumber ?? '0').padStart(10, '0').slice(-10)}001999000000000000`,
    // the file's number: its order within the day (one file a day) and the interval of UHL1
    `1 1501 001001 ${debtorAccount.bankCode}`,
    `2 ${accountField(debtorAccount)} ${String(total).padStart(14, '0')} ${ddmmyy(order.executionDate)}`,
    ...order.items.map((item) => {
      const czech = aboAccountOf(item.creditorIban);
      if (czech === undefined)
        throw new RangeError(`${item.creditorName}: ${item.creditorIban} is not a Czech IBAN`);
      const account = parseCzechAccount(czech);
      const message = latin(`${item.documentNumber}`, 35);
      return `${accountField(account)} ${item.amount} ${item.variableSymbol} ${account.bankCode}0000 0 AV:${message}`;
    }),
    '3 +',
    '5 +',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function accountField(account: { prefix: string; number: string }): string {
  return account.prefix === '' ? account.number : `${account.prefix}-${account.number}`;
}

function ddmmyy(date: string): string {
  return `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(2, 4)}`;
}

/** Bank files take a safe subset of Latin: diacritics are dropped and anything else becomes a space. */
function latin(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 /\-?:().,'+]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
