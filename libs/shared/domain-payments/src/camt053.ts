import { XMLParser, XMLValidator } from 'fast-xml-parser';

import {
  cleanSymbol,
  fingerprintKeys,
  parseDecimalAmount,
  StatementError,
  symbolIn,
  type BankEntry,
  type BankStatement,
} from './bank-statement';

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})$/;

/** A parsed element: children by local name, text under `#text`, attributes under `@_name`. */
type Node = { readonly [name: string]: unknown };

const ALWAYS_LISTS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'CdtrRefInf']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ALWAYS_LISTS.has(name),
});

/**
 * Reads an ISO 20022 camt.053 (BankToCustomerStatement, versions 001.02 to 001.08 share what is read here) as
 * Czech banks export it. The XML is checked for well-formedness first (the error names line and column), then
 * every element read is required where the schema requires it (the error names the element's path). Only booked
 * entries (`Sts` BOOK) are returned. Czech payment symbols come from the structured creditor reference, the
 * end-to-end id or the unstructured remittance text ("/VS/126000001", "VS:126000001").
 */
export function parseCamt053(xml: string): BankStatement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const where = `line ${valid.err.line}, column ${valid.err.col}`;
    throw new StatementError('STATEMENT_MALFORMED', `${where}: ${valid.err.msg}`, where);
  }
  const root = parseRoot(xml);
  const document = child(root, 'Document', '');
  // the parser drops namespace declarations with their prefixes; the root element's own is read from the text
  const namespace = /<(?:[\w.-]+:)?Document\b[^>]*?\sxmlns(?::[\w.-]+)?="([^"]*)"/.exec(xml)?.[1];
  if (namespace === undefined || !NAMESPACE.test(namespace)) {
    throw new StatementError(
      'STATEMENT_UNSUPPORTED',
      `Document: namespace "${namespace ?? ''}" is not camt.053 (urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)`,
      'Document',
    );
  }
  const statements = list(child(document, 'BkToCstmrStmt', 'Document'), 'Stmt');
  if (statements.length === 0) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      'Document/BkToCstmrStmt: no Stmt element; a statement has at least one',
      'Document/BkToCstmrStmt',
    );
  }
  let account: string | undefined;
  const entries: Array<Omit<BankEntry, 'key'> & { key?: string }> = [];
  let statementId: string | undefined;
  let from: string | undefined;
  let to: string | undefined;
  statements.forEach((statement, s) => {
    const path = `Document/BkToCstmrStmt/Stmt[${s + 1}]`;
    statementId ??= required(statement, 'Id', path);
    const statementAccount = accountOf(child(statement, 'Acct', path), `${path}/Acct`);
    if (statementAccount === undefined) {
      throw new StatementError(
        'STATEMENT_MALFORMED',
        `${path}/Acct/Id: neither IBAN nor Othr/Id`,
        `${path}/Acct/Id`,
      );
    }
    if (account !== undefined && account !== statementAccount) {
      throw new StatementError(
        'STATEMENT_UNSUPPORTED',
        `${path}/Acct: the file holds statements of two accounts (${account}, ${statementAccount}); upload one account per file`,
        `${path}/Acct`,
      );
    }
    account = statementAccount;
    const period = optionalChild(statement, 'FrToDt');
    if (period) {
      const fromDate = dateOf(text(period, 'FrDtTm'));
      const toDate = dateOf(text(period, 'ToDtTm'));
      if (fromDate !== undefined && (from === undefined || fromDate < from)) from = fromDate;
      if (toDate !== undefined && (to === undefined || toDate > to)) to = toDate;
    }
    list(statement, 'Ntry').forEach((entry, e) => {
      const read = readEntry(entry, `${path}/Ntry[${e + 1}]`);
      if (read) entries.push(read);
    });
  });
  return {
    format: 'camt053',
    account: account as string,
    ...(statementId !== undefined ? { statementId } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    entries: fingerprintKeys(entries),
  };
}

