import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSpayd, parseSpayd } from './spayd';
import { spaydQrModules, spaydQrSvg } from './spayd-qr';

const iban = 'CZ6508000000192000145399';

describe('SPAYD (QR Platba)', () => {
  it('builds the standard string with amount, currency, due date and symbols', () => {
    expect(
      buildSpayd({
        iban,
        amount: 123_450,
        variableSymbol: '126000123',
        dueDate: '2026-07-29',
        message: 'Sdílená elektřina FV-2026-000123',
      }),
    ).toBe(
      'SPD*1.0*ACC:CZ6508000000192000145399*AM:1234.50*CC:CZK*DT:20260729*MSG:Sdílená elektřina FV-2026-000123*X-VS:126000123',
    );
  });

  it('escapes "*" in values and can write text as upper-case ASCII', () => {
    const spayd = buildSpayd(
      { iban, amount: 100, message: 'a*b 100%', recipientName: 'Obec Řečice' },
      { asciiUppercaseText: true },
    );
    expect(spayd).toContain('MSG:A%2AB 100%25');
    expect(spayd).toContain('RN:OBEC RECICE');
  });

  it('shortens the message to 60 characters and rejects a bad IBAN or symbol', () => {
    const spayd = buildSpayd({ iban, amount: 100, message: 'x'.repeat(80) });
    expect(parseSpayd(spayd).fields.get('MSG')).toHaveLength(60);
    expect(() => buildSpayd({ iban: 'CZ6608000000192000145399', amount: 100 })).toThrow(/IBAN/);
    expect(() => buildSpayd({ iban, amount: 100, variableSymbol: '12345678901' })).toThrow(/X-VS/);
    expect(() => buildSpayd({ iban, amount: 0 })).toThrow(/amount/);
  });

  it('round-trips any message, amount and symbol through build and parse', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.stringMatching(/^[0-9]{1,10}$/),
        (message, amount, variableSymbol) => {
          const parsed = parseSpayd(buildSpayd({ iban, amount, message: message || 'x', variableSymbol }));
          expect(parsed.fields.get('MSG')).toBe(message || 'x');
          expect(parsed.fields.get('X-VS')).toBe(variableSymbol);
          const am = parsed.fields.get('AM') ?? '';
          expect(Math.round(Number(am) * 100)).toBe(amount);
        },
      ),
    );
  });

  it('renders a QR code as SVG and as modules', async () => {
    const spayd = buildSpayd({ iban, amount: 123_450 });
    expect(await spaydQrSvg(spayd)).toMatch(/^<svg/);
    const modules = spaydQrModules(spayd);
    expect(modules.length).toBeGreaterThanOrEqual(21);
    expect(modules.every((row) => row.length === modules.length)).toBe(true);
  });
});
