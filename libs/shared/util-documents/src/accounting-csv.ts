import { formatScaledDecimal } from '@sdilna/shared/domain-core';
import {
  formatPricePerKwhNumber,
  type SettlementDocument,
  vatRatePercentText,
} from '@sdilna/shared/domain-settlement';

import { formatDateCzechNumeric } from './czech-format';

/** Byte order mark: Czech Excel and accounting imports (Pohoda, Money S3, ABRA) detect UTF-8 by it. */
export const UTF8_BOM = '\uFEFF';

const COLUMNS = [
  'Doklad',
  'Druh',
  'Datum vystavení',
  'DUZP',
  'Splatnost',
  'Variabilní symbol',
  'Dodavatel',
  'IČO dodavatele',
  'DIČ dodavatele',
  'Odběratel',
  'IČO odběratele',
  'DIČ odběratele',
  'Řádek',
  'Popis',
  'Množství kWh',
  'Cena Kč/kWh',
  'Základ Kč',
  'Sazba DPH %',
  'DPH Kč',
  'Celkem Kč',
  'Měna',
  'Období od',
  'Období do',
  'Opravuje doklad',
  'EAN',
] as const;

/**
 * Every line of every document as CSV for Czech accounting tools: RFC 4180 quoting, `;` as the separator and a
 * decimal comma (what Czech-locale Excel and the common accounting imports expect, since "," is the decimal
 * separator there), dates dd.MM.yyyy, CRLF line ends, UTF-8 with BOM. Amounts have no thousands separators.
 */
export function accountingCsv(documents: readonly SettlementDocument[]): string {
  const rows: string[][] = [[...COLUMNS]];
  for (const document of documents) {
    for (const line of document.lines) {
      rows.push([
        document.number ?? '',
        document.kind,
        formatDateCzechNumeric(document.issueDate),
        formatDateCzechNumeric(document.taxPointDate),
        formatDateCzechNumeric(document.dueDate),
        document.variableSymbol ?? '',
        document.seller.name,
        document.seller.ico ?? '',
        document.seller.dic ?? '',
        document.buyer.name,
        document.buyer.ico ?? '',
        document.buyer.dic ?? '',
        String(line.lineNumber),
        line.description,
        formatScaledDecimal(line.energy, 2, ','),
        formatPricePerKwhNumber(line.unitPrice, ','),
        formatScaledDecimal(line.net, 2, ','),
        vatRatePercentText(line.vatRate, ','),
        formatScaledDecimal(line.vat, 2, ','),
        formatScaledDecimal(line.gross, 2, ','),
        document.currency,
        formatDateCzechNumeric(document.period.from),
        formatDateCzechNumeric(document.period.to),
        document.corrects?.number ?? '',
        (line.meteringPoints ?? []).join(' '),
      ]);
    }
  }
  return UTF8_BOM + rows.map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
}

/** RFC 4180: quote a field that holds the separator, a quote or a line break, doubling inner quotes. */
export function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