function parseRoot(xml: string): Node {
  try {
    return parser.parse(xml) as Node;
  } catch (error) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `The XML could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readEntry(entry: Node, path: string): (Omit<BankEntry, 'key'> & { key?: string }) | undefined {
  const status = statusOf(entry, path);
  if (status !== 'BOOK') return undefined;
  const amountNode = child(entry, 'Amt', path);
  const currency = text(amountNode, '@_Ccy');
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) {
    throw new StatementError('STATEMENT_MALFORMED', `${path}/Amt: attribute Ccy is missing`, `${path}/Amt`);
  }
  const amount = parseDecimalAmount(text(amountNode, '#text') ?? '', `${path}/Amt`);
  const indicator = required(entry, 'CdtDbtInd', path);
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `${path}/CdtDbtInd: "${indicator}" is neither CRDT nor DBIT`,
      `${path}/CdtDbtInd`,
    );
  }
  const booking = child(entry, 'BookgDt', path);
  const bookingDate = dateOf(text(booking, 'Dt') ?? text(booking, 'DtTm'));
  if (bookingDate === undefined) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `${path}/BookgDt: neither Dt nor DtTm holds a date`,
      `${path}/BookgDt`,
    );
  }
  const direction = indicator === 'CRDT' ? 'credit' : 'debit';
  const details = list(list(entry, 'NtryDtls')[0] ?? {}, 'TxDtls')[0] ?? {};
  const refs = optionalChild(details, 'Refs') ?? {};
  const remittance = optionalChild(details, 'RmtInf') ?? {};
  const unstructured = list(remittance, 'Ustrd')
    .map((line) => (typeof line === 'string' ? line : (text(line, '#text') ?? '')))
    .join(' ')
    .trim();
  const structuredRefs = list(remittance, 'Strd').flatMap((strd) =>
    list(strd, 'CdtrRefInf').map((ref) => text(ref, 'Ref') ?? ''),
  );
  const endToEnd = text(refs, 'EndToEndId');
  const sources = [...structuredRefs, endToEnd, unstructured].filter(
    (value): value is string => value !== undefined && value !== '' && value !== 'NOTPROVIDED',
  );
  const variableSymbol =
    firstOf(sources, (source) => symbolIn(source, 'VS')) ??
    firstOf(structuredRefs, (ref) => cleanSymbol(ref)) ??
    (endToEnd !== undefined ? cleanSymbol(endToEnd) : undefined);
  const constantSymbol = firstOf(sources, (source) => symbolIn(source, 'KS'));
  const specificSymbol = firstOf(sources, (source) => symbolIn(source, 'SS'));
  const parties = optionalChild(details, 'RltdPties') ?? {};
  // the other side: who paid us (credit) or whom we paid (debit)
  const party = optionalChild(parties, direction === 'credit' ? 'Dbtr' : 'Cdtr');
  const partyAccount = optionalChild(parties, direction === 'credit' ? 'DbtrAcct' : 'CdtrAcct');
  const counterpartyName = party ? text(party, 'Nm') : undefined;
  const counterpartyAccount = partyAccount
    ? accountOf(partyAccount, `${path}/NtryDtls/TxDtls/RltdPties`)
    : undefined;
  const reference = text(entry, 'AcctSvcrRef') ?? text(refs, 'AcctSvcrRef');
  return {
    ...(reference !== undefined ? { key: `ref:${reference}`, bankReference: reference } : {}),
    direction,
    amount,
    currency,
    bookingDate,
    ...(variableSymbol !== undefined ? { variableSymbol } : {}),
    ...(constantSymbol !== undefined ? { constantSymbol } : {}),
    ...(specificSymbol !== undefined ? { specificSymbol } : {}),
    ...(counterpartyName !== undefined ? { counterpartyName } : {}),
    ...(counterpartyAccount !== undefined ? { counterpartyAccount } : {}),
    ...(unstructured !== '' ? { message: unstructured } : {}),
  };
}

/** 001.02 states the status as a code (`<Sts>BOOK</Sts>`), later versions as `<Sts><Cd>BOOK</Cd></Sts>`. */
function statusOf(entry: Node, path: string): string {
  const status = entry['Sts'];
  if (typeof status === 'string') return status;
  if (status !== undefined && typeof status === 'object') {
    const code = text(status as Node, 'Cd');
    if (code !== undefined) return code;
  }
  throw new StatementError(
    'STATEMENT_MALFORMED',
    `${path}/Sts: missing; expected BOOK, PDNG or INFO`,
    `${path}/Sts`,
  );
}

function accountOf(account: Node, path: string): string | undefined {
  const id = optionalChild(account, 'Id');
  if (!id) return undefined;
  const iban = text(id, 'IBAN');
  if (iban !== undefined) return iban.replace(/\s+/g, '').toUpperCase();
  const other = optionalChild(id, 'Othr');
  const otherId = other ? text(other, 'Id') : undefined;
  if (otherId === undefined && other) {
    throw new StatementError('STATEMENT_MALFORMED', `${path}/Id/Othr: Id is missing`, `${path}/Id/Othr`);
  }
  return otherId;
}

function firstOf(values: readonly string[], read: (value: string) => string | undefined): string | undefined {
  for (const value of values) {
    const found = read(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

function dateOf(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1];
}

function optionalChild(node: Node, name: string): Node | undefined {
  const value = node[name];
  if (Array.isArray(value)) return value[0] as Node | undefined;
  if (value !== undefined && value !== null && typeof value === 'object') return value as Node;
  if (typeof value === 'string') return { '#text': value };
  return undefined;
}

function child(node: Node, name: string, path: string): Node {
  const found = optionalChild(node, name);
  if (!found) {
    const where = path === '' ? name : `${path}/${name}`;
    throw new StatementError('STATEMENT_MALFORMED', `${where}: missing`, where);
  }
  return found;
}

function list(node: Node, name: string): Node[] {
  const value = node[name];
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map((item) =>
    typeof item === 'string' ? ({ '#text': item } as Node) : (item as Node),
  );
}

function text(node: Node, name: string): string | undefined {
  const value = node[name];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const inner = (value as Node)['#text'];
    return typeof inner === 'string' && inner !== '' ? inner : undefined;
  }
  return undefined;
}

function required(node: Node, name: string, path: string): string {
  const value = text(node, name);
  if (value === undefined) {
    throw new StatementError('STATEMENT_MALFORMED', `${path}/${name}: missing`, `${path}/${name}`);
  }
  return value;
}
