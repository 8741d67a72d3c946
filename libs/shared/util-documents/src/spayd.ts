import type { LocalDate } from '@sdilna/shared/domain-core';
import {
  formatCzkJson,
  type Halere,
  isValidIban,
  isValidVariableSymbol,
  normalizeIban,
  type SettlementDocument,
  SettlementError,
} from '@sdilna/shared/domain-settlement';

/** A payment for a Czech QR payment ("QR Platba", SPAYD 1.0 by the Czech Banking Association). */
export interface SpaydPayment {
  readonly iban: string;
  readonly bic?: string;
  readonly amount: Halere;
  readonly currency?: string;
  readonly variableSymbol?: string;
  readonly constantSymbol?: string;
  readonly specificSymbol?: string;
  /** message for the recipient, at most 60 characters (longer text is shortened) */
  readonly message?: string;
  /** recipient name, at most 35 characters (longer text is shortened) */
  readonly recipientName?: string;
  readonly dueDate?: LocalDate;
}

export interface SpaydOptions {
  /**
   * Write message and name in upper case without diacritics. The standard allows UTF-8, but upper-case ASCII
   * keeps the QR code in the denser alphanumeric-friendly form and avoids old banking apps mangling "ř".
   */
  readonly asciiUppercaseText?: boolean;
}

const MAX_AMOUNT: Halere = 999_999_999; // "9999999.99", AM has at most 10 characters

/**
 * Builds "SPD*1.0*ACC:CZ…*AM:1234.50*CC:CZK*…". Keys are upper case, fields are separated by "*", and a "*" inside
 * a value is written as "%2A" (and "%" as "%25", so a parser can undo it unambiguously).
 */
export function buildSpayd(payment: SpaydPayment, options: SpaydOptions = {}): string {
  const iban = normalizeIban(payment.iban);
  if (!isValidIban(iban)) throw new SettlementError('INVALID_SPAYD', `"${payment.iban}" is not a valid IBAN`);
  if (!Number.isSafeInteger(payment.amount) || payment.amount <= 0 || payment.amount > MAX_AMOUNT) {
    throw new SettlementError(
      'INVALID_SPAYD',
      `QR payment amount ${payment.amount} h must be 0.01..9 999 999.99 Kč`,
    );
  }
  const currency = (payment.currency ?? 'CZK').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw new SettlementError('INVALID_SPAYD', `currency "${currency}" is not ISO 4217`);

  const fields: [string, string][] = [
    ['ACC', payment.bic ? `${iban}+${payment.bic.toUpperCase()}` : iban],
    ['AM', formatCzkJson(payment.amount)],
    ['CC', currency],
  ];
  if (payment.dueDate !== undefined) fields.push(['DT', payment.dueDate.replace(/-/g, '')]);
  const text = (value: string, max: number): string => {
    const prepared = options.asciiUppercaseText ? toAsciiUpper(value) : value;
    return [...prepared].slice(0, max).join('');
  };
  if (payment.message) fields.push(['MSG', text(payment.message, 60)]);
  if (payment.recipientName) fields.push(['RN', text(payment.recipientName, 35)]);
  for (const [key, value] of [
    ['X-VS', payment.variableSymbol],
    ['X-SS', payment.specificSymbol],
    ['X-KS', payment.constantSymbol],
  ] as const) {
    if (value === undefined) continue;
    if (!/^\d{1,10}$/.test(value))
      throw new SettlementError('INVALID_SPAYD', `${key} "${value}" must be 1–10 digits`);
    fields.push([key, value]);
  }
  return ['SPD', '1.0', ...fields.map(([key, value]) => `${key}:${escapeValue(value)}`)].join('*');
}

export interface ParsedSpayd {
  readonly version: string;
  /** keys as written (upper case) → decoded values */
  readonly fields: ReadonlyMap<string, string>;
}

/** Parses a SPAYD string; used in tests and to check what a QR code on a document says. */
export function parseSpayd(text: string): ParsedSpayd {
  const parts = text.replace(/\*$/, '').split('*');
  if (parts[0] !== 'SPD' || !/^\d+\.\d+$/.test(parts[1] ?? '')) {
    throw new SettlementError('INVALID_SPAYD', 'not a SPAYD string (it must start with "SPD*1.0*")');
  }
  const fields = new Map<string, string>();
  for (const part of parts.slice(2)) {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new SettlementError('INVALID_SPAYD', `field "${part}" has no key`);
    const key = part.slice(0, colon);
    if (key !== key.toUpperCase())
      throw new SettlementError('INVALID_SPAYD', `key "${key}" must be upper case`);
    fields.set(key, unescapeValue(part.slice(colon + 1)));
  }
  if (!fields.has('ACC')) throw new SettlementError('INVALID_SPAYD', 'SPAYD without ACC');
  return { version: parts[1] as string, fields };
}

/**
 * The QR payment of a document: the buyer pays the seller's account the gross total. Undefined when nothing is
 * to be paid (a zero or negative total) or the document has no number or the seller no account.
 */
export function spaydForDocument(
  document: SettlementDocument,
  options: SpaydOptions = {},
): string | undefined {
  const account = document.seller.bankAccount;
  if (document.totals.gross <= 0 || !account || document.number === undefined) return undefined;
  const variableSymbol =
    document.variableSymbol !== undefined && isValidVariableSymbol(document.variableSymbol)
      ? document.variableSymbol
      : undefined;
  return buildSpayd(
    {
      iban: account.iban,
      ...(account.bic ? { bic: account.bic } : {}),
      amount: document.totals.gross,
      ...(variableSymbol ? { variableSymbol } : {}),
      dueDate: document.dueDate,
      message: `Sdílená elektřina ${document.number}`,
      recipientName: document.seller.name,
    },
    options,
  );
}

function escapeValue(value: string): string {
  return value.replace(/%/g, '%25').replace(/\*/g, '%2A');
}

function unescapeValue(value: string): string {
  return value.replace(/%2A/gi, '*').replace(/%25/g, '%');
}

function toAsciiUpper(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}
