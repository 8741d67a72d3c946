import { parse } from 'csv-parse/sync';

import { unsafeTextProblem as unsafeText } from '@sdilna/api/util-http';

export interface CsvRow {
  /** 1-based line in the file, for the import report */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export class CsvFormatError extends Error {}

/**
 * Parses an uploaded CSV with a header row. Czech spreadsheets write `;`, others `,`: the header line decides.
 * Header names are matched case-insensitively, without spaces and diacritics, so "Member IČO" and "memberico" agree.
 */
export function parseCsv(text: string): CsvRow[] {
  const content = text.replace(/^\uFEFF/, '');
  const unsafe = unsafeTextProblem(content);
  if (unsafe !== undefined) throw new CsvFormatError(`${where(content, unsafe)}: the file ${unsafe.problem}`);
  const headerLine = content.split(/\r?\n/, 1)[0] ?? '';
  if (headerLine.trim() === '') throw new CsvFormatError('the file is empty; expected a header row');
  const delimiter = headerLine.includes(';') ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(content, {
      delimiter,
      columns: (header: string[]) => header.map(normaliseHeader),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    throw new CsvFormatError(error instanceof Error ? error.message : String(error));
  }
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}

function normaliseHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '');
}

/** A NUL or a lone surrogate: PostgreSQL stores neither, so the file is refused with where it is. */
function unsafeTextProblem(content: string): { index: number; problem: string } | undefined {
  const problem = unsafeText(content);
  if (problem === undefined) return undefined;
  const index = Number(/position (\d+)/.exec(problem)?.[1] ?? '1') - 1;
  return { index, problem: problem.replace(/ at position \d+/, '') };
}

function where(content: string, found: { index: number }): string {
  const before = content.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
