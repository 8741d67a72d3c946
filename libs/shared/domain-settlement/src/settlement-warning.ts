/**
 * A finding of a settlement run: a code with parameters that the portal words in the reader's language, and the
 * same finding in English for API clients and logs (issue 18: the runs showed English sentences with member UUIDs
 * on the Czech screen).
 */
export interface SettlementWarning {
  readonly code: SettlementWarningCode;
  /** the finding in English */
  readonly message: string;
  /** what the code's text names: members, points, days as ranges (`2026-06-01 – 2026-06-03, 2026-06-05`) */
  readonly params: Readonly<Record<string, string | number>>;
}

export const SETTLEMENT_WARNING_CODES = [
  /** a member has no supplier (savings) or feed-in (gain) price on some days */
  'PRICE_MISSING',
  /** points whose EDC values are EDC's daily (preliminary) calculation on some days */
  'DATA_PRELIMINARY',
  /** points registered on days EDC data are missing or incomplete */
  'DATA_MISSING',
  /** a several-producer consumer split from EDC's pair report on some days */
  'PAIRS_FROM_EDC',
  /** a several-producer consumer split by the allocation engine where EDC sent no pair report */
  'PAIRS_BY_ENGINE',
  /** EDC's pair report and standard export differ for a consumer */
  'PAIRS_DIFFER',
  /** EDC shared energy in intervals where the engine shared none; split by the key's shares */
  'PAIRS_KEY_SHARE',
  /** a community that is not a VAT payer is charged VAT by VAT-paying producers: the VAT is its cost */
  'INPUT_VAT_COST',
  /** more findings than a run keeps */
  'MORE_FINDINGS',
  /** a finding stored before runs kept codes: its English text only */
  'NOTE',
] as const;
export type SettlementWarningCode = (typeof SETTLEMENT_WARNING_CODES)[number];

export function settlementWarning(
  code: SettlementWarningCode,
  params: SettlementWarning['params'],
  message: string,
): SettlementWarning {
  return { code, message, params };
}
