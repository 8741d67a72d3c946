import type { AllocationInput } from '@sdilna/shared/domain-allocation';
import { rulesFor, sharingRounds, type CommunityType } from '@sdilna/shared/domain-core';
import { measuredFromEdc, type EdcDayBlock, type EdcPoint } from '@sdilna/shared/domain-edc';
import { concatInputs, type AdvicePair, type AdviceSegment, type KeyAdviceProblem } from './advice-problem';
import { KeyAdviceError } from './key-bounds';

export interface AdviceInputOptions {
  /** `static-iterative` (the group asks EDC for iteration) or `static` */
  readonly method: 'static' | 'static-iterative';
  /** what-if rounds for every day; by default EDC's rule decides per day from the group */
  readonly rounds?: number | undefined;
  /** the rounds rule is the same for every type (domain-core's table), the type only selects the table row */
  readonly communityType: CommunityType;
}

/**
 * Collects the measured (IN) values of EDC exports, one month (or any period) after another, into the search's
 * segments: per month, fold (odd and even days) and rounds. Points are the union over all exports; a point
 * missing from one export, or with empty IN, has no energy there (as the engine treats "no data").
 */
export class AdviceInputCollector {
  readonly producers: string[] = [];
  readonly consumers: string[] = [];
  private readonly producerIndex = new Map<string, number>();
  private readonly consumerIndex = new Map<string, number>();
  private readonly days = new Map<
    string,
    { segment: Omit<AdviceSegment, 'input'>; inputs: AllocationInput[] }
  >();
  private readonly dayOfMonth = new Map<number, number>();
  /** rounds per day, counted for the summary the CLI prints */
  readonly roundsDays = new Map<number, number>();

  constructor(private readonly options: AdviceInputOptions) {}

  /** Declares the points of one export; every export's points come before the first day of any. */
  addPoints(points: readonly EdcPoint[]): void {
    if (this.dayOfMonth.size > 0) throw new RangeError('addPoints after addDay: declare every export first');
    for (const point of points) {
      const [mine, other] =
        point.role === 'production'
          ? [this.producerIndex, this.consumerIndex]
          : [this.consumerIndex, this.producerIndex];
      if (other.has(point.ean))
        throw new KeyAdviceError(
          `EAN ${point.ean} is a production point in one export and a consumption point in another`,
        );
      if (!mine.has(point.ean)) {
        const list = point.role === 'production' ? this.producers : this.consumers;
        mine.set(point.ean, list.length);
        list.push(point.ean);
      }
    }
  }

  addDay(month: number, points: readonly EdcPoint[], day: EdcDayBlock): void {
    const count = day.intervalCount;
    let groupPoints = 0;
    let consumptionPoints = 0;
    const columns = points.map((point, p) => {
      for (let i = p * count; i < p * count + count; i++) {
        if (day.inPresent[i] === 1) {
          groupPoints++;
          if (point.role === 'consumption') consumptionPoints++;
          break;
        }
      }
      return point.role === 'production'
        ? { production: true, column: this.producerIndex.get(point.ean) }
        : { production: false, column: this.consumerIndex.get(point.ean) };
    });
    const rounds =
      this.options.rounds ??
      sharingRounds(rulesFor(this.options.communityType, day.date), {
        iterationRequested: this.options.method === 'static-iterative',
        groupPoints,
        consumptionPoints,
      });
    this.roundsDays.set(rounds, (this.roundsDays.get(rounds) ?? 0) + 1);
    const index = this.dayOfMonth.get(month) ?? 0;
    this.dayOfMonth.set(month, index + 1);
    const fold = index % 2;
    const id = `${month}:${fold}:${rounds}`;
    let entry = this.days.get(id);
    if (!entry) this.days.set(id, (entry = { segment: { month, fold, rounds }, inputs: [] }));
    entry.inputs.push(this.inputOf({ points, columns, day }));
  }

  /** The problem for the given pairs (see {@link defaultPairs} where no current key names them). */
  problem(pairs: readonly AdvicePair[]): KeyAdviceProblem {
    const segments: AdviceSegment[] = [...this.days.values()]
      .sort((a, b) => a.segment.month - b.segment.month || a.segment.fold - b.segment.fold)
      .map(({ segment, inputs }) => ({
        ...segment,
        input: concatInputs(inputs, this.producers.length, this.consumers.length),
      }));
    return {
      producers: this.producers,
      consumers: this.consumers,
      pairs,
      method: this.options.method,
      segments,
    };
  }

  private inputOf({ points, columns, day }: Day): AllocationInput {
    const count = day.intervalCount;
    const production = new Int32Array(this.producers.length * count);
    const demand = new Int32Array(this.consumers.length * count);
    points.forEach((point, p) => {
      const { production: isProduction, column } = columns[p] as Day['columns'][number];
      if (column === undefined) return;
      const target = isProduction ? production : demand;
      for (let i = 0; i < count; i++) {
        const at = p * count + i;
        target[column * count + i] =
          day.inPresent[at] === 1 ? measuredFromEdc(point.role, day.inValues[at] as number) : 0;
      }
    });
    return { intervalCount: count, production, demand };
  }
}

interface Day {
  readonly points: readonly EdcPoint[];
  readonly columns: readonly { production: boolean; column: number | undefined }[];
  readonly day: EdcDayBlock;
}

/**
 * Pairs when no current key says who shares with whom: every consumer with every producer, priorities in the
 * producers' order. Only where that stays within the legal number of producers per consumer.
 */
export function defaultPairs(
  producers: readonly string[],
  consumers: readonly string[],
  maxProducersPerConsumer: number,
): AdvicePair[] {
  if (producers.length === 0) throw new KeyAdviceError('the exports have no production point (-D)');
  if (consumers.length === 0) throw new KeyAdviceError('the exports have no consumption point (-O)');
  if (producers.length > maxProducersPerConsumer)
    throw new KeyAdviceError(
      `the exports have ${producers.length} production points and a consumer may draw from at most ${maxProducersPerConsumer}: give --current <key.json> to say which producers serve which consumers`,
    );
  return consumers.flatMap((consumer) =>
    producers.map((producer, d) => ({ producer, consumer, priority: d + 1 })),
  );
}
