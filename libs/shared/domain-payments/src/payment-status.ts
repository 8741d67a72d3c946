import type { Halere, LocalDate } from '@sdilna/shared/domain-core';

export type PaymentStatus = 'unpaid' | 'partially-paid' | 'paid' | 'overdue';

/** What one booked payment did to its document: settled it, paid part of it, or paid more than was left. */
export type PaymentOutcome = 'paid' | 'partially-paid' | 'overpaid';

/** The party whose money the community's account sees: it is paid (receivable) or it pays (payable). */
export type DocumentSide = 'receivable' | 'payable' | 'other';

export interface DocumentAmounts {
  /** the document's gross, haléře */
  readonly gross: Halere;
  /** the gross of corrective documents that reduce this one (negative), added up */
  readonly corrections: Halere;
  readonly kind: string;
}

/**
 * What is owed on a document: its gross less what corrective documents took off it; a corrective document that
 * reduces (a storno, a credit difference) owes nothing itself, one that adds (a re-billed difference) owes its
 * own gross. Never negative.
 */
export function amountDue(document: DocumentAmounts): Halere {
  if (document.kind === 'corrective' && document.gross <= 0) return 0;
  return Math.max(0, document.gross + Math.min(0, document.corrections));
}

/**
 * The due date the status and reminders use. One function, so a stored due date of another source replaces the
 * document's own in one place.
 */
export function dueDateOf(document: { readonly dueDate: LocalDate }): LocalDate {
  return document.dueDate;
}

/** paid in full (or nothing owed) → paid; past its due date → overdue; some paid → partially paid; else unpaid. */
export function paymentStatus(input: {
  readonly due: Halere;
  readonly paid: Halere;
  readonly dueDate: LocalDate;
  readonly today: LocalDate;
}): PaymentStatus {
  if (input.paid >= input.due) return 'paid';
  if (input.dueDate < input.today) return 'overdue';
  return input.paid > 0 ? 'partially-paid' : 'unpaid';
}

/** What a payment of `amount` does to a document that still owes `outstanding`. */
export function paymentOutcome(outstanding: Halere, amount: Halere): PaymentOutcome {
  if (amount === outstanding) return 'paid';
  return amount < outstanding ? 'partially-paid' : 'overpaid';
}

/** Days from `from` to `to` (both Prague calendar dates); negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
