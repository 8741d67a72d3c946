import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { SettlementDocument } from '@sdilna/shared/domain-settlement';
import { anIssuedSettlement } from '@sdilna/shared/domain-settlement/testing';

import { renderInvoicePdf } from './invoice-pdf';
import { findMachineFonts, packagedFonts } from './pdf-fonts';
import { extractPdfText } from './pdf-text';
import { parseSpayd, spaydForDocument } from './spayd';

function theInvoice(): SettlementDocument {
  const invoice = anIssuedSettlement().find((d) => d.kind === 'invoice');
  if (!invoice) throw new Error('no invoice');
  return invoice;
}

describe('invoice PDF', () => {
  it('renders a Czech invoice whose text holds the number, dates, amounts and diacritics', async () => {
    const fonts = findMachineFonts();
    expect(fonts, 'a TrueType font with Czech glyphs (DejaVu or Liberation) must be installed').toBeDefined();
    const invoice = theInvoice();
    const pdf = await renderInvoicePdf(invoice, { compress: false, creationDate: new Date(0) });
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    const text = extractPdfText(pdf);
    // 1 000 kWh VT × 3.00 + 234.56 kWh NT × 2.50 = 3 000.00 + 586.40 net; 21 % VAT: 630.00 + 123.14
    expect(text).toContain('Faktura – daňový doklad');
    expect(text).toContain('FV-2026-000001');
    expect(text).toContain('Základní škola Lomnice nad Lužnicí');
    expect(text).toContain('Řečická');
    expect(text).toContain('15. 7. 2026');
    expect(text).toContain('29. 7. 2026');
    expect(text).toContain('3 000,00');
    expect(text).toContain('586,40');
    expect(text).toContain('Celkem k úhradě: 4 339,54 Kč');
    expect(invoice.totals.gross).toBe(433_954);
  });

  it('carries a QR payment whose SPAYD parses to the document total, account and symbol', () => {
    const invoice = theInvoice();
    const spayd = spaydForDocument(invoice);
    expect(spayd).toBeDefined();
    const fields = parseSpayd(spayd ?? '').fields;
    expect(fields.get('AM')).toBe('4339.54');
    expect(fields.get('ACC')).toBe('CZ6508000000192000145399');
    expect(fields.get('X-VS')).toBe(invoice.variableSymbol);
    expect(fields.get('DT')).toBe('20260729');
  });

  it('falls back to Helvetica without diacritics when no Czech font is available', async () => {
    const pdf = await renderInvoicePdf(theInvoice(), {
      compress: false,
      fonts: 'built-in',
      creationDate: new Date(0),
    });
    const text = extractPdfText(pdf);
    expect(text).toContain('Zakladni skola Lomnice nad Luznici');
    expect(text).toContain('Celkem k uhrade: 4 339,54 Kc');
  });
});

describe('packagedFonts', () => {
  it('finds DejaVu in the dejavu-fonts-ttf package, so PDFs do not depend on machine fonts', () => {
    const fonts = packagedFonts();
    expect(fonts?.regular).toMatch(/dejavu-fonts-ttf\/ttf\/DejaVuSans\.ttf$/);
    expect(existsSync(fonts?.regular ?? '')).toBe(true);
  });
});
