import { describe, expect, it } from 'vitest';

import { dayCompleteness } from './data-completeness';

describe('dayCompleteness', () => {
  it('is missing without a measured interval and partial with fewer than the day has', () => {
    expect(dayCompleteness(96, 0, 0)).toBe('missing');
    expect(dayCompleteness(96, 95, 95)).toBe('partial');
    expect(dayCompleteness(100, 96, 96)).toBe('partial');
  });

  it('is preliminary where EDC has not evaluated every interval or only calculated daily', () => {
    expect(dayCompleteness(96, 96, 95)).toBe('preliminary');
    expect(dayCompleteness(96, 96, 96, true)).toBe('preliminary');
  });

  it('is complete when every interval is measured and evaluated by the final calculation', () => {
    expect(dayCompleteness(96, 96, 96)).toBe('complete');
    expect(dayCompleteness(92, 92, 92, false)).toBe('complete');
  });
});
