import {
  addDays,
  localDateFromCzech,
  pragueDayIntervals,
  type LocalDate,
  type LocalInterval,
} from '@sdilna/shared/domain-core';
import type { EdcRawDayBlock } from './edc-day-block';
import { EdcFormatError, type EdcIssue, type EdcIssueCode, type EdcIssueParams } from './edc-issue';
import type { EdcTableLayout, HeaderIssueSink } from './edc-table-layout';
import { DEFAULT_EDC_MAX_KWH_PER_INTERVAL, MAX_STORED_HUNDREDTHS } from './edc-value-bounds';
import { asciiText, decodeHeaderLine, type EdcEncoding } from './text-decoding';

const SEMICOLON = 59;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const NINE = 57;
const N_LOWER = 110;
const A_LOWER = 97;
/** marks a cell that could not be parsed (an error was reported); distinct from an empty cell */
const INVALID = -0x80000000;
/** marks a `NaN` cell: EDC writes it where it has no value (domain.md §4.2); missing, not an error and not 0 */
const NOT_A_NUMBER = -0x7fffffff;
const LOWER_CASE = 32;

export interface EdcParseOptions {
  /** file name used in every issue */
  readonly file?: string;
  /** true: keep reading after an error and report all (validate); false: throw at the first error (import) */
  readonly collectErrors?: boolean;
  /** stop recording issues after this many (the count of further ones is still reported) */
  readonly maxIssues?: number;
  /**
   * Plausibility limit of one 15-minute value in kWh (either sign); larger values are errors. Default
   * DEFAULT_EDC_MAX_KWH_PER_INTERVAL; the import passes EDC_MAX_KWH_PER_INTERVAL.
   */
  readonly maxKwhPerInterval?: number;
}

const UTF16_MESSAGE = 'UTF-16 text is not an EDC export; save it as UTF-8 (or windows-1250)';

interface DayState {
  readonly date: LocalDate;
  readonly calendar: readonly LocalInterval[];
  readonly block: EdcRawDayBlock;
  next: number;
  lastLine: number;
}

/**
 * Push-style parser of the EDC row format: feed byte chunks, get completed days. It works on bytes (data rows
 * are ASCII) so a 36 MB month is parsed without building a string per cell. Rows must follow the Prague
 * calendar exactly; that is how skipped, duplicate and DST-miscounted intervals are caught with their line.
 */
export class EdcTableParser {
  readonly file: string;
  readonly issues: EdcIssue[] = [];
  encoding: EdcEncoding = 'utf-8';
  headerText: string | undefined;
  layout: EdcTableLayout | undefined;
  private readonly collectErrors: boolean;
  private readonly maxIssues: number;
  private readonly maxKwhPerInterval: number;
  private readonly maxHundredths: number;
  /** set after a byte that no text file has: the rest is not read (one error, not one per line) */
  private notText = false;
  private suppressedIssues = 0;
  private errorCount = 0;
  private carry: Uint8Array | undefined;
  private lineNumber = 0;
  private day: DayState | undefined;
  private previousDate: LocalDate | undefined;
  private fieldStarts = new Int32Array(16);
  private fieldEnds = new Int32Array(16);
  private completed: EdcRawDayBlock[] = [];
  /** NaN cells per value field: how many and the first line, reported as one warning per column at the end */
  private readonly nanCells = new Map<number, { count: number; firstLine: number }>();

