import { describe, expect, it } from 'vitest';
import { allocateInterval } from './allocate-interval';
import { starKey, testEan } from './allocation-test-factory';
import { compileKey } from './compiled-key';

const keys = [5000, 3000, 2000];

describe('static (domain.md §3.1)', () => {
  it('shares P = 10.00 with keys 50/30/20 and D = 2/5/6 as 2.00, 3.00, 2.00, leaving 3.00 exported', () => {
    const result = allocateInterval(starKey('static', keys), [1000], [200, 500, 600]);
    expect(result.consumerShared).toEqual([200, 300, 200]);
    expect(1000 - (result.producerShared[0] as number)).toBe(300);
  });
});

describe('static-iterative (domain.md §3.2)', () => {
  it("shares the worked example with EDC's 3 rounds for 3 consumers as A 2.00, B 4.35, C 2.90 with 0.75 left", () => {
    const key = starKey('static-iterative', keys);
    expect(key.rounds).toBe(3);
    const result = allocateInterval(key, [1000], [200, 500, 600]);
    expect(result.consumerShared).toEqual([200, 435, 290]);
    expect(1000 - (result.producerShared[0] as number)).toBe(75);
  });

  it('shares the example with 5 rounds (a what-if) as A 2.00, B 4.68, C 3.12 with 0.20 left', () => {
    const result = allocateInterval(starKey('static-iterative', keys, 5), [1000], [200, 500, 600]);
    expect(result.consumerShared).toEqual([200, 468, 312]);
    expect(1000 - (result.producerShared[0] as number)).toBe(20);
  });

  it('shares the second check P = 12.00, D = 4/5/6 with 5 rounds as 4.00, 4.72, 3.15', () => {
    const result = allocateInterval(starKey('static-iterative', keys, 5), [1200], [400, 500, 600]);
    expect(result.consumerShared).toEqual([400, 472, 315]);
  });

  it('follows the rounds of the example one by one when limited to fewer rounds', () => {
    // After round 2 of the example: B 3.00 + 0.90, C 2.00 + 0.60.
    expect(
      allocateInterval(starKey('static-iterative', keys, 2), [1000], [200, 500, 600]).consumerShared,
    ).toEqual([200, 390, 260]);
    // After round 4: B 4.57, C 3.05.
    expect(
      allocateInterval(starKey('static-iterative', keys, 4), [1000], [200, 500, 600]).consumerShared,
    ).toEqual([200, 457, 305]);
  });

  it('equals static with one round', () => {
    const iterative = allocateInterval(starKey('static-iterative', keys, 1), [1000], [200, 500, 600]);
    expect(iterative.consumerShared).toEqual(
      allocateInterval(starKey('static', keys), [1000], [200, 500, 600]).consumerShared,
    );
  });
});

describe('dynamic (domain.md §3.3)', () => {
  it('covers everyone when total demand fits in the export', () => {
    const result = allocateInterval(starKey('dynamic', keys), [1000], [200, 300, 400]);
    expect(result.consumerShared).toEqual([200, 300, 400]);
  });

  it('splits proportionally to demand and hands the crumbs out by largest remainder', () => {
    // P = 10.00, D = 2/5/6 (Σ 13): exact shares 1.538…, 3.846…, 4.615… → floors 153, 384, 461 (Σ 998);
    // remainders 0.846, 0.615, 0.538 ×13 → the two crumbs go to A and B.
    const result = allocateInterval(starKey('dynamic', keys), [1000], [200, 500, 600]);
    expect(result.consumerShared).toEqual([154, 385, 461]);
    expect(result.producerShared).toEqual([1000]);
  });

  it('breaks equal remainders by the lower EAN', () => {
    const result = allocateInterval(starKey('dynamic', [3333, 3333, 3334]), [100], [100, 100, 100]);
    expect(result.consumerShared).toEqual([34, 33, 33]);
  });
});

describe('hybrid (domain.md §3.4)', () => {
  it('runs one static round by keys and shares the rest dynamically by remaining need', () => {
    // Static round: 2.00 / 3.00 / 2.00, 3.00 left; remaining need B 2.00, C 4.00 (Σ 6) → B 1.00, C 2.00.
    const result = allocateInterval(starKey('hybrid', keys), [1000], [200, 500, 600]);
    expect(result.consumerShared).toEqual([200, 400, 400]);
    expect(result.producerShared).toEqual([1000]);
  });
});

describe('several producers per consumer (domain.md §3.5)', () => {
  const p0 = testEan('producer', 0);
  const p1 = testEan('producer', 1);
  const c0 = testEan('consumer', 0);
  const c1 = testEan('consumer', 1);

  it('lets a consumer take from its priority-1 producer first, on bases frozen at the round start', () => {
    const key = compileKey(
      {
        method: 'static',
        allocations: [
          { producer: p1, consumer: c0, basisPoints: 10_000, priority: 2 },
          { producer: p0, consumer: c0, basisPoints: 5_000, priority: 1 },
          { producer: p0, consumer: c1, basisPoints: 5_000, priority: 1 },
        ],
      },
      1,
    );
    // c0 needs 8.00: 5.00 from p0 (50 % of 10.00), then min(3.00, 100 % of 4.00) = 3.00 from p1.
    const result = allocateInterval(key, [400, 1000], [800, 100]);
    expect(key.producers).toEqual([p1, p0]);
    const pairs = Object.fromEntries(
      Array.from(key.pairProducer, (d, q) => [
        `${key.producers[d]}>${key.consumers[key.pairConsumer[q] as number]}`,
        result.pairShared[q],
      ]),
    );
    expect(pairs).toEqual({ [`${p0}>${c0}`]: 500, [`${p1}>${c0}`]: 300, [`${p0}>${c1}`]: 100 });
  });
});
