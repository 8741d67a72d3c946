import {
  createEdcDayBlock,
  edcOutOf,
  measuredFromEdc,
  type EdcDayBlock,
  type EdcPoint,
} from '@sdilna/shared/domain-edc';
import { rulesFor, type CommunityRules, type CommunityType } from '@sdilna/shared/domain-core';
import { allocate, type AllocationInput, type AllocationResult } from './allocate';
import type { AllocationKey } from './allocation-key';
import { compileKey, type CompiledKey } from './compiled-key';
import { keyRequestsIteration, keyRoundsOn, type DayRounds } from './key-rounds-rule';

/**
 * Glue between EDC day blocks (EDC signs: consumption IN ≤ 0) and the engine (import as positive demand). The
 * engine's columns are the export's production and consumption points in file order.
 */
export interface EdcAllocationPlan {
  /** the key compiled for the export's points, once per rounds value (see {@link edcDayRounds}) */
  compiled(rounds: number): CompiledKey;
  readonly key: AllocationKey;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  /** rules of the group's community type (the rounds rule is the same in every row) */
  readonly rules: (date: string) => CommunityRules;
  /** for each point of the export: its producer or consumer column in the engine */
  readonly engineColumn: Int32Array;
  readonly points: readonly EdcPoint[];
}

export function planEdcAllocation(
  key: AllocationKey,
  points: readonly EdcPoint[],
  communityType: CommunityType,
): EdcAllocationPlan {
  const producers: string[] = [];
  const consumers: string[] = [];
  const engineColumn = new Int32Array(points.length);
  points.forEach((point, p) => {
    const list = point.role === 'production' ? producers : consumers;
    engineColumn[p] = list.length;
    list.push(point.ean);
  });
  const byRounds = new Map<number, CompiledKey>();
  // Compiling checks the key against the points; do it now so a key that does not fit fails before any day.
  byRounds.set(1, compileKey(key, 1, { producers, consumers }));
  return {
    compiled(rounds) {
      let compiled = byRounds.get(rounds);
      if (compiled === undefined)
        byRounds.set(rounds, (compiled = compileKey(key, rounds, { producers, consumers })));
      return compiled;
    },
    key,
    producers,
    consumers,
    rules: (date) => rulesFor(communityType, date),
    engineColumn,
    points,
  };
}

/**
 * The day's rounds for an export: the group is the export's points, and a point whose IN cells are all empty that
 * day is not (yet, or any more) in the group. A point with zeros is in the group: EDC counts the registered
 * consumption EANs, whether they drew anything or not.
 */
export function edcDayRounds(plan: EdcAllocationPlan, day: EdcDayBlock): DayRounds {
  const count = day.intervalCount;
  let groupPoints = 0;
  let consumptionPoints = 0;
  plan.points.forEach((point, p) => {
    for (let i = p * count, end = i + count; i < end; i++) {
      if (day.inPresent[i] !== 1) continue;
      groupPoints++;
      if (point.role === 'consumption') consumptionPoints++;
      return;
    }
  });
  return keyRoundsOn(plan.key, plan.rules(day.date), {
    iterationRequested: keyRequestsIteration(plan.key),
    groupPoints,
    consumptionPoints,
  });
}

/** Allocates one day of an export with that day's rounds. */
export function allocateEdcDay(
  plan: EdcAllocationPlan,
  day: EdcDayBlock,
): { readonly result: AllocationResult; readonly rounds: DayRounds } {
  const rounds = edcDayRounds(plan, day);
  const result = allocate(plan.compiled(rounds.rounds), allocationInputFromEdcDay(plan, day));
  return { result, rounds };
}

/** The engine input of one day: IN of production points as export, −IN of consumption points as import. */
export function allocationInputFromEdcDay(plan: EdcAllocationPlan, day: EdcDayBlock): AllocationInput {
  const count = day.intervalCount;
  const production = new Int32Array(plan.producers.length * count);
  const demand = new Int32Array(plan.consumers.length * count);
  plan.points.forEach((point, p) => {
    const column = plan.engineColumn[p] as number;
    const target = point.role === 'production' ? production : demand;
    for (let i = 0; i < count; i++) {
      const at = p * count + i;
      // An empty IN is "no data": nothing to share, which the engine expresses as 0.
      target[column * count + i] =
        day.inPresent[at] === 1 ? measuredFromEdc(point.role, day.inValues[at] as number) : 0;
    }
  });
  return { intervalCount: count, production, demand };
}

/** A copy of the day with OUT computed from IN and the result (OUT present wherever IN is). */
export function edcDayWithComputedOut(
  plan: EdcAllocationPlan,
  day: EdcDayBlock,
  result: AllocationResult,
): EdcDayBlock {
  const count = day.intervalCount;
  const out = createEdcDayBlock(day.date, day.pointCount);
  out.inValues.set(day.inValues);
  out.inPresent.set(day.inPresent);
  out.outPresent.set(day.inPresent);
  plan.points.forEach((point, p) => {
    const column = plan.engineColumn[p] as number;
    const shared = point.role === 'production' ? result.producerShared : result.consumerShared;
    for (let i = 0; i < count; i++) {
      const at = p * count + i;
      // production: export left = IN − shared; consumption: import left (negative) = IN + shared
      out.outValues[at] = edcOutOf(
        point.role,
        day.inValues[at] as number,
        shared[column * count + i] as number,
      );
    }
  });
  return out;
}

export interface OutMismatch {
  readonly date: string;
  readonly interval: number;
  readonly startUtcMs: number;
  readonly line: number;
  readonly ean: string;
  readonly role: EdcPoint['role'];
  /** OUT in the file, undefined when empty */
  readonly actual: number | undefined;
  readonly expected: number;
}

/** Compares the file's OUT with the computed one; returns the number of intervals compared and matched. */
export function compareEdcOut(
  plan: EdcAllocationPlan,
  day: EdcDayBlock,
  computed: EdcDayBlock,
  onMismatch: (mismatch: OutMismatch) => void,
): { compared: number; matched: number } {
  const count = day.intervalCount;
  let compared = 0;
  let matched = 0;
  for (let i = 0; i < count; i++) {
    compared++;
    let intervalMatches = true;
    for (let p = 0; p < day.pointCount; p++) {
      const at = p * count + i;
      if (day.inPresent[at] !== 1) continue;
      const actual = day.outPresent[at] === 1 ? (day.outValues[at] as number) : undefined;
      const expected = computed.outValues[at] as number;
      if (actual !== expected) {
        intervalMatches = false;
        const point = plan.points[p] as EdcPoint;
        onMismatch({
          date: day.date,
          interval: i,
          startUtcMs: day.startUtcMs[i] as number,
          line: day.lineOfInterval[i] as number,
          ean: point.ean,
          role: point.role,
          actual,
          expected,
        });
      }
    }
    if (intervalMatches) matched++;
  }
  return { compared, matched };
}
