import type { AllocationInput, AllocationResult } from './allocation-io';
import type { CompiledKey } from './compiled-key';
import { potentialSharing } from './potential-sharing';

/** Group totals per interval (0.01 kWh), the series behind the portal's charts and the "missed" figure. */
export interface GroupIntervalAnalytics {
  readonly intervalCount: number;
  readonly production: Int32Array;
  readonly demand: Int32Array;
  readonly shared: Int32Array;
  readonly residualExport: Int32Array;
  readonly residualImport: Int32Array;
  /** min(Σ residual export, Σ residual import): what a better key could have shared (§3.6) */
  readonly missed: Int32Array;
  /** exact static (infinite rounds) upper bound, when asked for */
  readonly potential: Int32Array | undefined;
}

export function analyseIntervals(
  key: CompiledKey,
  input: AllocationInput,
  result: AllocationResult,
  options: { potential?: boolean } = {},
): GroupIntervalAnalytics {
  const count = input.intervalCount;
  const production = new Int32Array(count);
  const demand = new Int32Array(count);
  const shared = new Int32Array(count);
  const consumerShared = new Int32Array(count);
  sumColumns(input.production, key.producers.length, count, production, true);
  sumColumns(input.demand, key.consumers.length, count, demand, true);
  sumColumns(result.producerShared, key.producers.length, count, shared, false);
  sumColumns(result.consumerShared, key.consumers.length, count, consumerShared, false);
  const residualExport = new Int32Array(count);
  const residualImport = new Int32Array(count);
  const missed = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    residualExport[i] = (production[i] as number) - (shared[i] as number);
    residualImport[i] = (demand[i] as number) - (consumerShared[i] as number);
    missed[i] = Math.min(residualExport[i] as number, residualImport[i] as number);
  }
  return {
    intervalCount: count,
    production,
    demand,
    shared,
    residualExport,
    residualImport,
    missed,
    potential: options.potential ? potentialSharing(key, input) : undefined,
  };
}

function sumColumns(
  values: Int32Array,
  columns: number,
  count: number,
  into: Int32Array,
  positiveOnly: boolean,
): void {
  for (let c = 0; c < columns; c++) {
    for (let i = 0; i < count; i++) {
      const value = values[c * count + i] as number;
      if (!positiveOnly || value > 0) into[i] = (into[i] as number) + value;
    }
  }
}

export interface PointTotals {
  readonly ean: string;
  /** export (producers) or import (consumers), 0.01 kWh */
  readonly measured: number;
  readonly shared: number;
  readonly residual: number;
  /** shared / measured: utilisation of a producer, self-sufficiency of a consumer; 0 when nothing was measured */
  readonly ratio: number;
}

export interface AllocationSummary {
  readonly intervals: number;
  readonly production: number;
  readonly demand: number;
  readonly shared: number;
  readonly residualExport: number;
  readonly residualImport: number;
  readonly missed: number;
  readonly potential: number | undefined;
  readonly producers: readonly PointTotals[];
  readonly consumers: readonly PointTotals[];
}

/** Sums blocks (e.g. days) into totals per EAN and for the group, so a year never has to sit in memory. */
export class AllocationSummaryBuilder {
  private intervals = 0;
  private readonly producerMeasured: Float64Array;
  private readonly producerShared: Float64Array;
  private readonly consumerMeasured: Float64Array;
  private readonly consumerShared: Float64Array;
  private missed = 0;
  private potential: number | undefined;

  constructor(private readonly key: CompiledKey) {
    this.producerMeasured = new Float64Array(key.producers.length);
    this.producerShared = new Float64Array(key.producers.length);
    this.consumerMeasured = new Float64Array(key.consumers.length);
    this.consumerShared = new Float64Array(key.consumers.length);
  }

  add(
    input: AllocationInput,
    result: AllocationResult,
    options: { potential?: boolean } = {},
  ): GroupIntervalAnalytics {
    const analytics = analyseIntervals(this.key, input, result, options);
    const count = input.intervalCount;
    this.intervals += count;
    addColumns(input.production, count, this.producerMeasured);
    addColumns(result.producerShared, count, this.producerShared);
    addColumns(input.demand, count, this.consumerMeasured);
    addColumns(result.consumerShared, count, this.consumerShared);
    for (let i = 0; i < count; i++) this.missed += analytics.missed[i] as number;
    if (analytics.potential) {
      let sum = this.potential ?? 0;
      for (let i = 0; i < count; i++) sum += analytics.potential[i] as number;
      this.potential = sum;
    }
    return analytics;
  }

  summary(): AllocationSummary {
    const producers = this.key.producers.map((ean, d) =>
      totals(ean, this.producerMeasured[d] as number, this.producerShared[d] as number),
    );
    const consumers = this.key.consumers.map((ean, o) =>
      totals(ean, this.consumerMeasured[o] as number, this.consumerShared[o] as number),
    );
    const sum = (list: readonly PointTotals[], field: 'measured' | 'shared' | 'residual') =>
      list.reduce((total, point) => total + point[field], 0);
    return {
      intervals: this.intervals,
      production: sum(producers, 'measured'),
      demand: sum(consumers, 'measured'),
      shared: sum(producers, 'shared'),
      residualExport: sum(producers, 'residual'),
      residualImport: sum(consumers, 'residual'),
      missed: this.missed,
      potential: this.potential,
      producers,
      consumers,
    };
  }
}

function addColumns(values: Int32Array, count: number, into: Float64Array): void {
  for (let c = 0; c < into.length; c++) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const value = values[c * count + i] as number;
      if (value > 0) sum += value;
    }
    into[c] = (into[c] as number) + sum;
  }
}

function totals(ean: string, measured: number, shared: number): PointTotals {
  return { ean, measured, shared, residual: measured - shared, ratio: measured > 0 ? shared / measured : 0 };
}
