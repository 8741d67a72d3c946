import PDFDocument from 'pdfkit';

import {
  type DocumentParty,
  documentStatements,
  documentTitle,
  formatCzkCzech,
  formatCzkNumberCzech,
  formatDateCzech,
  formatIban,
  formatPricePerKwhNumber,
  ibanToCzechAccount,
  type SettlementDocument,
  vatRatePercentText,
} from '@sdilna/shared/domain-settlement';

import { formatKwhCzech } from './czech-format';
import { findMachineFonts, type InvoiceFonts } from './pdf-fonts';
import { spaydForDocument } from './spayd';
import { spaydQrModules } from './spayd-qr';

export interface InvoicePdfOptions {
  /**
   * TrueType fonts with Czech glyphs; defaults to fonts found on the machine (see `findMachineFonts`).
   * `'built-in'` forces pdfkit's Helvetica (diacritics are then removed).
   */
  readonly fonts?: InvoiceFonts | 'built-in';
  /** uncompressed content streams, for tests that read the text back */
  readonly compress?: boolean;
  /** fixed creation date so equal documents give equal bytes */
  readonly creationDate?: Date;
}

const REGULAR = 'regular';
const BOLD = 'bold';
const PAGE_MARGIN = 50;

/**
 * A Czech A4 invoice (or credit note, recharge, correction): seller and buyer, dates `d. M. yyyy`, lines, VAT
 * summary per rate, the total in Kč and the QR payment code. Node only (pdfkit); the rest of the library is
 * browser-safe.
 *
 * Fonts: pdfkit's built-in Helvetica has no "ř" or "ů", so a TrueType font is embedded. When neither `fonts`
 * nor a machine font is available, Helvetica is used with diacritics removed — readable, never garbled.
 */
export async function renderInvoicePdf(
  document: SettlementDocument,
  options: InvoicePdfOptions = {},
): Promise<Uint8Array> {
  const fonts = options.fonts === 'built-in' ? undefined : (options.fonts ?? findMachineFonts());
  const pdf = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: `${documentTitle(document)} ${document.number ?? ''}`.trim(),
      Producer: 'Sdílna',
      CreationDate: options.creationDate ?? new Date(),
    },
    lang: 'cs-CZ',
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  if (fonts) {
    pdf.registerFont(REGULAR, toBuffer(fonts.regular));
    pdf.registerFont(BOLD, toBuffer(fonts.bold));
  } else {
    pdf.registerFont(REGULAR, 'Helvetica');
    pdf.registerFont(BOLD, 'Helvetica-Bold');
  }
  const text = fonts ? (value: string) => value : stripDiacritics;

  drawDocument(pdf, document, text);

  pdf.end();
  await done;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function drawDocument(
  pdf: PDFKit.PDFDocument,
  document: SettlementDocument,
  t: (value: string) => string,
): void {
  const left = PAGE_MARGIN;
  const width = pdf.page.width - 2 * PAGE_MARGIN;
  const half = width / 2;

  pdf
    .font(BOLD)
    .fontSize(16)
    .text(t(documentTitle(document)), left, PAGE_MARGIN, { width: half + 60 });
  pdf
    .font(BOLD)
    .fontSize(12)
    .text(t(`č. ${document.number ?? 'koncept'}`), left + half, PAGE_MARGIN, { width: half, align: 'right' });

  let y = PAGE_MARGIN + 40;
  const sellerBottom = drawParty(pdf, 'Dodavatel', document.seller, left, y, half - 10, t);
  const buyerBottom = drawParty(pdf, 'Odběratel', document.buyer, left + half + 10, y, half - 10, t);
  y = Math.max(sellerBottom, buyerBottom) + 15;

  const facts: [string, string][] = [
    ['Datum vystavení', formatDateCzech(document.issueDate)],
    ['Datum zdanitelného plnění', formatDateCzech(document.taxPointDate)],
    ['Datum splatnosti', formatDateCzech(document.dueDate)],
    ['Období', `${formatDateCzech(document.period.from)} – ${formatDateCzech(document.period.to)}`],
  ];
  if (document.variableSymbol !== undefined) facts.push(['Variabilní symbol', document.variableSymbol]);
  const account = document.seller.bankAccount;
  if (account) {
    const czech =
      account.czechAccount ?? (account.iban.startsWith('CZ') ? ibanToCzechAccount(account.iban) : undefined);
    if (czech) facts.push(['Bankovní účet', czech]);
    facts.push(['IBAN', formatIban(account.iban)]);
  }
  if (document.corrects) {
    facts.push([
      'Opravuje doklad',
      `${document.corrects.number} ze dne ${formatDateCzech(document.corrects.issueDate)}`,
    ]);
    if (document.corrects.taxPointDate !== undefined)
      facts.push(['DUZP opravovaného dokladu', formatDateCzech(document.corrects.taxPointDate)]);
    facts.push(['Důvod opravy', document.corrects.reason]);
  }
  pdf.fontSize(9);
  for (const [label, value] of facts) {
    pdf.font(REGULAR).text(t(`${label}:`), left, y, { width: 150 });
    pdf.font(BOLD).text(t(value), left + 150, y, { width: width - 150 });
    y = pdf.y + 2;
  }
  y += 12;

  const columns = [
    { title: 'Popis', width: 175, align: 'left' as const },
    { title: 'Množství', width: 62, align: 'right' as const },
    { title: 'Cena/kWh', width: 50, align: 'right' as const },
    { title: 'Základ', width: 62, align: 'right' as const },
    { title: 'DPH %', width: 32, align: 'right' as const },
    { title: 'DPH', width: 52, align: 'right' as const },
    { title: 'Celkem', width: 62, align: 'right' as const },
  ];
  y = drawRow(
    pdf,
    columns,
    columns.map((c) => c.title),
    left,
    y,
    BOLD,
    t,
  );
  pdf
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke();
  y += 4;
  for (const line of document.lines) {
    if (y > pdf.page.height - 200) {
      pdf.addPage();
      y = PAGE_MARGIN;
    }
    y = drawRow(
      pdf,
      columns,
      [
        line.description,
        formatKwhCzech(line.energy),
        formatPricePerKwhNumber(line.unitPrice, ','),
        formatCzkNumberCzech(line.net),
        vatRatePercentText(line.vatRate, ','),
        formatCzkNumberCzech(line.vat),
        formatCzkNumberCzech(line.gross),
      ],
      left,
      y,
      REGULAR,
      t,
    );
  }
  pdf
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke();
  y += 10;

  pdf.font(BOLD).fontSize(9).text(t('Rekapitulace DPH'), left, y);
  y = pdf.y + 4;
  const summaryColumns = [
    { title: 'Sazba', width: 80, align: 'left' as const },
    { title: 'Základ', width: 90, align: 'right' as const },
    { title: 'DPH', width: 90, align: 'right' as const },
    { title: 'Celkem', width: 90, align: 'right' as const },
  ];
  y = drawRow(
    pdf,
    summaryColumns,
    summaryColumns.map((c) => c.title),
    left,
    y,
    BOLD,
    t,
  );
  for (const row of document.vatSummary) {
    y = drawRow(
      pdf,
      summaryColumns,
      [
        `${vatRatePercentText(row.vatRate, ',')} %`,
        formatCzkCzech(row.net),
        formatCzkCzech(row.vat),
        formatCzkCzech(row.gross),
      ],
      left,
      y,
      REGULAR,
      t,
    );
  }
  if (!document.vatApplicable) {
    pdf
      .font(REGULAR)
      .fontSize(8)
      .text(t('Dodavatel není plátcem DPH.'), left, y + 2);
    y = pdf.y;
  }
  y += 12;
  pdf
    .font(BOLD)
    .fontSize(13)
    .text(t(`Celkem k úhradě: ${formatCzkCzech(document.totals.gross)}`), left, y, { width, align: 'right' });
  y = pdf.y + 15;

  const spayd = spaydForDocument(document);
  if (spayd) {
    const modules = spaydQrModules(spayd);
    const size = 110;
    const cell = size / modules.length;
    modules.forEach((row, r) =>
      row.forEach((dark, c) => {
        if (dark) pdf.rect(left + c * cell, y + r * cell, cell, cell).fill('#000000');
      }),
    );
    pdf
      .fillColor('#000000')
      .font(REGULAR)
      .fontSize(8)
      .text(t('QR Platba'), left, y + size + 4, { width: size, align: 'center' });
  }
  // § 28 odst. 3 (self-billing) and the label of a document that is not a tax document, then the note
  const notes = [...documentStatements(document), ...(document.note !== undefined ? [document.note] : [])];
  if (notes.length > 0) {
    pdf
      .font(REGULAR)
      .fontSize(8)
      .text(t(notes.join('\n')), left + 130, y, { width: width - 130 });
  }
}

