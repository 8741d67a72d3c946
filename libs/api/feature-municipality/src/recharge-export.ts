import { Workbook, type Worksheet } from 'exceljs';

import { formatScaledDecimal } from '@sdilna/shared/domain-core';
import type { RechargeDirection } from '@sdilna/shared/util-api-contract';
import { csvField, formatDateCzechNumeric, UTF8_BOM } from '@sdilna/shared/util-documents';

import type { RechargeSummary, SummaryMonth } from './recharge-summary';

/** Czech month names (nominative, as a heading or a table cell reads them): "říjen 2026". */
const CZECH_MONTHS = [
  'leden',
  'únor',
  'březen',
  'duben',
  'květen',
  'červen',
  'červenec',
  'srpen',
  'září',
  'říjen',
  'listopad',
  'prosinec',
] as const;

export function czechMonth(month: string): string {
  return `${CZECH_MONTHS[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

const DIRECTION: Record<RechargeDirection, string> = {
  'to-unit': 'obec účtuje jednotce',
  'from-unit': 'jednotka účtuje obci',
};

/** The columns of both exports, in the Czech of the accounting tools they are opened in. */
export const EXPORT_COLUMNS = [
  'Měsíc',
  'Od',
  'Do',
  'Organizační jednotka',
  'IČO',
  'Směr',
  'Doklady',
  'Množství kWh',
  'Základ Kč',
  'DPH Kč',
  'Celkem Kč',
] as const;

function lastDay(month: string): string {
  const year = Number(month.slice(0, 4));
  const next = Number(month.slice(5, 7)); // 1-based month is the 0-based index of the next one
  return new Date(Date.UTC(year, next, 0)).toISOString().slice(0, 10);
}

/**
 * A text cell a spreadsheet must not run as a formula (CSV injection, OWASP): a unit's name is typed by a person,
 * so one starting with = + - @ or a control character is prefixed with an apostrophe.
 */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The summary as CSV, in the conventions of the accounting export (`accountingCsv`): `;` separator, decimal
 * comma, dd.MM.yyyy dates, RFC 4180 quoting, CRLF, UTF-8 with BOM. One row per month, unit and direction, then
 * a total row; the figures are the summary's, never computed again here.
 */
export function rechargesCsv(summary: RechargeSummary): string {
  const decimal = (value: number): string => formatScaledDecimal(value, 2, ',');
  const rows: string[][] = [[...EXPORT_COLUMNS]];
  for (const month of summary.months) {
    for (const row of month.rows) {
      rows.push([
        czechMonth(month.month),
        formatDateCzechNumeric(`${month.month}-01`),
        formatDateCzechNumeric(lastDay(month.month)),
        safeText(row.unitName),
        row.unitIco ?? '',
        DIRECTION[row.direction],
        row.documents.map((document) => document.record.number).join(' '),
        decimal(row.energy),
        decimal(row.net),
        decimal(row.vat),
        decimal(row.gross),
      ]);
    }
  }
  const { totals } = summary;
  rows.push([
    'Celkem',
    '',
    '',
    '',
    '',
    '',
    '',
    decimal(totals.energy),
    decimal(totals.net),
    decimal(totals.vat),
    decimal(totals.gross),
  ]);
  return UTF8_BOM + rows.map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
}

const AMOUNT_FORMAT = '#,##0.00';
const DATE_FORMAT = 'd. m. yyyy';

function excelDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function sheetHeader(sheet: Worksheet, columns: readonly string[], widths: readonly number[]): void {
  sheet.columns = columns.map((header, index) => ({ header, width: widths[index] ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function monthRows(month: SummaryMonth) {
  return month.rows.map((row) => ({ month, row }));
}

/**
 * The summary as an XLSX workbook: sheet "Přefakturace" with the rows of the CSV (numbers as numbers, dates as
 * dates, so a spreadsheet can sum and filter them) and sheet "Doklady" with each row's documents, for the
 * accountant to tick off against the PDFs. Amounts are haléře / 100 and energy 0.01 kWh / 100: two decimals,
 * which a double holds exactly enough to round back to the same integer.
 */
export async function rechargesXlsx(summary: RechargeSummary, municipalityName: string): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Sdílna';
  workbook.title = `Přefakturace – ${municipalityName}`;
  // A fixed date: the same summary always gives the same workbook properties.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);

  const sheet = workbook.addWorksheet('Přefakturace');
  sheetHeader(sheet, EXPORT_COLUMNS, [16, 12, 12, 36, 10, 22, 30, 14, 14, 14, 14]);
  for (const { month, row } of summary.months.flatMap(monthRows)) {
    sheet.addRow([
      czechMonth(month.month),
      excelDate(`${month.month}-01`),
      excelDate(lastDay(month.month)),
      row.unitName,
      row.unitIco ?? '',
      DIRECTION[row.direction],
      row.documents.map((document) => document.record.number).join(' '),
      row.energy / 100,
      row.net / 100,
      row.vat / 100,
      row.gross / 100,
    ]);
  }
  const { totals } = summary;
  const total = sheet.addRow([
    'Celkem',
    null,
    null,
    null,
    null,
    null,
    null,
    totals.energy / 100,
    totals.net / 100,
    totals.vat / 100,
    totals.gross / 100,
  ]);
  total.font = { bold: true };
  for (const key of [2, 3]) sheet.getColumn(key).numFmt = DATE_FORMAT;
  for (const key of [8, 9, 10, 11]) sheet.getColumn(key).numFmt = AMOUNT_FORMAT;

  const documents = workbook.addWorksheet('Doklady');
  const documentColumns = [
    'Měsíc',
    'Organizační jednotka',
    'Směr',
    'Doklad',
    'Druh',
    'Vystaveno',
    'Množství kWh',
    'Základ Kč',
    'DPH Kč',
    'Celkem Kč',
  ];
  sheetHeader(documents, documentColumns, [16, 36, 22, 18, 22, 12, 14, 14, 14, 14]);
  for (const { month, row } of summary.months.flatMap(monthRows)) {
    for (const document of row.documents) {
      documents.addRow([
        czechMonth(month.month),
        row.unitName,
        DIRECTION[row.direction],
        document.record.number,
        document.record.kind === 'corrective' ? 'opravný doklad' : 'vnitřní přefakturace',
        excelDate(document.record.issueDate),
        document.energy / 100,
        document.net / 100,
        document.vat / 100,
        document.gross / 100,
      ]);
    }
  }
  documents.getColumn(6).numFmt = DATE_FORMAT;
  for (const key of [7, 8, 9, 10]) documents.getColumn(key).numFmt = AMOUNT_FORMAT;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
