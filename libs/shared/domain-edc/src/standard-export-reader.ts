import type { EdcRawDayBlock } from './edc-day-block';
import type { EdcIssue } from './edc-issue';
import type { EdcPoint } from './edc-point';
import { EdcTableParser, type EdcParseOptions } from './edc-table-parser';
import { StandardExportChecks } from './standard-checks';
import type { EdcDayBlock } from './standard-day-block';
import { interpretStandardHeader, type StandardHeader } from './standard-header';
import type { EdcEncoding } from './text-decoding';

export interface EdcStandardReadOptions extends EdcParseOptions {
  /**
   * Severity of the OUT checks (signs, group balance): `error` for imports, `warning` for a replay that reports
   * differences itself, `off` for `allocate`, which ignores OUT.
   */
  readonly outChecks?: 'error' | 'warning' | 'off';
}

export interface EdcStandardExport {
  readonly file: string;
  readonly encoding: EdcEncoding;
  readonly points: readonly EdcPoint[];
  /** 1-based field index of each point's IN and OUT column */
  readonly columns: readonly { readonly in: number; readonly out: number }[];
  /** Days in file order; memory holds one day at a time. Throws EdcFormatError unless errors are collected. */
  days(): AsyncGenerator<EdcDayBlock>;
  /** Warnings so far (and errors, when collected); complete after `days()` has finished. */
  readonly issues: readonly EdcIssue[];
  readonly errorCount: number;
  /** issues not kept because of `maxIssues` */
  readonly suppressedIssues: number;
}

/**
 * Opens an EDC standard export (`Datum;Cas od;Cas do;IN-<EAN>-D;OUT-<EAN>-D;…`) streamed as bytes. Resolves once
 * the header is read, so callers know the points before the first day; header errors reject (or are collected).
 */
export async function openEdcStandardExport(
  source: AsyncIterable<Uint8Array>,
  options: EdcStandardReadOptions = {},
): Promise<EdcStandardExport> {
  let header: StandardHeader | undefined;
  const parser = new EdcTableParser(options, (cells, report) => {
    header = interpretStandardHeader(cells, report);
    return header.layout;
  });
  const iterator = source[Symbol.asyncIterator]();
  const pending: EdcRawDayBlock[] = [];
  let exhausted = false;
  while (parser.headerText === undefined) {
    const next = await iterator.next();
    if (next.done) {
      pending.push(...parser.end());
      exhausted = true;
      break;
    }
    pending.push(...parser.push(next.value));
  }
  const points = header?.points ?? [];
  const columns = header?.columns ?? [];
  const checks = new StandardExportChecks(
    points,
    columns,
    options.outChecks ?? 'error',
    (severity, line, column, message, code, params) =>
      parser.report(severity, line, column, message, code, params),
  );
  const toDay = (raw: EdcRawDayBlock): EdcDayBlock => {
    const day = standardDayFromRaw(raw, points.length);
    checks.checkDay(day);
    return day;
  };

  async function* days(): AsyncGenerator<EdcDayBlock> {
    for (const raw of pending.splice(0)) yield toDay(raw);
    if (!exhausted) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        for (const raw of parser.push(next.value)) yield toDay(raw);
      }
      exhausted = true;
      for (const raw of parser.end()) yield toDay(raw);
    }
    checks.finish();
  }

  return {
    file: parser.file,
    get encoding() {
      return parser.encoding;
    },
    points,
    columns,
    days,
    issues: parser.issues,
    get errorCount() {
      return parser.errorTotal;
    },
    get suppressedIssues() {
      return parser.suppressed;
    },
  };
}

function standardDayFromRaw(raw: EdcRawDayBlock, pointCount: number): EdcDayBlock {
  const half = pointCount * raw.intervalCount;
  // An OUT beside a NaN IN says nothing (shared = IN − OUT needs IN): the interval has no data, like an empty pair.
  for (let at = 0; at < half; at++) if (raw.nan[at] === 1) raw.present[half + at] = 0;
  return {
    date: raw.date,
    intervalCount: raw.intervalCount,
    startUtcMs: raw.startUtcMs,
    lineOfInterval: raw.lineOfInterval,
    damaged: raw.damaged,
    pointCount,
    inValues: raw.values.subarray(0, half),
    outValues: raw.values.subarray(half),
    inPresent: raw.present.subarray(0, half),
    outPresent: raw.present.subarray(half),
  };
}

export interface EdcValidationResult {
  readonly valid: boolean;
  readonly encoding: EdcEncoding;
  readonly points: readonly EdcPoint[];
  readonly days: number;
  readonly intervals: number;
  readonly errors: readonly EdcIssue[];
  readonly warnings: readonly EdcIssue[];
  readonly suppressedIssues: number;
}

/** Runs every import check over the whole file and lists all problems (errors and warnings) instead of stopping. */
export async function validateEdcStandardExport(
  source: AsyncIterable<Uint8Array>,
  options: Omit<EdcStandardReadOptions, 'collectErrors'> = {},
): Promise<EdcValidationResult> {
  const reader = await openEdcStandardExport(source, { ...options, collectErrors: true });
  let days = 0;
  let intervals = 0;
  for await (const day of reader.days()) {
    days++;
    intervals += day.intervalCount;
  }
  const errors = reader.issues.filter((issue) => issue.severity === 'error');
  return {
    valid: reader.errorCount === 0,
    encoding: reader.encoding,
    points: reader.points,
    days,
    intervals,
    errors,
    warnings: reader.issues.filter((issue) => issue.severity === 'warning'),
    suppressedIssues: reader.suppressedIssues,
  };
}