const VAT_STATUS_TEXT = {
  payer: 'Plátce DPH',
  'identified-person': 'Identifikovaná osoba k DPH',
  'non-payer': 'Neplátce DPH',
} as const;

function drawParty(
  pdf: PDFKit.PDFDocument,
  title: string,
  party: DocumentParty,
  x: number,
  y: number,
  width: number,
  t: (value: string) => string,
): number {
  pdf.font(BOLD).fontSize(9).text(t(title), x, y, { width });
  pdf
    .font(BOLD)
    .fontSize(11)
    .text(t(party.name), x, pdf.y + 2, { width });
  pdf.font(REGULAR).fontSize(9);
  const lines: string[] = [];
  if (party.address) {
    lines.push(`${party.address.street} ${party.address.buildingNumber}`.trim());
    lines.push(`${party.address.postalCode} ${party.address.city}`.trim());
  }
  if (party.ico !== undefined) lines.push(`IČO: ${party.ico}`);
  if (party.dic !== undefined) lines.push(`DIČ: ${party.dic}`);
  lines.push(VAT_STATUS_TEXT[party.vatStatus ?? (party.vatPayer ? 'payer' : 'non-payer')]);
  for (const line of lines) pdf.text(t(line), x, pdf.y, { width });
  return pdf.y;
}

function drawRow(
  pdf: PDFKit.PDFDocument,
  columns: readonly { width: number; align: 'left' | 'right' }[],
  cells: readonly string[],
  x: number,
  y: number,
  font: string,
  t: (value: string) => string,
): number {
  pdf.font(font).fontSize(8);
  let bottom = y;
  let cursor = x;
  columns.forEach((column, index) => {
    const value = t(cells[index] ?? '');
    pdf.text(value, cursor, y, { width: column.width - 4, align: column.align });
    bottom = Math.max(bottom, pdf.y);
    cursor += column.width;
  });
  return bottom + 3;
}

function stripDiacritics(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
