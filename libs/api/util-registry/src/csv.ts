import { parse } from 'csv-parse/sync';

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
