/** Codes of every way settlement input can be wrong; the API maps them to HTTP answers in one exhaustive switch. */
export type SettlementErrorCode =
  | 'INVALID_PRICE_LIST'
  | 'NO_PRICE_LIST'
  | 'INVALID_TIME_BAND'
  | 'INVALID_SHARING'
  | 'UNKNOWN_METERING_POINT'
  | 'INVALID_MEMBER'
  | 'INVALID_DOCUMENT'
  | 'ISSUE_DATE_BEFORE_TAX_POINT'
  | 'INVALID_NUMBERING'
  | 'INVALID_BANK_ACCOUNT'
  | 'INVALID_SPAYD';

export class SettlementError extends Error {
  constructor(
    readonly code: SettlementErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SettlementError';
  }
}
