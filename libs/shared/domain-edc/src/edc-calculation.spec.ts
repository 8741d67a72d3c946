import { describe, expect, it } from 'vitest';

import { detectEdcReportKind, inferEdcCalculation, isWholeMonth } from './edc-calculation';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('EDC calculation and report kind', () => {
  it('infers the final monthly calculation only for a whole calendar month with every OUT evaluated', () => {
    expect(inferEdcCalculation('2026-04-01', '2026-04-30', 0)).toBe('monthly');
    expect(inferEdcCalculation('2028-02-01', '2028-02-29', 0)).toBe('monthly');
    expect(inferEdcCalculation('2026-04-01', '2026-04-30', 1)).toBe('daily');
    expect(inferEdcCalculation('2026-04-01', '2026-04-29', 0)).toBe('daily');
    expect(inferEdcCalculation('2026-04-02', '2026-04-30', 0)).toBe('daily');
    expect(inferEdcCalculation('2026-04-01', '2026-05-31', 0)).toBe('daily');
    expect(inferEdcCalculation('2026-06-05', '2026-06-05', 0)).toBe('daily');
    expect(isWholeMonth('2026-02-01', '2026-02-28')).toBe(true);
  });

  it('tells a pair report from a standard export by its first value column', () => {
    expect(
      detectEdcReportKind(bytes('Datum;Cas od;Cas do;IN-859182400611447671-D;OUT-859182400611447671-D\n')),
    ).toBe('standard');
    expect(
      detectEdcReportKind(
        bytes('\ufeffDatum;Cas od;Cas do; 859182400611447671-859182400611941780 ;\r\n01.06.2026'),
      ),
    ).toBe('pair');
    expect(detectEdcReportKind(bytes('Datum;Cas od;Cas do;859182400611447671-859182400611941780'))).toBe(
      'pair',
    );
    expect(detectEdcReportKind(bytes('something else entirely'))).toBe('standard');
    expect(detectEdcReportKind(bytes(''))).toBe('standard');
  });
});
