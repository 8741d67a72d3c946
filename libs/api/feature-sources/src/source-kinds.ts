import type { SourceKind } from '@sdilna/shared/util-api-contract';

/** The kinds the database's generated `renewable` column counts as renewable; keep both in step. */
export const RENEWABLE_KINDS: ReadonlySet<SourceKind> = new Set(['pv', 'wind', 'hydro', 'biogas']);

/**
 * Whether a renewable-only community may register the kind. A battery generates nothing: it stores what the
 * community's renewable plants made, so it is admitted (assumed reading of "renewable sources only";
 * CHP and `other` are refused because they may burn fossil fuel).
 */
export function admittedInRenewableCommunity(kind: SourceKind): boolean {
  return RENEWABLE_KINDS.has(kind) || kind === 'battery';
}
