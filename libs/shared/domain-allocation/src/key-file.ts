import {
  basisPointsFromPercent,
  basisPointsToPercent,
  describeEanProblem,
  eanProblem,
  FULL_KEY_BASIS_POINTS,
} from '@sdilna/shared/domain-core';
import {
  ALLOCATION_METHODS,
  MAX_ITERATIVE_ROUNDS,
  MAX_PRIORITY,
  type AllocationKey,
  type AllocationMethod,
  type KeyAllocation,
  type KeyFile,
} from './allocation-key';

/** A problem in a key file; `index` (0-based position in `allocations`), producer and consumer name the entry. */
export interface KeyFileIssue {
  readonly path: string;
  readonly index?: number;
  readonly producer?: string;
  readonly consumer?: string;
  readonly message: string;
}

export function formatKeyFileIssue(issue: KeyFileIssue): string {
  return `${issue.path}: ${issue.message}`;
}

export class KeyFileError extends Error {
  constructor(readonly issues: readonly KeyFileIssue[]) {
    super(issues.map(formatKeyFileIssue).join('; '));
    this.name = 'KeyFileError';
  }
}

export interface KeyFileOptions {
  /** legal limit of producers per consumer (community rules); 5 by default */
  readonly maxProducersPerConsumer?: number;
}

/** Validates a parsed key file (contract.md §1) and returns every problem, or the typed key when there is none. */
export function validateKeyFile(
  input: unknown,
  options: KeyFileOptions = {},
):
  | { readonly key: AllocationKey; readonly issues: readonly [] }
  | { readonly key: undefined; readonly issues: readonly KeyFileIssue[] } {
  const issues: KeyFileIssue[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      key: undefined,
      issues: [{ path: 'key', message: 'expected a JSON object with "method" and "allocations"' }],
    };
  }
  const record = input as Record<string, unknown>;

  const method = record['method'];
  if (!ALLOCATION_METHODS.includes(method as AllocationMethod)) {
    issues.push({
      path: 'method',
      message: `unknown method ${JSON.stringify(method)}; expected one of ${ALLOCATION_METHODS.join(', ')}`,
    });
  }

  // No default: without an explicit what-if the rounds are EDC's, derived from the group on each day.
  let rounds: number | undefined;
  const roundsValue = record['rounds'];
  if (roundsValue !== undefined) {
    if (
      !Number.isInteger(roundsValue) ||
      (roundsValue as number) < 1 ||
      (roundsValue as number) > MAX_ITERATIVE_ROUNDS
    ) {
      issues.push({
        path: 'rounds',
        message: `rounds ${JSON.stringify(roundsValue)} is not allowed; expected an integer 1..${MAX_ITERATIVE_ROUNDS}`,
      });
    } else if (method === 'static-iterative') {
      rounds = roundsValue as number;
    } else if (roundsValue !== 1 && ALLOCATION_METHODS.includes(method as AllocationMethod)) {
      issues.push({
        path: 'rounds',
        message: `rounds applies only to method static-iterative; ${String(method)} runs one round`,
      });
    }
  }

  const list = record['allocations'];
  const allocations: KeyAllocation[] = [];
  const positions: number[] = [];
  if (!Array.isArray(list)) {
    issues.push({
      path: 'allocations',
      message: 'expected an array of { producer, consumer, percent, priority }',
    });
  } else {
    list.forEach((entry, index) => {
      const allocation = parseAllocation(entry, index, issues);
      if (allocation) {
        allocations.push(allocation);
        positions.push(index);
      }
    });
    checkAcrossEntries(allocations, positions, issues, options.maxProducersPerConsumer ?? 5);
  }

  if (issues.length > 0) return { key: undefined, issues };
  return {
    key: { method: method as AllocationMethod, ...(rounds !== undefined ? { rounds } : {}), allocations },
    issues: [],
  };
}

/** Like {@link validateKeyFile} but throws {@link KeyFileError} listing every problem. */
export function parseKeyFile(input: unknown, options: KeyFileOptions = {}): AllocationKey {
  const result = validateKeyFile(input, options);
  if (result.key === undefined) throw new KeyFileError(result.issues);
  return result.key;
}

