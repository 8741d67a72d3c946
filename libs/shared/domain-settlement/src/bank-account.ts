import { SettlementError } from './settlement-error';

/** A Czech domestic account: optional prefix (≤ 6 digits), number (2–10 digits) and bank code (4 digits). */
export interface CzechAccount {
  readonly prefix: string;
  readonly number: string;
  readonly bankCode: string;
}

const PREFIX_WEIGHTS = [10, 5, 8, 4, 2, 1];
const NUMBER_WEIGHTS = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1];

/** "19-2000145399/0800" or "123456789/0800" → parts; checks the ČNB mod-11 weights of prefix and number. */
export function parseCzechAccount(text: string): CzechAccount {
  const match = /^(?:(\d{1,6})-)?(\d{2,10})\/(\d{4})$/.exec(text.replace(/\s+/g, ''));
  if (!match) {
    throw new SettlementError(
      'INVALID_BANK_ACCOUNT',
      `"${text}" is not a Czech account [prefix-]number/bank`,
    );
  }
  const account = { prefix: match[1] ?? '', number: match[2] as string, bankCode: match[3] as string };
  if (!mod11Valid(account.prefix.padStart(6, '0'), PREFIX_WEIGHTS)) {
    throw new SettlementError('INVALID_BANK_ACCOUNT', `account prefix in "${text}" fails the mod-11 check`);
  }
  if (!mod11Valid(account.number.padStart(10, '0'), NUMBER_WEIGHTS) || /^0+$/.test(account.number)) {
    throw new SettlementError('INVALID_BANK_ACCOUNT', `account number in "${text}" fails the mod-11 check`);
  }
  return account;
}

/** "19-2000145399/0800" → "CZ6508000000192000145399" (CZkk BBBB PPPPPP NNNNNNNNNN). */
export function czechAccountToIban(text: string): string {
  const account = parseCzechAccount(text);
  const bban = `${account.bankCode}${account.prefix.padStart(6, '0')}${account.number.padStart(10, '0')}`;
  const check = 98 - mod97(`${bban}CZ00`);
  return `CZ${String(check).padStart(2, '0')}${bban}`;
}

/** The inverse for Czech IBANs: "CZ6508000000192000145399" → "19-2000145399/0800". */
export function ibanToCzechAccount(iban: string): string {
  const normalized = normalizeIban(iban);
  if (!normalized.startsWith('CZ') || !isValidIban(normalized)) {
    throw new SettlementError('INVALID_BANK_ACCOUNT', `"${iban}" is not a valid Czech IBAN`);
  }
  const bankCode = normalized.slice(4, 8);
  const prefix = normalized.slice(8, 14).replace(/^0+/, '');
  const number = normalized.slice(14).replace(/^0+/, '');
  return `${prefix ? `${prefix}-` : ''}${number}/${bankCode}`;
}

/** Removes spaces and upper-cases: "cz65 0800 …" → "CZ650800…". */
export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/** ISO 13616: country, two check digits, alphanumeric BBAN; mod 97 of the rearranged number must be 1. CZ has 24 chars. */
export function isValidIban(iban: string): boolean {
  const normalized = normalizeIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(normalized)) return false;
  if (normalized.startsWith('CZ') && normalized.length !== 24) return false;
  return mod97(normalized.slice(4) + normalized.slice(0, 4)) === 1;
}

/** "CZ6508000000192000145399" → "CZ65 0800 0000 1920 0014 5399", as printed on documents. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

function mod97(alphanumeric: string): number {
  // Letters become 10..35; the number is folded digit by digit so it never leaves the safe integer range.
  let remainder = 0;
  for (const char of alphanumeric) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder;
}

function mod11Valid(digits: string, weights: readonly number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * (weights[i] as number);
  return sum % 11 === 0;
}
