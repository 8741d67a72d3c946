import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { allocate } from './allocate';
import { analyseIntervals } from './allocation-analytics';
import { starKey } from './allocation-test-factory';
import { missedPerConsumer } from './missed-sharing';

describe('missed sharing per consumption point (docs/keys.md)', () => {
  it('takes per interval the smaller of the group’s remaining export and the point’s remaining import', () => {
    // Interval 0: 10 kWh exported, 50/30/20 % keys; the consumers draw 2, 5 and 6 kWh: 7 shared, 3 left over.
    // Interval 1: nothing exported, so nothing could have been shared whatever the consumers drew.
    const key = starKey('static', [5000, 3000, 2000]);
    const input = {
      intervalCount: 2,
      production: Int32Array.of(1000, 0),
      demand: Int32Array.of(200, 10, 500, 20, 600, 30),
    };
    const result = allocate(key, input);
    // remaining import: 0, 200 (5 − 3), 400 (6 − 2); remaining export 300
    expect(Array.from(missedPerConsumer(input, result))).toEqual([0, 200, 300]);
  });

  it('adds the remaining export of every producer of the group', () => {
    const input = {
      intervalCount: 1,
      production: Int32Array.of(100, 250),
      demand: Int32Array.of(1000),
    };
    const shared = { producerShared: Int32Array.of(50, 0), consumerShared: Int32Array.of(50) };
    expect(Array.from(missedPerConsumer(input, shared))).toEqual([300]);
  });

  it('bounds each point by its remaining import and the group figure by the points’ sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 9, maxLength: 9 }),
        (weights, demandValues) => {
          const total = weights.reduce((a, b) => a + b, 0) || 1;
          const key = starKey(
            'static-iterative',
            weights.map((w) => Math.floor((w * 10_000) / total)),
          );
          const input = {
            intervalCount: 3,
            production: Int32Array.of(4_000, 0, 9_000),
            demand: Int32Array.from(demandValues),
          };
          const result = allocate(key, input);
          const missed = missedPerConsumer(input, result);
          const group = analyseIntervals(key, input, result).missed.reduce((a, b) => a + b, 0);
          missed.forEach((value, o) => {
            let remaining = 0;
            for (let i = 0; i < 3; i++)
              remaining += (input.demand[o * 3 + i] as number) - (result.consumerShared[o * 3 + i] as number);
            expect(value).toBeLessThanOrEqual(remaining);
            expect(value).toBeLessThanOrEqual(group);
          });
          expect(group).toBeLessThanOrEqual(missed.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });
});
