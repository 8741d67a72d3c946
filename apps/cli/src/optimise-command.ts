import { basename } from 'node:path';
import {
  allocateEdcDay,
  keyToFile,
  validateKeyFile,
  type AllocationKey,
  type EdcAllocationPlan,
} from '@sdilna/shared/domain-allocation';
import {
  basisPointsFromPercentText,
  formatKwhFixed,
  rulesFor,
  type CommunityType,
} from '@sdilna/shared/domain-core';
import type { EdcStandardExport } from '@sdilna/shared/domain-edc';
import {
  AdviceInputCollector,
  adviceKey,
  adviseKey,
  defaultPairs,
  edcRegistrationCsv,
  flatStart,
  KeyAdviceError,
  pairBounds,
  type AdvicePair,
  type KeyAdviceProblem,
} from '@sdilna/shared/domain-key-advice';
import { planFor } from './allocate-command';
import { daysOf, openExport } from './edc-input';
import { PendingFile } from './file-io';
import { loadKey } from './key-loading';
import { UserError } from './user-error';

/** As in `allocate`: the rounds rule is EDC's and the same in every row of the rules table. */
const EXPORT_COMMUNITY_TYPE: CommunityType = 'energy-community';

export interface OptimiseOptions {
  readonly measured: readonly string[];
  readonly out: string;
  readonly current?: string | undefined;
  readonly rounds?: number | undefined;
  /** percent as typed ("3,5" or "3.5") */
  readonly minPercent?: string | undefined;
  readonly maxChange?: string | undefined;
}

/** `--min-percent` and `--max-change`: 0..100 with at most two decimals, as key percentages. */
export function percentOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return basisPointsFromPercentText(text);
  } catch (error) {
    throw new UserError(
      `${name} ${JSON.stringify(text)}: ${error instanceof Error ? error.message : String(error)}; expected 0..100 with at most 2 decimals`,
    );
  }
}

/** The EDC registration table beside the key file: `key.json` → `key.edc.csv`. */
export function registrationPath(out: string): string {
  return out.replace(/(\.json)?$/i, '.edc.csv');
}

/**
 * `optimise`: reads the measured (IN) values of the exports, searches the key that shares most under EDC's
 * algorithm (libs/shared/domain-key-advice), writes it as a key file plus EDC's registration table, and prints
 * the shared kWh of the current (or a flat) key and of the proposal per export.
 */
