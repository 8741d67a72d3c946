import {
  cleanSymbol,
  fingerprintKeys,
  StatementError,
  type BankEntry,
  type BankStatement,
} from './bank-statement';

/**
 * The fields of the GPC ("ABO") statement as the Czech banks publish the layout: fixed positions, 1-based and
 * inclusive, in 128-character records. Record 074 is the statement header, 075 one booked item; 076, 078 and
 * 079 add optional texts to the item before them.
 */
const HEADER = {
  account: [4, 19],
  name: [20, 39],
  oldBalanceDate: [40, 45],
  newBalance: [61, 74],
  newBalanceSign: [75, 75],
  number: [106, 108],
  date: [109, 114],
} as const;

const ITEM = {
  account: [4, 19],
  counterAccount: [20, 35],
  transactionId: [36, 48],
  amount: [49, 60],
  code: [61, 61],
  variableSymbol: [62, 71],
  counterBankAndConstant: [72, 81],
  specificSymbol: [82, 91],
  valueDate: [92, 97],
  counterpartyName: [98, 117],
  currency: [119, 122],
  dueDate: [123, 128],
} as const;

type Span = readonly [number, number];

/** ISO 4217 numeric codes GPC writes in positions 119–122 ("0203" is CZK). */
const CURRENCIES: Readonly<Record<string, string>> = { '0203': 'CZK', '0978': 'EUR', '0840': 'USD' };

/**
 * Reads a GPC statement (text already decoded; banks write windows-1250). Every error names the line and, for a
 * field, its positions. Accounting codes 1 (debit) and 2 (credit) are entries; 4 and 5 (a reversal of a debit or
 * credit) are booked in the opposite direction.
 */
