import {
  daysInRange,
  INTERVAL_MS,
  pragueDay,
  pragueDayIntervals,
  type LocalDate,
} from '@sdilna/shared/domain-core';
import {
  allocateEdcDay,
  edcDayWithComputedOut,
  planEdcAllocation,
  type AllocationKey,
  type KeyFile,
  keyToFile,
} from '@sdilna/shared/domain-allocation';
import { createEdcDayBlock, type EdcDayBlock, type EdcPoint } from '@sdilna/shared/domain-edc';
import { dayContext, MEAN_SUNSHINE_BY_MONTH, type DayContext } from './day-context';
import { profileShape, type ProfileKind } from './profiles';
import type { ScenarioDefinition, ScenarioSite } from './scenario-definition';
import { randomFor } from './seeded-random';

/** Export points in column order: for each site its production point, then its consumption point. */
export function scenarioPoints(definition: ScenarioDefinition): EdcPoint[] {
  return definition.sites.flatMap((site) => [
    ...(site.producerEan ? [{ ean: site.producerEan, role: 'production' as const }] : []),
    ...(site.consumerEan ? [{ ean: site.consumerEan, role: 'consumption' as const }] : []),
  ]);
}

export function scenarioKey(definition: ScenarioDefinition): AllocationKey {
  return { method: definition.method, allocations: definition.allocations };
}

export function scenarioKeyFile(definition: ScenarioDefinition): KeyFile {
  return keyToFile(scenarioKey(definition));
}

const annualShapeSums = new Map<string, number>();

/**
 * Sum of a profile's noise-free shape over a calendar year (PV at the month's mean sky), so that a series scaled
 * by annualKwh / sum has the table's annual total in expectation, whatever range is generated.
 */
function annualShapeSum(kind: ProfileKind, year: number): number {
  const cacheKey = `${kind}:${year}`;
  const cached = annualShapeSums.get(cacheKey);
  if (cached !== undefined) return cached;
  let sum = 0;
  for (const date of daysInRange(`${year}-01-01`, `${year}-12-31`)) {
    const day = dayContext(date, 0);
    const sunshine = MEAN_SUNSHINE_BY_MONTH[day.month - 1] as number;
    forEachInterval(
      date,
      (localHour, utcHour) => (sum += profileShape(kind, day, localHour, utcHour, sunshine)),
    );
  }
  annualShapeSums.set(cacheKey, sum);
  return sum;
}

/** Local and UTC hour (fractional, at the middle of each interval) of a day's intervals, computed once per day. */
interface DayHours {
  readonly localHour: Float64Array;
  readonly utcHour: Float64Array;
}

function dayHours(date: LocalDate): DayHours {
  const { startUtcMs } = pragueDay(date);
  const intervals = pragueDayIntervals(date);
  const localHour = new Float64Array(intervals.length);
  const utcHour = new Float64Array(intervals.length);
  intervals.forEach((interval, index) => {
    const [h, m] = interval.from.split(':').map(Number) as [number, number];
    localHour[index] = h + (m + 7.5) / 60;
    utcHour[index] = ((((startUtcMs + index * INTERVAL_MS + INTERVAL_MS / 2) / 3_600_000) % 24) + 24) % 24;
  });
  return { localHour, utcHour };
}

function forEachInterval(
  date: LocalDate,
  visit: (localHour: number, utcHour: number, index: number) => void,
): void {
  const hours = dayHours(date);
  for (let i = 0; i < hours.localHour.length; i++)
    visit(hours.localHour[i] as number, hours.utcHour[i] as number, i);
}

/** kWh·100 per interval of a site's generation or load on one day, with per-interval noise. */
function series(
  kind: ProfileKind,
  annualKwh: number,
  day: DayContext,
  hours: DayHours,
  seed: number,
  stream: number,
  noise: number,
): Float64Array {
  const year = Number(day.date.slice(0, 4));
  const scale = (annualKwh * 100) / annualShapeSum(kind, year);
  const random = randomFor(seed, stream, day.dayOfYear, year);
  const count = hours.localHour.length;
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const shape = profileShape(
      kind,
      day,
      hours.localHour[i] as number,
      hours.utcHour[i] as number,
      day.sunshine,
    );
    values[i] = shape * scale * (1 + (random() - 0.5) * noise);
  }
  return values;
}

/** Grid export and import of a site: generation against load, through its battery (which starts each day a third full). */
function gridFlows(
  site: ScenarioSite,
  siteIndex: number,
  day: DayContext,
  hours: DayHours,
  seed: number,
): { exported: Float64Array; imported: Float64Array } {
  const count = hours.localHour.length;
  const generation = site.generation
    ? series(site.generation.kind, site.generation.annualKwh, day, hours, seed, 2 * siteIndex, 0.15)
    : new Float64Array(count);
  const load = site.load
    ? series(site.load.kind, site.load.annualKwh, day, hours, seed, 2 * siteIndex + 1, 0.3)
    : new Float64Array(count);
  const capacity = (site.batteryKwh ?? 0) * 100;
  const maxStep = capacity / 2 / 4; // 0.5 C for a quarter hour
  let charge = capacity / 3;
  const exported = new Float64Array(count);
  const imported = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let net = (generation[i] as number) - (load[i] as number);
    if (net > 0 && capacity > 0) {
      const stored = Math.min(net, capacity - charge, maxStep);
      charge += stored;
      net -= stored;
    } else if (net < 0 && capacity > 0) {
      const drawn = Math.min(-net, charge, maxStep);
      charge -= drawn;
      net += drawn;
    }
    if (net >= 0) exported[i] = net;
    else imported[i] = -net;
  }
  return { exported, imported };
}

export interface GenerateOptions {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly seed: number;
}

/**
 * Days of an EDC standard export for the scenario: IN from the synthetic profiles, OUT computed by the same
 * engine that replays real EDC data. Deterministic for a seed; any range, DST days included.
 */
export function* generateScenarioDays(
  definition: ScenarioDefinition,
  options: GenerateOptions,
): Generator<EdcDayBlock> {
  if (options.from > options.to) throw new RangeError(`--from ${options.from} is after --to ${options.to}`);
  const points = scenarioPoints(definition);
  const plan = planEdcAllocation(scenarioKey(definition), points, definition.communityType);
  const pointOf = new Map(points.map((point, p) => [`${point.role}:${point.ean}`, p]));
  for (const date of daysInRange(options.from, options.to)) {
    const day = dayContext(date, options.seed);
    const hours = dayHours(date);
    const block = createEdcDayBlock(date, points.length);
    const count = block.intervalCount;
    definition.sites.forEach((site, siteIndex) => {
      const { exported, imported } = gridFlows(site, siteIndex, day, hours, options.seed);
      if (site.producerEan)
        fill(block, pointOf.get(`production:${site.producerEan}`) as number, exported, 1, count);
      if (site.consumerEan)
        fill(block, pointOf.get(`consumption:${site.consumerEan}`) as number, imported, -1, count);
    });
    yield edcDayWithComputedOut(plan, block, allocateEdcDay(plan, block).result);
  }
}

function fill(block: EdcDayBlock, point: number, values: Float64Array, sign: 1 | -1, count: number): void {
  for (let i = 0; i < count; i++) {
    const at = point * count + i;
    const value = Math.round(values[i] as number);
    block.inValues[at] = value === 0 ? 0 : sign * value;
    block.inPresent[at] = 1;
  }
}