/** The key as a key file (for EDC registration and the API's export); `rounds` only where a what-if set it. */
export function keyToFile(key: AllocationKey): KeyFile {
  return {
    method: key.method,
    ...(key.method === 'static-iterative' && key.rounds !== undefined ? { rounds: key.rounds } : {}),
    allocations: key.allocations.map((a) => ({
      producer: a.producer,
      consumer: a.consumer,
      percent: basisPointsToPercent(a.basisPoints),
      priority: a.priority,
    })),
  };
}

function parseAllocation(entry: unknown, index: number, issues: KeyFileIssue[]): KeyAllocation | undefined {
  const path = `allocations[${index}]`;
  if (typeof entry !== 'object' || entry === null) {
    issues.push({ path, index, message: 'expected an object { producer, consumer, percent, priority }' });
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  const producer = record['producer'];
  const consumer = record['consumer'];
  const named = {
    index,
    ...(typeof producer === 'string' ? { producer } : {}),
    ...(typeof consumer === 'string' ? { consumer } : {}),
  };
  const where = `${path} (producer ${String(producer)}, consumer ${String(consumer)})`;
  const before = issues.length;
  for (const [field, value] of [
    ['producer', producer],
    ['consumer', consumer],
  ] as const) {
    if (typeof value !== 'string') {
      issues.push({ path: where, ...named, message: `${field} must be an EAN string` });
      continue;
    }
    const problem = eanProblem(value);
    if (problem)
      issues.push({ path: where, ...named, message: `${field} ${describeEanProblem(value, problem)}` });
  }
  if (typeof producer === 'string' && producer === consumer) {
    issues.push({ path: where, ...named, message: 'the same EAN cannot be producer and consumer' });
  }

  let basisPoints = 0;
  const percent = record['percent'];
  if (typeof percent !== 'number') {
    issues.push({ path: where, ...named, message: 'percent must be a number 0..100' });
  } else {
    try {
      basisPoints = basisPointsFromPercent(percent);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ path: where, ...named, message: `${reason}; expected 0..100 with at most 2 decimals` });
    }
  }

  const priorityValue = record['priority'] ?? 1;
  if (
    !Number.isInteger(priorityValue) ||
    (priorityValue as number) < 1 ||
    (priorityValue as number) > MAX_PRIORITY
  ) {
    issues.push({
      path: where,
      ...named,
      message: `priority ${JSON.stringify(priorityValue)} is not allowed; expected an integer 1..${MAX_PRIORITY}`,
    });
  }
  if (issues.length > before) return undefined;
  return {
    producer: producer as string,
    consumer: consumer as string,
    basisPoints,
    priority: priorityValue as number,
  };
}

function checkAcrossEntries(
  allocations: readonly KeyAllocation[],
  positions: readonly number[],
  issues: KeyFileIssue[],
  maxProducersPerConsumer: number,
): void {
  const seenPairs = new Map<string, number>();
  const producersOf = new Map<string, string[]>();
  const sumOf = new Map<string, number>();
  allocations.forEach((a, k) => {
    const index = positions[k] ?? -1;
    const pairId = `${a.producer}-${a.consumer}`;
    const first = seenPairs.get(pairId);
    const where = `allocations[${index}] (producer ${a.producer}, consumer ${a.consumer})`;
    if (first !== undefined) {
      issues.push({
        path: where,
        index,
        producer: a.producer,
        consumer: a.consumer,
        message: `this pair is already in allocations[${first}]`,
      });
      return;
    }
    seenPairs.set(pairId, index);
    sumOf.set(a.producer, (sumOf.get(a.producer) ?? 0) + a.basisPoints);
    const producers = producersOf.get(a.consumer) ?? [];
    producers.push(a.producer);
    producersOf.set(a.consumer, producers);
  });
  for (const [producer, sum] of sumOf) {
    if (sum > FULL_KEY_BASIS_POINTS) {
      issues.push({
        path: `producer ${producer}`,
        producer,
        message: `percentages of producer ${producer} sum to ${basisPointsToPercent(sum)} %; expected at most 100 %`,
      });
    }
  }
  for (const [consumer, producers] of producersOf) {
    if (producers.length > maxProducersPerConsumer) {
      issues.push({
        path: `consumer ${consumer}`,
        consumer,
        message: `consumer ${consumer} has ${producers.length} producers; the rules allow at most ${maxProducersPerConsumer}`,
      });
    }
  }
}
