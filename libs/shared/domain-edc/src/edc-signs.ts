import type { MeteringRole } from './edc-point';

/**
 * EDC's signs, written once (domain.md §4.3). EDC reports production IN/OUT ≥ 0 (export) and consumption IN/OUT
 * ≤ 0 (import); Sdílna's figures are positive amounts: measured export or import, and energy shared. Every
 * conversion between the two goes through these functions.
 */
export function edcSign(role: MeteringRole): 1 | -1 {
  return role === 'production' ? 1 : -1;
}

/** A point's measured energy (export of a producer, import of a consumer; ≥ 0 in valid data) from EDC's IN. */
export function measuredFromEdc(role: MeteringRole, edcIn: number): number {
  return role === 'production' ? edcIn : 0 - edcIn; // 0 − x, not −1 · x: never −0
}

/** The energy shared in an interval (≥ 0 in valid data): IN − OUT of a producer, OUT − IN of a consumer. */
export function sharedFromEdc(role: MeteringRole, edcIn: number, edcOut: number): number {
  return role === 'production' ? edcIn - edcOut : edcOut - edcIn;
}

/** EDC's OUT for an interval with `shared` energy shared: export left (IN − shared) or import left (IN + shared). */
export function edcOutOf(role: MeteringRole, edcIn: number, shared: number): number {
  return role === 'production' ? edcIn - shared : edcIn + shared;
}
