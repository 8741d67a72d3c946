import { describe, expect, it } from 'vitest';

import { emptyPackedDay, int4ArrayLiteral, parseInt4ArrayText, totalsOf } from './packed-day';

describe('packed days', () => {
  it('round-trips values, negative numbers and empty cells through the array literal', () => {
    const day = emptyPackedDay(5);
    day.values.set([12, -7, 0, 2147483647, 0]);
    day.present.set([1, 1, 1, 1, 0]);
    const text = int4ArrayLiteral(day);
    expect(text).toBe('{12,-7,0,2147483647,NULL}');
    const back = parseInt4ArrayText(text);
    expect([...back.values]).toEqual([12, -7, 0, 2147483647, 0]);
    expect([...back.present]).toEqual([1, 1, 1, 1, 0]);
  });

  it('sums only the present values', () => {
    const day = emptyPackedDay(3);
    day.values.set([5, 9, 100]);
    day.present.set([1, 1, 0]);
    expect(totalsOf(day)).toEqual({ total: 14, present: 2 });
  });

  it('reads an empty array', () => {
    expect(parseInt4ArrayText('{}').values).toHaveLength(0);
  });
});
