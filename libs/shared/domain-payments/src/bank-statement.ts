import type { Halere, LocalDate } from '@sdilna/shared/domain-core';

export type StatementFormat = 'camt053' | 'gpc';

/** One booked entry of a statement: money in (`credit`) or out (`debit`) of the community's account. */
export interface BankEntry {
  /**
   * What identifies the entry at its bank: `ref:<AcctSvcrRef>` (camt.053), `gpc:<transaction id>` (GPC), or, when
   * the bank gave none, `fp:<the entry's own fields>#<occurrence>`, a fingerprint the store hashes. The same entry
   * in an overlapping statement has the same key, so it is booked once.
   */
  readonly key: string;
  readonly direction: 'credit' | 'debit';
  /** always positive; `direction` says which way */
  readonly amount: Halere;
  readonly currency: string;
  readonly bookingDate: LocalDate;
  readonly variableSymbol?: string;
  readonly constantSymbol?: string;
  readonly specificSymbol?: string;
  readonly counterpartyName?: string;
  /** IBAN or Czech "prefix-number/bank" as the bank stated it */
  readonly counterpartyAccount?: string;
  readonly message?: string;
  /** the bank's reference as printed on the statement, when it has one */
  readonly bankReference?: string;
}

/** A parsed statement: the account it belongs to and its entries, whatever the file's format. */
export interface BankStatement {
  readonly format: StatementFormat;
  /** IBAN (camt.053) or Czech "prefix-number" without the bank code (GPC states no bank code) */
  readonly account: string;
  /** the bank's own statement id or number */
  readonly statementId?: string;
  readonly from?: LocalDate;
  readonly to?: LocalDate;
  readonly entries: readonly BankEntry[];
}

/** Where a statement is wrong: `where` names the line (GPC), or the element path (camt.053), or both. */
export class StatementError extends Error {
  constructor(
    readonly code: 'STATEMENT_MALFORMED' | 'STATEMENT_UNSUPPORTED',
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'StatementError';
  }
}

/** Builds the fingerprint key of entries without a bank reference: identical entries are told apart by their order. */
export function fingerprintKeys<T extends Omit<BankEntry, 'key'>>(
  entries: readonly (T & { key?: string })[],
): BankEntry[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    if (entry.key !== undefined) return { ...entry, key: entry.key };
    const base = [
      entry.bookingDate,
      entry.direction,
      entry.amount,
      entry.currency,
      entry.variableSymbol ?? '',
      entry.constantSymbol ?? '',
      entry.specificSymbol ?? '',
      entry.counterpartyAccount ?? '',
      entry.message ?? '',
    ].join('|');
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return { ...entry, key: `fp:${base}#${occurrence}` };
  });
}

/** Czech payment symbols read from free text: "/VS/126000001", "VS:126000001", "VS 126000001". */
export function symbolIn(text: string | undefined, symbol: 'VS' | 'KS' | 'SS'): string | undefined {
  if (text === undefined) return undefined;
  const match = new RegExp(`(?:^|[^A-Z])${symbol}(?:[/:\\s]+|)0*([1-9]\\d{0,9})(?!\\d)`, 'i').exec(text);
  return match?.[1];
}

/** Drops leading zeros and blanks; undefined for an empty or all-zero symbol. */
export function cleanSymbol(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const digits = text.trim().replace(/^0+/, '');
  return /^\d{1,10}$/.test(digits) ? digits : undefined;
}

/** "1234.5" / "1234.50" → 123450 haléře; anything else (a sign, three decimals, a comma) is an error. */
export function parseDecimalAmount(text: string, where: string): Halere {
  const match = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) {
    throw new StatementError(
      'STATEMENT_MALFORMED',
      `${where}: "${text}" is not an amount like 1234.50`,
      where,
    );
  }
  const amount = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(amount)) {
    throw new StatementError('STATEMENT_MALFORMED', `${where}: "${text}" is too large`, where);
  }
  return amount as Halere;
}
