/**
 * The accounting export (docs/settlement.md "Accounting export"): `isdoc-zip` is a ZIP of ISDOCX files (each an
 * ISDOC 6.0.2 with its PDF), `pohoda` a Pohoda XML data pack of the issued and received documents.
 */
export const ACCOUNTING_EXPORT_FORMATS = ['isdoc-zip', 'pohoda'] as const;
export type AccountingExportFormat = (typeof ACCOUNTING_EXPORT_FORMATS)[number];

/** Pohoda's record ids (`typ:ids`: předkontace, číselná řada) are at most 19 characters. */
export const POHODA_CODE_MAX_LENGTH = 19;

/**
 * How a community's documents enter Pohoda, per direction: the accounting code ("předkontace", the pair of
 * chart-of-accounts entries such as 311/602 for sales and 501/321 for purchases) and the number series
 * ("číselná řada"). `null`: Pohoda's own default.
 */
export interface AccountingExportSettingsResponse {
  readonly issuedAccounting: string | null;
  readonly receivedAccounting: string | null;
  readonly issuedNumberSeries: string | null;
  readonly receivedNumberSeries: string | null;
}

export type AccountingExportSettingsRequest = AccountingExportSettingsResponse;
