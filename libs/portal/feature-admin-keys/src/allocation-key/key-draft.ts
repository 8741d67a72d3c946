import {
  type AllocationKey,
  type AllocationMethod,
  type KeyFile,
  type KeyFileIssue,
  validateKeyFile,
} from '@sdilna/shared/domain-allocation/keys';
import { basisPointsFromPercent, eanProblem, FULL_KEY_BASIS_POINTS } from '@sdilna/shared/domain-core';

/** One cell of the editor as typed: percent text (decimal comma or point) and priority 1..5. */
export interface DraftCell {
  readonly percent: string;
  readonly priority: number;
}

/** The editor's state: producers × consumers, cells keyed by {@link cellId}. */
export interface KeyDraft {
  /** `static-iterative` where the group asked EDC for iteration; the rounds follow from the group (no field) */
  readonly method: AllocationMethod;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly cells: ReadonlyMap<string, DraftCell>;
}

export type IssueKind =
  | 'not-a-number'
  | 'ean'
  | 'same-ean'
  | 'decimals'
  | 'range'
  | 'priority'
  | 'duplicate'
  | 'sum'
  | 'producers'
  | 'other';

export interface DraftIssue {
  readonly kind: IssueKind;
  readonly producer?: string;
  readonly consumer?: string;
  /** the shared engine's own sentence (English) */
  readonly message: string;
}

export interface DraftValidation {
  /** the key ready to save or export; undefined while any issue remains */
  readonly key: AllocationKey | undefined;
  readonly file: KeyFile;
  readonly issues: readonly DraftIssue[];
  /** Σ of each producer in basis points (valid cells only) */
  readonly producerSums: ReadonlyMap<string, number>;
  /** producers with a share per consumer */
  readonly producerCounts: ReadonlyMap<string, number>;
}

export function cellId(producer: string, consumer: string): string {
  return `${producer}|${consumer}`;
}

/** "3,5" and "3.5" both mean 3.5; anything that is not a plain decimal number is refused, not guessed. */
export function parsePercentText(text: string): number | undefined {
  const normalised = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalised)) return undefined;
  return Number(normalised);
}

/**
 * Checks a draft with the one shared engine ({@link validateKeyFile}, the same rules the API and the CLI
 * apply) and attaches each issue to the cell, column or row it names. Only the number syntax of a cell is
 * checked here, because the engine takes numbers.
 */
export function validateDraft(draft: KeyDraft, maxProducersPerConsumer: number): DraftValidation {
  const issues: DraftIssue[] = [];
  const allocations: { producer: string; consumer: string; percent: number; priority: number }[] = [];
  for (const consumer of draft.consumers) {
    for (const producer of draft.producers) {
      const cell = draft.cells.get(cellId(producer, consumer));
      if (!cell || cell.percent.trim() === '') continue;
      const percent = parsePercentText(cell.percent);
      if (percent === undefined) {
        issues.push({
          kind: 'not-a-number',
          producer,
          consumer,
          message: `"${cell.percent}" is not a number`,
        });
        continue;
      }
      allocations.push({ producer, consumer, percent, priority: cell.priority });
    }
  }
  const file: KeyFile = { method: draft.method, allocations };
  // EANs without any share are checked too: a typo in a new column shows before a percentage is typed.
  for (const producer of draft.producers) eanIssue(producer, 'producer', issues);
  for (const consumer of draft.consumers) eanIssue(consumer, 'consumer', issues);

  const result = validateKeyFile(file, { maxProducersPerConsumer });
  for (const issue of result.issues) {
    if (issue.message.includes('EAN') && issues.some((i) => i.kind === 'ean')) continue;
    issues.push(classify(issue));
  }

  const producerSums = new Map<string, number>();
  const producerCounts = new Map<string, number>();
  for (const a of allocations) {
    let basisPoints = 0;
    try {
      basisPoints = basisPointsFromPercent(a.percent);
    } catch {
      continue;
    }
    producerSums.set(a.producer, (producerSums.get(a.producer) ?? 0) + basisPoints);
    if (basisPoints > 0) producerCounts.set(a.consumer, (producerCounts.get(a.consumer) ?? 0) + 1);
  }
  return { key: issues.length === 0 ? result.key : undefined, file, issues, producerSums, producerCounts };
}

/** A draft from a key file (import, or the registered key's export); cells keep the file's numbers. */
export function draftFromFile(
  file: KeyFile,
  producers: readonly string[] = [],
  consumers: readonly string[] = [],
): KeyDraft {
  const cells = new Map<string, DraftCell>();
  const allProducers = [...producers];
  const allConsumers = [...consumers];
  for (const a of file.allocations) {
    if (!allProducers.includes(a.producer)) allProducers.push(a.producer);
    if (!allConsumers.includes(a.consumer)) allConsumers.push(a.consumer);
    cells.set(cellId(a.producer, a.consumer), { percent: String(a.percent), priority: a.priority ?? 1 });
  }
  return {
    method: file.method,
    producers: allProducers,
    consumers: allConsumers,
    cells,
  };
}

/** Reads an uploaded key file; a file that is not even JSON of the right shape throws with a reason. */
export function keyFileFromText(text: string): KeyFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('not-json');
  }
  const record = parsed as Partial<KeyFile> | null;
  if (typeof record !== 'object' || record === null || !Array.isArray(record.allocations)) {
    throw new Error('not-key-file');
  }
  return record as KeyFile;
}

export const FULL_BASIS_POINTS = FULL_KEY_BASIS_POINTS;

function eanIssue(ean: string, role: 'producer' | 'consumer', issues: DraftIssue[]): void {
  const problem = eanProblem(ean);
  if (problem) issues.push({ kind: 'ean', [role]: ean, message: `${role} EAN ${ean}: ${problem}` });
}

function classify(issue: KeyFileIssue): DraftIssue {
  const m = issue.message;
  const kind: IssueKind = /sum to/.test(m)
    ? 'sum'
    : /producers; the rules allow/.test(m)
      ? 'producers'
      : /same EAN/.test(m)
        ? 'same-ean'
        : /already in/.test(m)
          ? 'duplicate'
          : /priority/.test(m)
            ? 'priority'
            : /over 100|negative/.test(m)
              ? 'range'
              : /decimal/.test(m)
                ? 'decimals'
                : /EAN|check digit|18 digits/.test(m)
                  ? 'ean'
                  : 'other';
  return {
    kind,
    ...(issue.producer !== undefined ? { producer: issue.producer } : {}),
    ...(issue.consumer !== undefined ? { consumer: issue.consumer } : {}),
    message: m,
  };
}