export function parseGpc(content: string): BankStatement {
  const lines = content.split(/\r?\n/);
  let account: string | undefined;
  let statementId: string | undefined;
  let to: string | undefined;
  let from: string | undefined;
  const entries: Array<Omit<BankEntry, 'key'> & { key?: string; message?: string }> = [];
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    const type = line.slice(0, 3);
    const at = (span: Span, _what: string) => field(line, span);
    if (type === '074') {
      if (line.length < HEADER.date[1]) tooShort(lineNumber, type, HEADER.date[1], line.length);
      account = accountText(digits(at(HEADER.account, 'account'), lineNumber, HEADER.account, 'account'));
      statementId = String(
        Number(digits(at(HEADER.number, 'statement number'), lineNumber, HEADER.number, 'statement number')),
      );
      to = date(at(HEADER.date, 'statement date'), lineNumber, HEADER.date, 'statement date');
      const previous = date(
        at(HEADER.oldBalanceDate, 'old balance date'),
        lineNumber,
        HEADER.oldBalanceDate,
        'old balance date',
      );
      from ??= nextDay(previous);
      return;
    }
    if (type === '075') {
      if (account === undefined) {
        throw new StatementError(
          'STATEMENT_MALFORMED',
          `line ${lineNumber}: an item record 075 before the header record 074`,
          `line ${lineNumber}`,
        );
      }
      if (line.length < ITEM.valueDate[1]) tooShort(lineNumber, type, ITEM.valueDate[1], line.length);
      const amount = Number(digits(at(ITEM.amount, 'amount'), lineNumber, ITEM.amount, 'amount'));
      const code = at(ITEM.code, 'accounting code');
      if (!['1', '2', '4', '5'].includes(code)) {
        throw new StatementError(
          'STATEMENT_MALFORMED',
          `line ${lineNumber}, position ${ITEM.code[0]} (accounting code): "${code}" is not 1, 2, 4 or 5`,
          `line ${lineNumber}`,
        );
      }
      if (amount <= 0) {
        throw new StatementError(
          'STATEMENT_MALFORMED',
          `line ${lineNumber}, positions ${ITEM.amount[0]}–${ITEM.amount[1]} (amount): an item of zero`,
          `line ${lineNumber}`,
        );
      }
      const bookingDate = date(at(ITEM.valueDate, 'value date'), lineNumber, ITEM.valueDate, 'value date');
      const counterAccount = digits(
        at(ITEM.counterAccount, 'counter-account'),
        lineNumber,
        ITEM.counterAccount,
        'counter-account',
      );
      const bankAndConstant = at(ITEM.counterBankAndConstant, 'bank code and constant symbol').padEnd(
        10,
        '0',
      );
      const bankCode = bankAndConstant.slice(2, 6);
      const transactionId = at(ITEM.transactionId, 'transaction id').trim();
      const currencyCode = line.length >= ITEM.currency[1] ? at(ITEM.currency, 'currency') : '0203';
      const currency = CURRENCIES[currencyCode];
      if (currency === undefined) {
        throw new StatementError(
          'STATEMENT_MALFORMED',
          `line ${lineNumber}, positions ${ITEM.currency[0]}–${ITEM.currency[1]} (currency): "${currencyCode}" is not a known ISO 4217 code`,
          `line ${lineNumber}`,
        );
      }
      const variableSymbol = cleanSymbol(at(ITEM.variableSymbol, 'variable symbol'));
      const constantSymbol = cleanSymbol(bankAndConstant.slice(6, 10));
      const specificSymbol = cleanSymbol(at(ITEM.specificSymbol, 'specific symbol'));
      const name = line.length >= ITEM.counterpartyName[0] ? at(ITEM.counterpartyName, 'name').trim() : '';
      const counterparty = accountText(counterAccount);
      entries.push({
        ...(/^0*$/.test(transactionId) ? {} : { key: `gpc:${transactionId}`, bankReference: transactionId }),
        // 1 debit, 2 credit; 4 reverses a debit (money back in), 5 reverses a credit (money out)
        direction: code === '2' || code === '4' ? 'credit' : 'debit',
        amount,
        currency,
        bookingDate,
        ...(variableSymbol !== undefined ? { variableSymbol } : {}),
        ...(constantSymbol !== undefined ? { constantSymbol } : {}),
        ...(specificSymbol !== undefined ? { specificSymbol } : {}),
        ...(name !== '' ? { counterpartyName: name } : {}),
        ...(counterparty !== '0'
          ? { counterpartyAccount: /^0{4}$/.test(bankCode) ? counterparty : `${counterparty}/${bankCode}` }
          : {}),
      });
      return;
    }
    if (type === '076' || type === '078' || type === '079') {
      const last = entries.at(-1);
      if (last === undefined) {
        throw new StatementError(
          'STATEMENT_MALFORMED',
          `line ${lineNumber}: a text record ${type} without an item record 075 before it`,
          `line ${lineNumber}`,
        );
      }
      const addition = (type === '076' ? line.slice(35) : line.slice(3)).trim();
      if (addition !== '')
        entries[entries.length - 1] = {
          ...last,
          message: [last.message, addition].filter(Boolean).join(' '),
        };
      return;
    }
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `line ${lineNumber}: record type "${type}" is not a GPC record (074 header, 075 item, 076/078/079 texts)`,
      `line ${lineNumber}`,
    );
  });
  if (account === undefined) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      'line 1: no header record 074; is this a GPC statement?',
      'line 1',
    );
  }
  return {
    format: 'gpc',
    account,
    ...(statementId !== undefined ? { statementId } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    entries: fingerprintKeys(entries),
  };
}

function field(line: string, span: Span): string {
  return line.slice(span[0] - 1, span[1]).padEnd(span[1] - span[0] + 1, ' ');
}

function digits(value: string, lineNumber: number, span: Span, what: string): string {
  if (!/^\d+$/.test(value)) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `line ${lineNumber}, positions ${span[0]}–${span[1]} (${what}): "${value.trim()}" is not ${span[1] - span[0] + 1} digits`,
      `line ${lineNumber}`,
    );
  }
  return value;
}

function date(value: string, lineNumber: number, span: Span, what: string): string {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  const iso = match ? `20${match[3]}-${match[2]}-${match[1]}` : '';
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `line ${lineNumber}, positions ${span[0]}–${span[1]} (${what}): "${value.trim()}" is not a date DDMMYY`,
      `line ${lineNumber}`,
    );
  }
  return iso;
}

function nextDay(iso: string): string {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

function tooShort(lineNumber: number, type: string, needed: number, length: number): never {
  throw new StatementError(
    'STATEMENT_MALFORMED',
    `line ${lineNumber}: record ${type} has ${length} characters; its fields need ${needed}`,
    `line ${lineNumber}`,
  );
}

/** 16 digits (6 prefix + 10 number) → "19-2000145399" or "2000145399". */
function accountText(sixteen: string): string {
  const prefix = sixteen.slice(0, 6).replace(/^0+/, '');
  const number = sixteen.slice(6).replace(/^0+/, '') || '0';
  return prefix === '' ? number : `${prefix}-${number}`;
}
