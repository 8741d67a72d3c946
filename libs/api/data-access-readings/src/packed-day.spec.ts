import { describe, expect, it } from 'vitest';

import {
  decodePackedDay,
  decodePackedDays,
  EMPTY_CELL,
  emptyPackedDay,
  encodeLegacyPackedDay as encodePackedDay,
  encodeLegacyPackedDayBuffer as encodePackedDayBuffer,
  totalsOf,
} from './packed-day';

describe('packed days in the legacy form (4 bytes a value, still read)', () => {
  it('round-trips values, negative numbers and empty cells through the stored bytes', () => {
    const day = emptyPackedDay(5);
    day.values.set([12, -7, 0, 2147483647, 0]);
    day.present.set([1, 1, 1, 1, 0]);
    const bytes = encodePackedDayBuffer(day);
    expect(bytes.toString('hex')).toBe('0c000000f9ffffff00000000ffffff7f00000080');
    const back = decodePackedDay(bytes);
    expect([...back.values]).toEqual([12, -7, 0, 2147483647, 0]);
    expect([...back.present]).toEqual([1, 1, 1, 1, 0]);
  });

  it('decodes a day that starts at an odd offset of a larger buffer', () => {
    const day = emptyPackedDay(3);
    day.values.set([1, -1, 5]);
    day.present.set([1, 0, 1]);
    const buffer = Buffer.alloc(13);
    encodePackedDay(day, buffer, 1);
    const back = decodePackedDay(buffer.subarray(1));
    expect([...back.values]).toEqual([1, 0, 5]);
    expect([...back.present]).toEqual([1, 0, 1]);
  });

  it('reads a block of several stored days into views of one pair of arrays', () => {
    const first = emptyPackedDay(2);
    first.values.set([3, 4]);
    first.present.set([1, 1]);
    const second = emptyPackedDay(2);
    second.values.set([0, -9]);
    second.present.set([0, 1]);
    const block = Buffer.concat([encodePackedDayBuffer(first), encodePackedDayBuffer(second)]);
    const [a, b] = decodePackedDays(block, 2);
    expect([...(a?.values ?? [])]).toEqual([3, 4]);
    expect([...(b?.values ?? [])]).toEqual([0, -9]);
    expect([...(b?.present ?? [])]).toEqual([0, 1]);
    expect(a?.values.buffer).toBe(b?.values.buffer);
    expect(() => decodePackedDays(block, 3)).toThrow(RangeError);
  });

  it('refuses to store the value that marks an empty cell', () => {
    const day = emptyPackedDay(1);
    day.values[0] = EMPTY_CELL;
    day.present[0] = 1;
    expect(() => encodePackedDayBuffer(day)).toThrow(RangeError);
  });

  it('sums only the present values', () => {
    const day = emptyPackedDay(3);
    day.values.set([5, 9, 100]);
    day.present.set([1, 1, 0]);
    expect(totalsOf(day)).toEqual({ total: 14, present: 2 });
  });

  it('reads an empty day and refuses a torn one', () => {
    expect(decodePackedDay(Buffer.alloc(0)).values).toHaveLength(0);
    expect(() => decodePackedDay(Buffer.alloc(6))).toThrow(RangeError);
  });
});