export async function runOptimise(
  options: OptimiseOptions,
  print: (line: string) => void,
  log: (line: string) => void,
): Promise<void> {
  const minBasisPoints = percentOption('--min-percent', options.minPercent);
  const maxChangeBasisPoints = percentOption('--max-change', options.maxChange);
  if (maxChangeBasisPoints !== undefined && options.current === undefined)
    throw new UserError('--max-change needs --current <key.json> (the key the change is measured from)');
  const current = options.current !== undefined ? await loadKey(options.current) : undefined;
  const method = options.rounds === 1 ? 'static' : 'static-iterative';

  const readers: EdcStandardExport[] = [];
  for (const path of options.measured) readers.push(await openExport(path, { outChecks: 'off' }));
  const collector = new AdviceInputCollector({
    method,
    rounds: options.rounds,
    communityType: EXPORT_COMMUNITY_TYPE,
  });
  try {
    for (const reader of readers) collector.addPoints(reader.points);
  } catch (error) {
    throw asUserError(error);
  }
  const periods: { file: string; from: string; to: string; days: number }[] = [];
  for (const [month, reader] of readers.entries()) {
    const period = { file: reader.file, from: '', to: '', days: 0 };
    for await (const day of daysOf(reader)) {
      collector.addDay(month, reader.points, day);
      period.from ||= day.date;
      period.to = day.date;
      period.days++;
    }
    if (period.days === 0) throw new UserError(`${reader.file} holds no days`);
    periods.push(period);
  }
  const problem = collector.problem(pairsFor(collector, current, log));
  if (problem.pairs.length === 0)
    throw new UserError(
      'no pair of the current key names a production and a consumption point of the exports',
    );
  const currentBasisPoints = current ? basisPointsOf(problem, current) : undefined;
  const constraints = { minBasisPoints, maxChangeBasisPoints, current: currentBasisPoints };
  try {
    // Impossible constraints are refused before anything is printed (one line, exit 2).
    pairBounds(problem, constraints);
  } catch (error) {
    throw asUserError(error);
  }
  log(
    `optimise: ${collector.producers.length} production and ${collector.consumers.length} consumption points, ${periods.reduce((n, p) => n + p.days, 0)} days in ${periods.length} export${periods.length === 1 ? '' : 's'}`,
  );

  let advice;
  try {
    let lastDecile = -1;
    advice = adviseKey(problem, {
      ...constraints,
      onProgress: ({ done }) => {
        const decile = Math.floor(done * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        log(`progress: ${decile * 10} %`);
      },
    });
  } catch (error) {
    throw asUserError(error);
  }
  const proposal = adviceKey(problem, advice.basisPoints, options.rounds);
  const checked = validateKeyFile(keyToFile(proposal));
  if (checked.key === undefined)
    throw new Error(`the proposal is not a valid key file: ${checked.issues[0]?.message ?? ''}`);

  const keyFile = new PendingFile(options.out);
  const registration = new PendingFile(registrationPath(options.out));
  await keyFile.write(oneChunk(`${JSON.stringify(keyToFile(proposal), null, 2)}\n`));
  await registration.write(oneChunk(edcRegistrationCsv(proposal)));
  await keyFile.commit();
  await registration.commit();

  // The figures come from the same path as `allocate`: each key run by the engine on each day of each export.
  const reference: { name: string; key: AllocationKey } = current
    ? { name: 'current', key: current }
    : {
        name: 'flat',
        key: adviceKey(problem, flatStart(problem, pairBounds(problem, {})), options.rounds),
      };
  const rows: { label: string; reference: number; proposal: number }[] = [];
  for (const [month, path] of options.measured.entries()) {
    const reader = await openExport(path, { outChecks: 'off' });
    const plans = [planOrNone(reference.key, reader), planFor(proposal, reader.points)];
    const shared = [0, 0];
    for await (const day of daysOf(reader)) {
      plans.forEach((plan, k) => {
        if (plan === undefined) return;
        const { result } = allocateEdcDay(plan, day);
        let sum = 0;
        for (const value of result.producerShared) sum += value;
        shared[k] = (shared[k] as number) + sum;
      });
    }
    const period = periods[month] as (typeof periods)[number];
    rows.push({
      label: `${basename(period.file)} ${period.from}..${period.to}`,
      reference: shared[0] as number,
      proposal: shared[1] as number,
    });
  }
  const total = rows.reduce(
    (sum, row) => ({
      label: 'total',
      reference: sum.reference + row.reference,
      proposal: sum.proposal + row.proposal,
    }),
    { label: 'total', reference: 0, proposal: 0 },
  );
  print(`shared kWh per export: ${reference.name} key → proposal`);
  for (const row of [...rows, ...(rows.length > 1 ? [total] : [])])
    print(
      `  ${row.label}: ${formatKwhFixed(row.reference)} → ${formatKwhFixed(row.proposal)} kWh (${change(row.reference, row.proposal)})`,
    );
  for (const [rounds, days] of [...collector.roundsDays.entries()].sort((a, b) => a[0] - b[0]))
    print(
      `rounds: ${rounds} on ${days} day${days === 1 ? '' : 's'} (${options.rounds !== undefined ? 'what-if' : 'EDC'})`,
    );
  print(`key: ${options.out}`);
  print(`EDC registration: ${registrationPath(options.out)}`);
}

/** Pairs of the current key within the exports' points, or every consumer with every producer. */
function pairsFor(
  collector: AdviceInputCollector,
  current: AllocationKey | undefined,
  log: (line: string) => void,
): AdvicePair[] {
  if (current === undefined) {
    try {
      return defaultPairs(
        collector.producers,
        collector.consumers,
        rulesFor(EXPORT_COMMUNITY_TYPE, '2026-01-01').maxProducersPerConsumer,
      );
    } catch (error) {
      throw asUserError(error);
    }
  }
  const producers = new Set(collector.producers);
  const consumers = new Set(collector.consumers);
  for (const a of current.allocations) {
    if (consumers.has(a.producer))
      throw new UserError(`current key producer ${a.producer} is a consumption point of the exports`);
    if (producers.has(a.consumer))
      throw new UserError(`current key consumer ${a.consumer} is a production point of the exports`);
  }
  const pairs = current.allocations
    .filter((a) => producers.has(a.producer) && consumers.has(a.consumer))
    .map((a) => ({ producer: a.producer, consumer: a.consumer, priority: a.priority }));
  const left = current.allocations.length - pairs.length;
  if (left > 0)
    log(
      `note: ${left} pair${left === 1 ? '' : 's'} of the current key name points not in the exports; the proposal leaves them out`,
    );
  const served = new Set(pairs.map((pair) => pair.consumer));
  const unserved = collector.consumers.filter((ean) => !served.has(ean)).length;
  if (unserved > 0)
    log(
      `note: ${unserved} consumption point${unserved === 1 ? ' has' : 's have'} no pair in the current key and get none`,
    );
  return pairs;
}

function basisPointsOf(problem: KeyAdviceProblem, key: AllocationKey): Int32Array {
  const of = new Map(key.allocations.map((a) => [`${a.producer}-${a.consumer}`, a.basisPoints]));
  return Int32Array.from(problem.pairs, (pair) => of.get(`${pair.producer}-${pair.consumer}`) ?? 0);
}

/** A current key that shares nothing with an export's points is shown as 0 for it, not refused. */
function planOrNone(key: AllocationKey, reader: EdcStandardExport): EdcAllocationPlan | undefined {
  try {
    return planFor(key, reader.points);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

function change(before: number, after: number): string {
  if (before === 0) return after === 0 ? '±0 %' : 'new';
  const percent = ((after - before) / before) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)} %`;
}

function asUserError(error: unknown): unknown {
  return error instanceof KeyAdviceError ? new UserError(error.message) : error;
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}
