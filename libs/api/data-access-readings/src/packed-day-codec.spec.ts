import { describe, expect, it } from 'vitest';

import {
  decodePackedDay,
  decodePackedDays,
  EMPTY_CELL,
  emptyPackedDay,
  encodedLength,
  encodePackedDay,
  encodePackedDayBuffer,
  PACKED_DAY_VERSION,
  packBatch,
  type PackedDay,
} from './packed-day';

/** mulberry32: deterministic cases without a property-testing dependency */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A day from floating values as a reader sees them: NaN and undefined are missing cells (present 0). */
function dayOf(cells: ReadonlyArray<number | undefined>): PackedDay {
  const day = emptyPackedDay(cells.length);
  cells.forEach((cell, i) => {
    if (cell !== undefined && !Number.isNaN(cell)) {
      day.values[i] = cell;
      day.present[i] = 1;
    }
  });
  return day;
}

function expectSame(actual: PackedDay | undefined, expected: PackedDay): void {
  expect([...(actual?.present ?? [])]).toEqual([...expected.present]);
  expect([...(actual?.values ?? [])]).toEqual([...expected.values]);
}

const MAX = 2147483647;
const MIN_STORABLE = EMPTY_CELL + 1;

type Generator = (next: () => number, count: number) => Array<number | undefined>;
const GENERATORS: Record<string, Generator> = {
  metering: (next, count) => {
    // a household's quarter hours in 0.01 kWh: a smooth curve with noise, zero at night for production
    const base = Math.floor(next() * 200);
    return Array.from({ length: count }, (_, i) =>
      i < count / 4 ? 0 : Math.max(0, base + Math.round(60 * Math.sin(i / 8) + (next() - 0.5) * 40)),
    );
  },
  negative: (next, count) => Array.from({ length: count }, () => -Math.floor(next() * 5000)),
  extremes: (next, count) =>
    Array.from({ length: count }, () => [MAX, MIN_STORABLE, 0, -1, 1][Math.floor(next() * 5)]),
  anyInt32: (next, count) =>
    Array.from({ length: count }, () => MIN_STORABLE + Math.floor(next() * (MAX - MIN_STORABLE + 1))),
  gaps: (next, count) =>
    Array.from({ length: count }, () => {
      const r = next();
      if (r < 0.2) return Number.NaN;
      if (r < 0.4) return undefined;
      return Math.floor(next() * 1000) - 500;
    }),
  flat: (next, count) => new Array<number>(count).fill(Math.floor(next() * 100)),
  allMissing: (_next, count) => new Array<number>(count).fill(Number.NaN),
};

describe('packed days (scaled-integer delta frames)', () => {
  for (const [name, generate] of Object.entries(GENERATORS)) {
    it(`round-trips ${name} days of 92, 96 and 100 values, alone and concatenated`, () => {
      const next = random(name.length * 7919);
      const days: PackedDay[] = [];
      for (let n = 0; n < 60; n++) days.push(dayOf(generate(next, [92, 96, 100][n % 3] as number)));
      for (const day of days) {
        const bytes = encodePackedDayBuffer(day);
        expect(bytes.length).toBe(encodedLength(day));
        expect(bytes[0]).toBe(PACKED_DAY_VERSION);
        expectSame(decodePackedDay(bytes), day);
      }
      const block = Buffer.concat(days.map(encodePackedDayBuffer));
      const back = decodePackedDays(block);
      expect(back).toHaveLength(days.length);
      back.forEach((day, i) => expectSame(day, days[i] as PackedDay));
    });
  }

  it('takes one or two bytes a value on metering data, and a byte for a run', () => {
    const next = random(5);
    let bytes = 0;
    let values = 0;
    for (let n = 0; n < 100; n++) {
      const day = dayOf((GENERATORS['metering'] as Generator)(next, 96));
      bytes += encodedLength(day);
      values += 96;
    }
    expect(bytes / values).toBeLessThan(1.6);
    expect(encodedLength(dayOf(new Array<number>(96).fill(0)))).toBe(5); // version, count, length, a two-byte run
    expect(encodedLength(dayOf(new Array<number>(96).fill(Number.NaN)))).toBe(5);
  });

  it('stores the largest jumps between int32 values exactly', () => {
    const day = dayOf([MAX, MIN_STORABLE, MAX, 0, MIN_STORABLE]);
    expectSame(decodePackedDay(encodePackedDayBuffer(day)), day);
  });

  it('writes into a larger buffer at an offset and reports where the frame ends', () => {
    const day = dayOf([5, 6, Number.NaN, 6, 6, 6, -3]);
    const buffer = Buffer.alloc(encodedLength(day) + 3);
    const end = encodePackedDay(day, buffer, 2);
    expect(end).toBe(2 + encodedLength(day));
    expectSame(decodePackedDay(buffer.subarray(2, end)), day);
  });

  it('ignores the interval count that callers of the legacy form pass', () => {
    const day = dayOf([1, 2, 3]);
    const bytes = encodePackedDayBuffer(day);
    expectSame(decodePackedDays(bytes, bytes.length / 4)[0], day);
  });

  it('refuses the value that marks an empty cell in the legacy form', () => {
    expect(() => encodePackedDayBuffer(dayOf([EMPTY_CELL]))).toThrow(RangeError);
  });

  it('refuses torn, padded and overlong frames', () => {
    const bytes = encodePackedDayBuffer(dayOf([10, 200, 7000, Number.NaN, 1]));
    expect(() => decodePackedDays(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    expect(() => decodePackedDays(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(RangeError);
    // a frame that claims fewer values than its body holds
    const lying = Buffer.from(bytes);
    lying[1] = 4;
    expect(() => decodePackedDays(lying)).toThrow(RangeError);
    // a run past the day's end
    expect(() => decodePackedDays(Buffer.from([PACKED_DAY_VERSION, 2, 1, 4 * 5 + 1]))).toThrow(RangeError);
  });
});

describe('packBatch', () => {
  it("cuts back into each day by its 1-based offset and length, with each day's totals", () => {
    const days = [dayOf([1, 2, undefined, 4]), dayOf([]), dayOf([-7, -7, -7, NaN, 2_000_000])];
    const batch = packBatch(days);
    expect(batch.values.length).toBe(batch.lengths.reduce((sum, length) => sum + length, 0));
    days.forEach((day, index) => {
      const from = (batch.offsets[index] as number) - 1;
      expectSame(decodePackedDay(batch.values.subarray(from, from + (batch.lengths[index] as number))), day);
    });
    expect(batch.present).toEqual([3, 0, 4]);
    expect(batch.totals).toEqual([7, 0, 1_999_979]);
  });
});
