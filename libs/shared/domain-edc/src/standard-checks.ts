import { formatKwhFixed } from '@sdilna/shared/domain-core';
import type { EdcIssueCode, EdcIssueParams } from './edc-issue';
import type { EdcPoint } from './edc-point';
import { sharedFromEdc } from './edc-signs';
import type { EdcDayBlock } from './standard-day-block';

/** Where a checked problem is; the reader turns it into an issue with the file name. */
export type CheckSink = (
  severity: 'error' | 'warning',
  line: number,
  column: number,
  message: string,
  code: EdcIssueCode,
  params: EdcIssueParams,
) => void;

interface GapCounter {
  count: number;
  firstLine: number;
}

/**
 * The per-interval checks of domain.md §4.3 on a standard export: signs (0 ≤ OUT ≤ IN for production,
 * IN ≤ OUT ≤ 0 for consumption) and group balance (Σ shared by producers = Σ received by consumers). Empty
 * cells are counted per point and reported once per point at the end, so a member who joined mid-month gives one
 * warning, not three thousand.
 */
export class StandardExportChecks {
  private readonly noData: GapCounter[];
  private readonly notEvaluated: GapCounter[];

  constructor(
    private readonly points: readonly EdcPoint[],
    /** 1-based field index of each point's IN and OUT column */
    private readonly columns: readonly { readonly in: number; readonly out: number }[],
    private readonly outSeverity: 'error' | 'warning' | 'off',
    private readonly report: CheckSink,
  ) {
    this.noData = points.map(() => ({ count: 0, firstLine: 0 }));
    this.notEvaluated = points.map(() => ({ count: 0, firstLine: 0 }));
  }

  private columnOf(point: number, kind: 'in' | 'out'): number {
    return this.columns[point]?.[kind] ?? 0;
  }

  checkDay(block: EdcDayBlock): void {
    const n = this.points.length;
    const count = block.intervalCount;
    for (let i = 0; i < count; i++) {
      const line = block.lineOfInterval[i] as number;
      if (line === 0 || block.damaged[i] === 1) continue;
      let producersShared = 0;
      let consumersReceived = 0;
      let balanceComplete = true;
      for (let p = 0; p < n; p++) {
        const at = p * count + i;
        const hasIn = block.inPresent[at] === 1;
        const hasOut = block.outPresent[at] === 1;
        if (!hasIn) {
          if (hasOut)
            this.report(
              'error',
              line,
              this.columnOf(p, 'in'),
              `IN is empty but OUT has a value; expected both or neither`,
              'OUT_WITHOUT_IN',
              { ean: (this.points[p] as EdcPoint).ean },
            );
          else count1(this.noData[p] as GapCounter, line);
          continue;
        }
        if (!hasOut) {
          count1(this.notEvaluated[p] as GapCounter, line);
          balanceComplete = false;
          continue;
        }
        const measured = block.inValues[at] as number;
        const after = block.outValues[at] as number;
        const role = (this.points[p] as EdcPoint).role;
        const production = role === 'production';
        if (production) producersShared += sharedFromEdc(role, measured, after);
        else consumersReceived += sharedFromEdc(role, measured, after);
        if (this.outSeverity === 'off') continue;
        this.checkSigns(production, measured, after, line, p);
      }
      if (this.outSeverity !== 'off' && balanceComplete && producersShared !== consumersReceived) {
        this.report(
          this.outSeverity,
          line,
          0,
          `group balance broken: producers shared ${kwh(producersShared)} kWh but consumers received ${kwh(consumersReceived)} kWh; expected equal sums of IN − OUT and OUT − IN`,
          'GROUP_BALANCE',
          { shared: kwh(producersShared), received: kwh(consumersReceived) },
        );
      }
    }
  }

  private checkSigns(production: boolean, measured: number, after: number, line: number, p: number): void {
    const severity = this.outSeverity as 'error' | 'warning';
    const ean = (this.points[p] as EdcPoint).ean;
    if (production) {
      if (measured < 0)
        this.report(
          severity,
          line,
          this.columnOf(p, 'in'),
          `production IN ${kwh(measured)} is negative; expected export ≥ 0`,
          'PRODUCTION_IN_NEGATIVE',
          { ean, in: kwh(measured) },
        );
      else if (after < 0 || after > measured) {
        this.report(
          severity,
          line,
          this.columnOf(p, 'out'),
          `production OUT ${kwh(after)} is outside 0..IN (${kwh(measured)}); expected 0 ≤ OUT ≤ IN`,
          'PRODUCTION_OUT_RANGE',
          { ean, in: kwh(measured), out: kwh(after) },
        );
      }
    } else if (measured > 0) {
      this.report(
        severity,
        line,
        this.columnOf(p, 'in'),
        `consumption IN ${kwh(measured)} is positive; expected import ≤ 0`,
        'CONSUMPTION_IN_POSITIVE',
        { ean, in: kwh(measured) },
      );
    } else if (after < measured || after > 0) {
      this.report(
        severity,
        line,
        this.columnOf(p, 'out'),
        `consumption OUT ${kwh(after)} is outside IN..0 (${kwh(measured)}..0); expected IN ≤ OUT ≤ 0`,
        'CONSUMPTION_OUT_RANGE',
        { ean, in: kwh(measured), out: kwh(after) },
      );
    }
  }

  /** One warning per point with empty cells. */
  finish(): void {
    this.points.forEach((point, p) => {
      const suffix = point.role === 'production' ? 'D' : 'O';
      const noData = this.noData[p] as GapCounter;
      if (noData.count > 0) {
        this.report(
          'warning',
          noData.firstLine,
          this.columnOf(p, 'in'),
          `IN-${point.ean}-${suffix} has no data (empty cells) in ${noData.count} intervals, first on this line`,
          'NO_DATA',
          { column: `IN-${point.ean}-${suffix}`, ean: point.ean, count: noData.count },
        );
      }
      const pending = this.notEvaluated[p] as GapCounter;
      if (pending.count > 0) {
        this.report(
          'warning',
          pending.firstLine,
          this.columnOf(p, 'out'),
          `OUT-${point.ean}-${suffix} is not yet evaluated (preliminary data) in ${pending.count} intervals, first on this line`,
          'NOT_EVALUATED',
          { column: `OUT-${point.ean}-${suffix}`, ean: point.ean, count: pending.count },
        );
      }
    });
  }
}

function count1(counter: GapCounter, line: number): void {
  if (counter.count === 0) counter.firstLine = line;
  counter.count++;
}

function kwh(hundredths: number): string {
  return formatKwhFixed(hundredths);
}
