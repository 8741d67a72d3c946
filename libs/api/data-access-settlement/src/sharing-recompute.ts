/**
 * What settlement needs from the sharing side: the recompute of a period whose stored engine runs are out of date
 * (an import or key change whose recompute has not run yet). feature-sharing's worker module provides it; the
 * settlement path names only this token, so it never imports the engine (settlement-path.spec.ts).
 */
export const SHARING_RECOMPUTE = Symbol('SHARING_RECOMPUTE');

export interface SharingRecompute {
  run(communityId: string, from: string, to: string): Promise<unknown>;
}

/** The details of the INVALID_SHARING a settlement stops with while a day's stored run is out of date. */
export interface NotRecomputedDetails {
  readonly notRecomputed: string;
}

export function isNotRecomputed(details: unknown): details is NotRecomputedDetails {
  return typeof details === 'object' && details !== null && 'notRecomputed' in details;
}
