import { describe, expect, it } from 'vitest';

import { vatStatusOn, vatStatusProblem } from './vat-status';

describe('VAT status history', () => {
  const history = [
    { validFrom: '2026-07-01', status: 'payer' as const, dic: 'CZ87654326' },
    { validFrom: '2000-01-01', status: 'non-payer' as const },
  ];

  it('takes the row in force on the day, a non-payer before the first row', () => {
    expect(vatStatusOn(history, '2026-06-30').status).toBe('non-payer');
    expect(vatStatusOn(history, '2026-07-01')).toEqual(history[0]);
    expect(vatStatusOn([], '2026-07-01').status).toBe('non-payer');
    expect(vatStatusOn(history.slice(0, 1), '2026-06-30').status).toBe('non-payer');
  });

  it('finds a DIČ contradicting the status', () => {
    expect(vatStatusProblem({ status: 'payer', dic: 'CZ87654326' })).toBeUndefined();
    expect(vatStatusProblem({ status: 'identified-person', dic: 'CZ7103192745' })).toBeUndefined();
    expect(vatStatusProblem({ status: 'non-payer' })).toBeUndefined();
    expect(vatStatusProblem({ status: 'payer' })).toBe('dic-missing');
    expect(vatStatusProblem({ status: 'identified-person', dic: null })).toBe('dic-missing');
    expect(vatStatusProblem({ status: 'non-payer', dic: 'CZ87654326' })).toBe('dic-without-registration');
    expect(vatStatusProblem({ status: 'payer', dic: 'CZ87654321' })).toBe('dic-invalid');
  });
});
