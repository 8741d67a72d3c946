import { Workbook } from 'exceljs';

import { CsvFormatError, type CsvRow, parseCsv } from '@sdilna/api/util-registry';

/** An uploaded table: a CSV (`;` or `,`) or the first sheet of an XLSX workbook, header row first. */
export async function sheetRows(file: Buffer): Promise<CsvRow[]> {
  // An XLSX file is a ZIP archive: it starts with "PK".
  if (file.length >= 2 && file[0] === 0x50 && file[1] === 0x4b) return xlsxRows(file);
  return parseCsv(file.toString('utf8'));
}

async function xlsxRows(file: Buffer): Promise<CsvRow[]> {
  const workbook = new Workbook();
  try {
    // exceljs types its input as an ArrayBuffer-like Buffer of its own; a copy's ArrayBuffer is what it reads.
    await workbook.xlsx.load(new Uint8Array(file).buffer);
  } catch (error) {
    throw new CsvFormatError(
      `the file is not a readable XLSX workbook (${error instanceof Error ? error.message : 'unknown'})`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new CsvFormatError('the workbook has no sheet');
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
    header[column] = normaliseHeader(cellText(cell.value));
  });
  if (header.every((name) => name === undefined || name === ''))
    throw new CsvFormatError('the first sheet is empty; expected a header row');
  const rows: CsvRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const values: Record<string, string> = {};
    header.forEach((name, column) => {
      if (name !== undefined && name !== '') values[name] = cellText(row.getCell(column).value).trim();
    });
    if (Object.values(values).some((value) => value !== '')) rows.push({ line, values });
  });
  return rows;
}

/** A cell as the text a CSV would hold: dates as YYYY-MM-DD, numbers as written, rich text joined. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as { text?: unknown; richText?: { text: string }[]; result?: unknown };
    if (Array.isArray(object.richText)) return object.richText.map((part) => part.text).join('');
    if (object.text !== undefined) return String(object.text);
    if (object.result !== undefined) return cellText(object.result);
    return '';
  }
  return String(value);
}

function normaliseHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '');
}
