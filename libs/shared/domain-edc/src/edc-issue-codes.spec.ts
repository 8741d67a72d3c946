import { describe, expect, it } from 'vitest';
import { bytesFrom, bytesFromText } from './byte-source';
import { balancedDay, consumerA, csvOf, linesOf, producer } from './edc-test-factory';
import { EDC_ISSUE_CODES, EdcFormatError, type EdcIssue } from './edc-issue';
import { openEdcPairReport } from './pair-report-reader';
import { openEdcStandardExport, validateEdcStandardExport } from './standard-export-reader';

// A client tells each problem by its code and params (issue 18): these are the values it needs.

async function firstError(text: string | Uint8Array): Promise<EdcIssue> {
  try {
    const source = typeof text === 'string' ? bytesFromText(text) : bytesFrom(text);
    const reader = await openEdcStandardExport(source, { file: 't.csv' });
    for await (const day of reader.days()) void day;
  } catch (error) {
    if (error instanceof EdcFormatError) return error.issues[0] as EdcIssue;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

async function validLines(...dates: string[]): Promise<string[]> {
  return linesOf(await csvOf(dates.map(balancedDay)));
}

describe('codes and params of the EDC reader issues', () => {
  it('names the empty file, a UTF-16 file and a binary one', async () => {
    expect(await firstError('')).toMatchObject({ code: 'EMPTY_FILE', line: 1 });
    const utf16 = Buffer.from('\ufeffDatum;Cas od', 'utf16le');
    expect((await firstError(utf16)).code).toBe('UTF16_TEXT');
    expect(await firstError('Datum;Cas od;Cas do\n01.06.2026;00:00\u0001')).toMatchObject({
      code: 'NOT_TEXT',
      params: { byte: '0x01', line: 2 },
    });
  });

  it('gives a value cell in the wrong format its column and the cell', async () => {
    const lines = await validLines('2026-06-01');
    lines[1] = lines[1]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$11.00');
    expect(await firstError(lines.join('\n'))).toMatchObject({
      code: 'VALUE_FORMAT',
      line: 2,
      column: 4,
      params: { column: `IN-${producer.ean}-D`, found: '1.00' },
    });
  });

  it('gives a skipped interval the day, the expected and the found interval', async () => {
    const lines = await validLines('2026-06-01');
    lines.splice(5, 1);
    expect(await firstError(lines.join('\n'))).toMatchObject({
      code: 'INTERVAL_SKIPPED',
      params: { date: '2026-06-01', expected: '01:00–01:15', found: '01:15–01:30', count: 1 },
    });
  });

  it('gives missing days and an incomplete day their dates', async () => {
    expect(await firstError((await validLines('2026-06-01', '2026-06-03')).join('\n'))).toMatchObject({
      code: 'DAYS_MISSING',
      params: { from: '2026-06-02', to: '2026-06-02', found: '2026-06-03' },
    });
    expect(await firstError((await validLines('2026-06-01')).slice(0, 50).join('\n'))).toMatchObject({
      code: 'DAY_INCOMPLETE',
      params: { date: '2026-06-01', rows: 49, expected: 96, missing: 47, from: '12:15' },
    });
  });

  it('gives header problems codes: a missing partner column, a bad EAN', async () => {
    const lines = await validLines('2026-06-01');
    lines[0] = lines[0]!.replace(`;OUT-${consumerA.ean}-O`, '');
    expect(await firstError(lines.join('\n'))).toMatchObject({
      code: 'HEADER_NO_PARTNER',
      params: { found: `IN-${consumerA.ean}-O`, partner: `OUT-${consumerA.ean}-O` },
    });
    const bad = producer.ean.slice(0, 17) + String((Number(producer.ean[17]) + 1) % 10);
    const other = await validLines('2026-06-01');
    other[0] = other[0]!.replace(`IN-${producer.ean}`, `IN-${bad}`);
    expect(await firstError(other.join('\n'))).toMatchObject({
      code: 'HEADER_EAN',
      params: { ean: bad, problem: 'bad-check-digit' },
    });
  });

  it('warns of NaN cells with NAN_VALUES {column, count}', async () => {
    const lines = await validLines('2026-06-01');
    for (const k of [1, 2]) {
      const cells = lines[k]!.split(';');
      cells[3] = 'NaN';
      cells[4] = 'NaN';
      lines[k] = cells.join(';');
    }
    const result = await validateEdcStandardExport(bytesFromText(lines.join('\n')), {
      file: 't.csv',
      outChecks: 'off',
    });
    expect(result.warnings.find((issue) => issue.code === 'NAN_VALUES')).toMatchObject({
      line: 2,
      column: 4,
      params: { column: `IN-${producer.ean}-D`, count: 2 },
    });
  });

  it('gives a pair report column that is not a pair PAIR_COLUMN', async () => {
    try {
      await openEdcPairReport(bytesFromText('Datum;Cas od;Cas do;abc\n'), { file: 'p.csv' });
      throw new Error('expected the header to be rejected');
    } catch (error) {
      expect((error as EdcFormatError).issues[0]).toMatchObject({
        code: 'PAIR_COLUMN',
        params: { found: 'abc' },
      });
    }
  });

  it('every issue carries one of the listed codes', async () => {
    const lines = await validLines('2026-06-01');
    lines.splice(5, 1);
    lines[20] = lines[20]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$1x');
    const result = await validateEdcStandardExport(bytesFromText(lines.join('\n')), { file: 'f.csv' });
    expect(result.errors.length).toBeGreaterThan(1);
    for (const issue of [...result.errors, ...result.warnings]) expect(EDC_ISSUE_CODES).toContain(issue.code);
  });
});
