import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { AllocationSummaryBuilder, analyseIntervals } from './allocation-analytics';
import { starKey } from './allocation-test-factory';
import { potentialSharing } from './potential-sharing';

describe('allocation analytics (domain.md §3.6)', () => {
  const key = starKey('static', [5000, 3000, 2000]);
  // Interval 0: the §3.1 example. Interval 1: no production at night.
  const input = {
    intervalCount: 2,
    production: Int32Array.of(1000, 0),
    demand: Int32Array.of(200, 10, 500, 20, 600, 30),
  };

  it('reports shared, residual export and import and missed sharing per interval', () => {
    const analytics = analyseIntervals(key, input, allocate(key, input), { potential: true });
    expect(Array.from(analytics.shared)).toEqual([700, 0]);
    expect(Array.from(analytics.residualExport)).toEqual([300, 0]);
    expect(Array.from(analytics.residualImport)).toEqual([600, 60]);
    expect(Array.from(analytics.missed)).toEqual([300, 0]);
  });

  it('computes the exact-static potential as min(P, Σ D)', () => {
    expect(Array.from(potentialSharing(key, input))).toEqual([1000, 0]);
    const small = { intervalCount: 1, production: Int32Array.of(5000), demand: Int32Array.of(200, 500, 600) };
    expect(Array.from(potentialSharing(key, small))).toEqual([1300]);
  });

  it('never puts the potential below what static-iterative shares', () => {
    const iterative = starKey('static-iterative', [5000, 3000, 2000]);
    const result = allocate(iterative, input);
    expect(potentialSharing(iterative, input)[0]).toBeGreaterThanOrEqual(result.producerShared[0] as number);
  });

  it('sums blocks into utilisation of producers and self-sufficiency of consumers', () => {
    const builder = new AllocationSummaryBuilder(key);
    builder.add(input, allocate(key, input), { potential: true });
    builder.add(input, allocate(key, input), { potential: true });
    const summary = builder.summary();
    expect(summary).toMatchObject({
      intervals: 4,
      production: 2000,
      demand: 2720,
      shared: 1400,
      residualExport: 600,
      missed: 600,
      potential: 2000,
    });
    expect(summary.producers[0]?.ratio).toBeCloseTo(0.7);
    expect(summary.consumers.map((c) => c.shared)).toEqual([400, 600, 400]);
    expect(summary.consumers[0]?.ratio).toBeCloseTo(400 / 420);
  });
});