  constructor(
    options: EdcParseOptions,
    private readonly interpretHeader: (cells: string[], report: HeaderIssueSink) => EdcTableLayout,
  ) {
    this.file = options.file ?? '<input>';
    this.collectErrors = options.collectErrors ?? false;
    this.maxIssues = options.maxIssues ?? 1000;
    this.maxKwhPerInterval = options.maxKwhPerInterval ?? DEFAULT_EDC_MAX_KWH_PER_INTERVAL;
    this.maxHundredths = Math.min(MAX_STORED_HUNDREDTHS, Math.round(this.maxKwhPerInterval * 100));
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  get errorTotal(): number {
    return this.errorCount;
  }

  get suppressed(): number {
    return this.suppressedIssues;
  }

  report(
    severity: EdcIssue['severity'],
    line: number,
    column: number,
    message: string,
    code: EdcIssueCode,
    params: EdcIssueParams = {},
  ): void {
    const issue: EdcIssue = { severity, file: this.file, line, column, message, code, params };
    if (severity === 'error') {
      this.errorCount++;
      if (!this.collectErrors) throw new EdcFormatError([issue]);
    }
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
    else this.suppressedIssues++;
  }

  /** Feeds one chunk; returns the days completed by it. */
  push(chunk: Uint8Array): EdcRawDayBlock[] {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    let lineStart = 0;
    for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, lineStart)) {
      this.handleLine(bytes, lineStart, i);
      lineStart = i + 1;
    }
    if (lineStart < bytes.length) this.carry = bytes.slice(lineStart);
    return this.drain();
  }

  /** Ends the input; returns the last day and reports an incomplete one. */
  end(): EdcRawDayBlock[] {
    if (this.carry) {
      const rest = this.carry;
      this.carry = undefined;
      this.handleLine(rest, 0, rest.length);
    }
    if (this.headerText === undefined)
      this.report('error', 1, 0, 'the file is empty: expected a header line', 'EMPTY_FILE');
    this.finishDay();
    this.reportNotANumber();
    return this.drain();
  }

  private drain(): EdcRawDayBlock[] {
    const done = this.completed;
    this.completed = [];
    return done;
  }

  private handleLine(bytes: Uint8Array, start: number, end: number): void {
    this.lineNumber++;
    if (this.notText) return;
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    // Data rows are checked for control bytes while they are split into fields (one pass over the bytes).
    if ((this.headerText === undefined || !this.layout) && !this.isText(bytes, start, end)) return;
    if (this.headerText === undefined) {
      this.handleHeader(bytes.subarray(start, end));
      return;
    }
    if (isBlank(bytes, start, end)) return;
    if (this.layout) this.handleRow(bytes, start, end);
  }

  /**
   * EDC exports are UTF-8 or windows-1250 text: a control byte (other than tab and carriage return) means the
   * file is something else (UTF-16, binary). Said here, with where it is, instead of as a confusing cell error
   * (and the NUL would otherwise travel into the stored error, which PostgreSQL refuses).
   */
  private isText(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.lineNumber === 1 && looksLikeUtf16(bytes, start, end)) {
      this.notText = true;
      this.headerText ??= '';
      this.report('error', 1, 0, UTF16_MESSAGE, 'UTF16_TEXT');
      return false;
    }
    for (let i = start; i < end; i++) {
      if (isControl(bytes[i] as number)) {
        this.reportNotText(bytes, start, i);
        return false;
      }
    }
    return true;
  }

  /** The first control byte of a line, at `at`: one error, and the rest of the file is not read. */
  private reportNotText(bytes: Uint8Array, start: number, at: number): void {
    this.notText = true;
    // the header is set so that end() does not also report an empty file
    this.headerText ??= '';
    let field = 1;
    for (let i = start; i < at; i++) if (bytes[i] === SEMICOLON) field++;
    const line = this.lineNumber;
    const hex = (bytes[at] as number).toString(16).padStart(2, '0');
    this.report(
      'error',
      line,
      field,
      `not a text file: byte 0x${hex} at line ${line} column ${at - start + 1}; expected an EDC export as UTF-8 or windows-1250 text (semicolon-separated)`,
      'NOT_TEXT',
      { byte: `0x${hex}`, line, column: at - start + 1 },
    );
  }

  private handleHeader(bytes: Uint8Array): void {
    const { text, encoding } = decodeHeaderLine(bytes);
    this.encoding = encoding;
    this.headerText = text;
    const errorsBefore = this.errorCount;
    const layout = this.interpretHeader(text.split(';'), (issue) =>
      this.report('error', 1, issue.column, issue.message, issue.code, issue.params),
    );
    if (this.errorCount === errorsBefore || layout.slotCount > 0) this.layout = layout;
    const fields = layout.valueFieldCount + 4;
    this.fieldStarts = new Int32Array(fields);
    this.fieldEnds = new Int32Array(fields);
  }

  private handleRow(bytes: Uint8Array, start: number, end: number): void {
    const layout = this.layout as EdcTableLayout;
    const line = this.lineNumber;
    const expectedFields = 3 + layout.valueFieldCount;
    const capacity = this.fieldStarts.length;
    let fieldCount = 0;
    let fieldStart = start;
    for (let i = start; i <= end; i++) {
      if (i === end || bytes[i] === SEMICOLON) {
        if (fieldCount < capacity) {
          this.fieldStarts[fieldCount] = fieldStart;
          this.fieldEnds[fieldCount] = i;
        }
        fieldCount++;
        fieldStart = i + 1;
      } else if (isControl(bytes[i] as number)) {
        this.reportNotText(bytes, start, i);
        return;
      }
    }
    const trailingEmpty =
      fieldCount === expectedFields + 1 &&
      this.fieldEnds[expectedFields] === this.fieldStarts[expectedFields];
    if (fieldCount !== expectedFields && !trailingEmpty) {
      this.report(
        'error',
        line,
        Math.min(fieldCount, expectedFields + 1),
        `expected ${expectedFields} fields (3 + ${layout.valueFieldCount} value columns, optionally with a trailing ";"), found ${fieldCount}`,
        'FIELD_COUNT',
        { expected: expectedFields, found: fieldCount },
      );
      return;
    }

    const dateText = asciiText(bytes, this.fieldStarts[0] as number, this.fieldEnds[0] as number).trim();
    const date = localDateFromCzech(dateText);
    if (!date) {
      this.report('error', line, 1, `expected a date dd.MM.yyyy, found "${dateText}"`, 'DATE_FORMAT', {
        found: dateText,
      });
      return;
    }
    const day = this.dayFor(date, line);
    if (!day) return;

    const from = asciiText(bytes, this.fieldStarts[1] as number, this.fieldEnds[1] as number).trim();
    const to = asciiText(bytes, this.fieldStarts[2] as number, this.fieldEnds[2] as number).trim();
    const index = this.intervalIndex(day, from, to, line);
    if (index === undefined) return;

    const { block } = day;
    const count = block.intervalCount;
    for (let k = 0; k < layout.valueFieldCount; k++) {
      const slot = layout.slotOfField[k] as number;
      if (slot < 0) continue;
      const at = slot * count + index;
      const value = this.parseValue(
        bytes,
        this.fieldStarts[k + 3] as number,
        this.fieldEnds[k + 3] as number,
        line,
        k,
      );
      if (value === INVALID) {
        block.damaged[index] = 1;
        block.present[at] = 0;
      } else if (value === NOT_A_NUMBER) {
        block.present[at] = 0;
        block.nan[at] = 1;
        const counter = this.nanCells.get(k);
        if (counter === undefined) this.nanCells.set(k, { count: 1, firstLine: line });
        else counter.count++;
      } else if (value === undefined) {
        block.present[at] = 0;
      } else {
        block.values[at] = value;
        block.present[at] = 1;
      }
    }
    block.lineOfInterval[index] = line;
    day.next = index + 1;
    day.lastLine = line;
  }

  /** Returns the day a row belongs to, closing the previous day when the date moves on. */
  private dayFor(date: LocalDate, line: number): DayState | undefined {
    if (this.day && this.day.date === date) return this.day;
    const previous = this.day?.date ?? this.previousDate;
    if (previous !== undefined) {
      if (date < previous) {
        this.report(
          'error',
          line,
          1,
          `date ${date} comes after ${previous}: rows must be in time order`,
          'DATE_ORDER',
          { date, previous },
        );
        return undefined;
      }
      if (this.day) this.finishDay();
      const expected = addDays(previous, 1);
      if (date !== expected) {
        this.report(
          'error',
          line,
          1,
          `expected the first row of ${expected}, found ${date}: days ${expected} to ${addDays(date, -1)} are missing`,
          'DAYS_MISSING',
          { from: expected, to: addDays(date, -1), found: date },
        );
      }
    }
    const calendar = pragueDayIntervals(date);
    const intervalCount = calendar.length;
    const slotCount = (this.layout as EdcTableLayout).slotCount;
    const block: EdcRawDayBlock = {
      date,
      intervalCount,
      startUtcMs: Float64Array.from(calendar, (interval) => interval.startUtcMs),
      lineOfInterval: new Int32Array(intervalCount),
      damaged: new Uint8Array(intervalCount),
      slotCount,
      values: new Int32Array(slotCount * intervalCount),
      present: new Uint8Array(slotCount * intervalCount),
      nan: new Uint8Array(slotCount * intervalCount),
    };
    this.day = { date, calendar, block, next: 0, lastLine: line };
    return this.day;
  }

  private intervalIndex(day: DayState, from: string, to: string, line: number): number | undefined {
    const { calendar } = day;
    const expected = calendar[day.next];
    if (expected && expected.from === from && expected.to === to) return day.next;
    const describeExpected = expected ? `${expected.from}–${expected.to}` : 'the next day';
    for (let j = day.next + 1; j < calendar.length; j++) {
      const candidate = calendar[j] as LocalInterval;
      if (candidate.from === from && candidate.to === to) {
        const skipped = j - day.next;
        this.report(
          'error',
          line,
          2,
          `expected interval ${describeExpected} of ${day.date}, found ${from}–${to}: ${skipped} interval${skipped > 1 ? 's' : ''} skipped (the day has ${calendar.length} intervals in the Prague DST calendar)`,
          'INTERVAL_SKIPPED',
          { date: day.date, expected: describeExpected, found: `${from}–${to}`, count: skipped },
        );
        return j;
      }
    }
    for (let j = 0; j < day.next; j++) {
      const candidate = calendar[j] as LocalInterval;
      if (candidate.from === from && candidate.to === to) {
        const firstLine = day.block.lineOfInterval[j] as number;
        this.report(
          'error',
          line,
          2,
          `duplicate interval ${from}–${to} of ${day.date}${firstLine > 0 ? ` (already on line ${firstLine})` : ''}; expected ${describeExpected}`,
          'INTERVAL_DUPLICATE',
          { date: day.date, interval: `${from}–${to}`, firstLine },
        );
        return undefined;
      }
    }
    const wellFormed = /^\d{2}:\d{2}$/.test(from) && /^\d{2}:\d{2}$/.test(to);
    this.report(
      'error',
      line,
      2,
      wellFormed
        ? `${day.date} has no interval ${from}–${to} in the Prague DST calendar (${calendar.length} intervals); expected ${describeExpected}`
        : `expected times HH:mm;HH:mm, found "${from};${to}"`,
      wellFormed ? 'INTERVAL_UNKNOWN' : 'TIME_FORMAT',
      wellFormed
        ? { date: day.date, interval: `${from}–${to}`, expected: describeExpected, count: calendar.length }
        : { found: `${from};${to}` },
    );
    return undefined;
  }

  /** One warning per column that had `NaN` cells: where the first one is and how many there were. */
  private reportNotANumber(): void {
    for (const [k, counter] of [...this.nanCells].sort((a, b) => a[0] - b[0])) {
      this.report(
        'warning',
        counter.firstLine,
        k + 4,
        `${this.layout?.fieldNames[k] ?? 'this column'} has NaN in ${counter.count} interval${counter.count > 1 ? 's' : ''}, first on this line; stored as missing values (no data), not as 0`,
        'NAN_VALUES',
        { column: this.layout?.fieldNames[k] ?? '', count: counter.count },
      );
    }
    this.nanCells.clear();
  }

  /**
   * Decimal-comma number with at most 2 decimals → hundredths; undefined for an empty cell, NOT_A_NUMBER for
   * `NaN` (any case), INVALID after an error.
   */
  private parseValue(
    bytes: Uint8Array,
    start: number,
    end: number,
    line: number,
    valueField: number,
  ): number | undefined {
    while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
    while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
    if (start === end) return undefined;
    if (
      end - start === 3 &&
      ((bytes[start] as number) | LOWER_CASE) === N_LOWER &&
      ((bytes[start + 1] as number) | LOWER_CASE) === A_LOWER &&
      ((bytes[start + 2] as number) | LOWER_CASE) === N_LOWER
    )
      return NOT_A_NUMBER;
    let i = start;
    let negative = false;
    if (bytes[i] === MINUS || bytes[i] === PLUS) {
      negative = bytes[i] === MINUS;
      i++;
    }
    let value = 0;
    let integerDigits = 0;
    while (i < end) {
      const c = bytes[i] as number;
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
      integerDigits++;
      i++;
    }
    let decimals = 0;
    if (i < end && bytes[i] === COMMA) {
      i++;
      while (i < end) {
        const c = bytes[i] as number;
        if (c < ZERO || c > NINE) break;
        value = value * 10 + (c - ZERO);
        decimals++;
        i++;
      }
    }
    if (i !== end || integerDigits === 0 || decimals > 2 || integerDigits > 12) {
      const text = asciiText(bytes, start, end);
      this.report(
        'error',
        line,
        valueField + 4,
        `expected kWh with a decimal comma and at most 2 decimals in ${this.layout?.fieldNames[valueField] ?? 'this column'}, found "${text}"`,
        'VALUE_FORMAT',
        { column: this.layout?.fieldNames[valueField] ?? '', found: text },
      );
      return INVALID;
    }
    if (decimals === 0) value *= 100;
    else if (decimals === 1) value *= 10;
    if (value > this.maxHundredths) {
      const text = asciiText(bytes, start, end);
      const column = this.layout?.fieldNames[valueField] ?? 'this column';
      this.report(
        'error',
        line,
        valueField + 4,
        value > MAX_STORED_HUNDREDTHS
          ? `${column}: "${text}" kWh is larger than the largest value that can be stored (21474836,47 kWh); expected at most ${this.maxKwhPerInterval} kWh per 15 minutes`
          : `expected at most ${this.maxKwhPerInterval} kWh per 15 minutes (EDC_MAX_KWH_PER_INTERVAL) in ${column}, found "${text}": not plausible for one interval`,
        value > MAX_STORED_HUNDREDTHS ? 'VALUE_TOO_LARGE' : 'VALUE_IMPLAUSIBLE',
        { column, found: text, max: this.maxKwhPerInterval },
      );
      return INVALID;
    }
    return negative ? -value : value;
  }

  private finishDay(): void {
    const day = this.day;
    if (!day) return;
    this.day = undefined;
    this.previousDate = day.date;
    const { calendar, block } = day;
    if (day.next < calendar.length) {
      const first = calendar[day.next] as LocalInterval;
      const missing = calendar.length - day.next;
      this.report(
        'error',
        day.lastLine,
        0,
        `${day.date} ends after ${day.next} rows: expected ${calendar.length} intervals in the Prague DST calendar, ${missing} missing from ${first.from}`,
        'DAY_INCOMPLETE',
        { date: day.date, rows: day.next, expected: calendar.length, missing, from: first.from },
      );
    }
    this.completed.push(block);
  }
}

/** A UTF-16 first line: a byte order mark, or ASCII text with a NUL beside every character. */
function looksLikeUtf16(bytes: Uint8Array, start: number, end: number): boolean {
  const a = bytes[start];
  const b = bytes[start + 1];
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true;
  if (end - start < 4) return false;
  const c = bytes[start + 2];
  const d = bytes[start + 3];
  return (a !== 0 && b === 0 && c !== 0 && d === 0) || (a === 0 && b !== 0 && c === 0 && d !== 0);
}

/** A C0 control byte that no text line of an export has (tab and a carriage return are allowed). */
function isControl(c: number): boolean {
  return c < SPACE && c !== TAB && c !== CARRIAGE_RETURN;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c !== SPACE && c !== TAB && c !== SEMICOLON) return false;
  }
  return true;
}
