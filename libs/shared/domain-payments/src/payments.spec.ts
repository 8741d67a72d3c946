import { describe, expect, it } from 'vitest';

import type { BankEntry } from './bank-statement';
import { matchEntries, type MatchCandidate } from './matching';
import { amountDue, paymentStatus } from './payment-status';
import { normalizeReminderSteps, reminderStepDue } from './reminders';

function entry(overrides: Partial<BankEntry>): BankEntry {
  return {
    key: 'ref:1',
    direction: 'credit',
    amount: 12100,
    currency: 'CZK',
    bookingDate: '2026-03-01',
    ...overrides,
  };
}

const INVOICE: MatchCandidate = {
  documentId: 'a',
  variableSymbol: '126000001',
  side: 'receivable',
  outstanding: 12100,
};
const PAYOUT: MatchCandidate = {
  documentId: 'p',
  variableSymbol: '326000001',
  side: 'payable',
  outstanding: 30000,
};

describe('matchEntries', () => {
  it('matches by variable symbol and tells paid, partially paid and overpaid apart by amount', () => {
    expect(matchEntries([entry({ variableSymbol: '126000001' })], [INVOICE])).toEqual([
      { kind: 'matched', documentId: 'a', outcome: 'paid' },
    ]);
    expect(matchEntries([entry({ variableSymbol: '126000001', amount: 100 })], [INVOICE])[0]).toMatchObject({
      outcome: 'partially-paid',
    });
    expect(matchEntries([entry({ variableSymbol: '126000001', amount: 20000 })], [INVOICE])[0]).toMatchObject(
      {
        outcome: 'overpaid',
      },
    );
  });

  it('counts two entries of one statement down the same document', () => {
    const outcomes = matchEntries(
      [
        entry({ variableSymbol: '126000001', amount: 6000 }),
        entry({ variableSymbol: '126000001', amount: 6100 }),
        entry({ variableSymbol: '126000001', amount: 1 }),
      ],
      [INVOICE],
    ).map((match) => (match.kind === 'matched' ? match.outcome : match.reason));
    expect(outcomes).toEqual(['partially-paid', 'paid', 'overpaid']);
  });

  it('pays a producer only with money out and a member invoice only with money in', () => {
    expect(
      matchEntries(
        [entry({ direction: 'debit', variableSymbol: '326000001', amount: 30000 })],
        [INVOICE, PAYOUT],
      )[0],
    ).toEqual({
      kind: 'matched',
      documentId: 'p',
      outcome: 'paid',
    });
    expect(matchEntries([entry({ direction: 'debit', variableSymbol: '126000001' })], [INVOICE])[0]).toEqual({
      kind: 'unmatched',
      reason: 'unknown-variable-symbol',
    });
  });

  it('leaves entries without a symbol, of an unknown or shared symbol, or in another currency unmatched', () => {
    const reasons = matchEntries(
      [
        entry({}),
        entry({ variableSymbol: '999' }),
        entry({ variableSymbol: '126000001' }),
        entry({ variableSymbol: '126000001', currency: 'EUR' }),
      ],
      [INVOICE, { ...INVOICE, documentId: 'b' }],
    ).map((match) => (match.kind === 'unmatched' ? match.reason : match.outcome));
    expect(reasons).toEqual(['no-variable-symbol', 'unknown-variable-symbol', 'ambiguous', 'currency']);
  });
});

describe('paymentStatus and amountDue', () => {
  const base = { due: 12100, dueDate: '2026-03-15', today: '2026-03-10' };
  it('is paid when paid in full or more, overdue after the due date, partially paid or unpaid before it', () => {
    expect(paymentStatus({ ...base, paid: 12100 })).toBe('paid');
    expect(paymentStatus({ ...base, paid: 20000, today: '2026-04-01' })).toBe('paid');
    expect(paymentStatus({ ...base, paid: 100 })).toBe('partially-paid');
    expect(paymentStatus({ ...base, paid: 0 })).toBe('unpaid');
    expect(paymentStatus({ ...base, paid: 0, today: '2026-03-15' })).toBe('unpaid');
    expect(paymentStatus({ ...base, paid: 100, today: '2026-03-16' })).toBe('overdue');
  });

  it('takes reducing corrections off the original and owes nothing on a storno', () => {
    expect(amountDue({ kind: 'invoice', gross: 12100, corrections: -12100 })).toBe(0);
    expect(amountDue({ kind: 'invoice', gross: 12100, corrections: -2100 })).toBe(10000);
    expect(amountDue({ kind: 'corrective', gross: -12100, corrections: 0 })).toBe(0);
    expect(amountDue({ kind: 'corrective', gross: 500, corrections: 0 })).toBe(500);
  });
});

describe('reminderStepDue', () => {
  const input = { dueDate: '2026-03-15', steps: [7, 21] };
  it('mails the latest step reached, once', () => {
    expect(reminderStepDue({ ...input, today: '2026-03-21', sentSteps: [] })).toBeUndefined();
    expect(reminderStepDue({ ...input, today: '2026-03-22', sentSteps: [] })).toBe(7);
    expect(reminderStepDue({ ...input, today: '2026-03-23', sentSteps: [7] })).toBeUndefined();
    expect(reminderStepDue({ ...input, today: '2026-04-05', sentSteps: [7] })).toBe(21);
  });

  it('sends one reminder after a long pause and never an earlier step after a later one', () => {
    expect(reminderStepDue({ ...input, today: '2026-05-01', sentSteps: [] })).toBe(21);
    expect(reminderStepDue({ ...input, today: '2026-05-02', sentSteps: [21] })).toBeUndefined();
  });

  it('accepts whole days 1–365, at most five, sorted and unique', () => {
    expect(normalizeReminderSteps([21, 7, 7])).toEqual([7, 21]);
    expect(() => normalizeReminderSteps([0])).toThrow(RangeError);
    expect(() => normalizeReminderSteps([1.5])).toThrow(RangeError);
    expect(() => normalizeReminderSteps([1, 2, 3, 4, 5, 6])).toThrow(/at most 5/);
  });
});
