import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bytesFrom, bytesFromText, encodeText } from './byte-source';
import { balancedDay, consumerA, csvOf, linesOf, producer, testPoints } from './edc-test-factory';
import { EdcFormatError, formatEdcIssue } from './edc-issue';
import { openEdcStandardExport, validateEdcStandardExport } from './standard-export-reader';
import type { EdcDayBlock } from './standard-day-block';
import { writeEdcStandardExport } from './standard-export-writer';

// The real EDC export copied into the repository (see test/fixtures/edc/README.md).
const REAL_EXPORT = resolve(__dirname, '../../../../test/fixtures/edc/group-a-2026-04.csv');

async function readAll(source: AsyncIterable<Uint8Array>, options = {}) {
  const reader = await openEdcStandardExport(source, { file: 'test.csv', ...options });
  const days: EdcDayBlock[] = [];
  for await (const day of reader.days()) days.push(day);
  return { reader, days };
}

async function rejection(text: string): Promise<EdcFormatError> {
  try {
    await readAll(bytesFromText(text));
  } catch (error) {
    if (error instanceof EdcFormatError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

async function validCsv(...dates: string[]): Promise<string> {
  return csvOf(dates.map(balancedDay));
}

describe('EDC standard export reader', () => {
  it('reads the real fixture: 28 points, 30 days of 96 intervals, times in UTC', async () => {
    const { reader, days } = await readAll(bytesFrom(readFileSync(REAL_EXPORT), 4096));
    expect(reader.points).toHaveLength(28);
    expect(reader.points[0]).toEqual({ ean: '859182400611447671', role: 'production' });
    expect(reader.points.filter((p) => p.role === 'consumption')).toHaveLength(27);
    expect(days.map((d) => d.intervalCount)).toEqual(new Array(30).fill(96));
    expect(new Date(days[0]!.startUtcMs[0]!).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    // Line 2: "01.04.2026;00:00;00:15;0,0;0,0;0,0;0,0;0,0;0,0;-0,53;-0,53;…": the 4th point imports 0.53 kWh.
    expect(days[0]!.inValues[3 * 96]).toBe(-53);
    expect(days[0]!.lineOfInterval[0]).toBe(2);
    expect(reader.issues).toEqual([]);
  });

  it('reads the spring DST day 2026-03-29 with 92 rows and the autumn day 2026-10-25 with 100', async () => {
    const { days } = await readAll(bytesFromText(await validCsv('2026-03-29')));
    expect(days[0]?.intervalCount).toBe(92);
    const autumn = (await readAll(bytesFromText(await validCsv('2026-10-25')))).days[0]!;
    expect(autumn.intervalCount).toBe(100);
    // The repeated 02:00 rows are lines 10 and 14 (header is line 1): first UTC+2, then UTC+1.
    expect(new Date(autumn.startUtcMs[8]!).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(new Date(autumn.startUtcMs[12]!).toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(autumn.lineOfInterval[12]).toBe(14);
  });

  it('rejects an autumn DST day that has the repeated hour only once', async () => {
    const lines = linesOf(await validCsv('2026-10-25'));
    lines.splice(13, 4); // drop the second 02:00–02:45
    const error = await rejection(lines.join('\n'));
    expect(error).toMatchObject({ file: 'test.csv', line: 14, column: 2 });
    expect(error.message).toMatch(
      /expected interval 02:00–02:15 of 2026-10-25, found 03:00–03:15: 4 intervals skipped \(the day has 100 intervals/,
    );
  });

  it('rejects a 02:00 row on the spring DST day', async () => {
    const lines = linesOf(await validCsv('2026-03-29'));
    lines.splice(9, 0, '29.03.2026;02:00;02:15;1;0;0;0;0;0;');
    const error = await rejection(lines.join('\n'));
    expect(error.line).toBe(10);
    expect(error.message).toMatch(
      /2026-03-29 has no interval 02:00–02:15 in the Prague DST calendar \(92 intervals\)/,
    );
  });

  it('accepts a UTF-8 BOM', async () => {
    const bytes = new TextEncoder().encode(await validCsv('2026-06-01'));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    const { reader, days } = await readAll(bytesFrom(withBom));
    expect(reader.points).toEqual(testPoints);
    expect(days).toHaveLength(1);
    expect(reader.encoding).toBe('utf-8');
  });

  it('reads a windows-1250 file with a "Čas od" header', async () => {
    const text = (await validCsv('2026-06-01')).replace('Cas od;Cas do', 'Čas od;Čas do');
    const { reader, days } = await readAll(bytesFrom(iconv.encode(text, 'win1250')));
    expect(reader.encoding).toBe('windows-1250');
    expect(days[0]?.intervalCount).toBe(96);
  });

  it('tolerates spaces in header cells and a trailing ";" on the header and missing on rows', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines[0] =
      lines[0]!
        .split(';')
        .map((cell) => ` ${cell.replace('-', ' - ')} `)
        .join(';') + ';';
    const rows = lines.slice(1).map((line) => line.replace(/;$/, ''));
    const { reader, days } = await readAll(bytesFromText([lines[0], ...rows].join('\r\n')));
    expect(reader.points).toEqual(testPoints);
    expect(days[0]?.inValues[0]).toBe(100);
  });

  it('keeps empty cells apart from zero and warns once per point', async () => {
    // consumer A (columns 6 and 7) has no data for the first two intervals; the producer keeps A's part
    const source = balancedDay('2026-06-01');
    for (const i of [0, 1]) {
      const aShare = (source.outValues[96 + i] as number) - (source.inValues[96 + i] as number);
      source.inPresent[96 + i] = 0;
      source.outPresent[96 + i] = 0;
      source.outValues[i] = (source.outValues[i] as number) + aShare;
    }
    const lines = linesOf(await csvOf([source]));
    expect(lines[1]).toMatch(/^01\.06\.2026;00:00;00:15;1,0;0,7;;;-5,0;-4,7;$/);
    const { reader, days } = await readAll(bytesFromText(lines.join('\n')));
    const day = days[0]!;
    expect(day.inPresent[96]).toBe(0);
    expect(day.inPresent[98]).toBe(1);
    expect(reader.issues.map(formatEdcIssue)).toEqual([
      `test.csv:2:6: warning: IN-${consumerA.ean}-O has no data (empty cells) in 2 intervals, first on this line`,
    ]);
  });

  it('reads NaN cells in any case as missing values, not 0, with one warning per column (line, column, count)', async () => {
    // consumer A (columns 6 and 7) is NaN in the first three intervals; the producer keeps A's part
    const source = balancedDay('2026-06-01');
    for (const i of [0, 1, 2]) {
      const aShare = (source.outValues[96 + i] as number) - (source.inValues[96 + i] as number);
      source.outValues[i] = (source.outValues[i] as number) + aShare;
    }
    const lines = linesOf(await csvOf([source]));
    ['NaN', 'nan', 'NAN'].forEach((nan, k) => {
      const cells = lines[k + 1]!.split(';');
      cells[5] = nan;
      cells[6] = k === 2 ? '-4,7' : ` ${nan} `;
      lines[k + 1] = cells.join(';');
    });
    const { reader, days } = await readAll(bytesFromText(lines.join('\n')));
    const day = days[0]!;
    for (const i of [0, 1, 2]) {
      expect(day.inPresent[96 + i]).toBe(0);
      // an OUT beside a NaN IN is dropped too: shared needs IN
      expect(day.outPresent[96 + i]).toBe(0);
      expect(day.inValues[96 + i]).toBe(0);
    }
    expect(day.inPresent[96 + 3]).toBe(1);
    expect(reader.errorCount).toBe(0);
    expect(reader.issues.map(formatEdcIssue)).toEqual([
      `test.csv:2:6: warning: IN-${consumerA.ean}-O has NaN in 3 intervals, first on this line; stored as missing values (no data), not as 0`,
      `test.csv:2:7: warning: OUT-${consumerA.ean}-O has NaN in 2 intervals, first on this line; stored as missing values (no data), not as 0`,
      `test.csv:2:6: warning: IN-${consumerA.ean}-O has no data (empty cells) in 3 intervals, first on this line`,
    ]);
  });

  it('still rejects other text in a value cell ("NaNa", "inf")', async () => {
    for (const bad of ['NaNa', 'inf']) {
      const lines = linesOf(await validCsv('2026-06-01'));
      const cells = lines[5]!.split(';');
      cells[3] = bad;
      lines[5] = cells.join(';');
      const error = await rejection(lines.join('\n'));
      expect(error).toMatchObject({ line: 6, column: 4 });
    }
  });

  it('accepts preliminary data with empty OUT and warns that it is not evaluated yet', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    const preliminary = [
      lines[0],
      ...lines.slice(1).map((line) =>
        line
          .split(';')
          .map((cell, k) => (k >= 3 && k % 2 === 0 ? '' : cell))
          .join(';'),
      ),
    ];
    const { reader } = await readAll(bytesFromText(preliminary.join('\n')));
    expect(reader.errorCount).toBe(0);
    expect(reader.issues).toHaveLength(3);
    expect(reader.issues[0]?.message).toMatch(
      /OUT-.* is not yet evaluated \(preliminary data\) in 96 intervals/,
    );
  });

  it('rejects a header IN column without its OUT partner', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines[0] = lines[0]!.replace(`;OUT-${consumerA.ean}-O`, '');
    const error = await rejection(lines.join('\n'));
    expect(error).toMatchObject({ line: 1, column: 6 });
    expect(error.message).toMatch(
      `column IN-${consumerA.ean}-O has no OUT-${consumerA.ean}-O partner column`,
    );
  });

  it('rejects a header EAN with a bad check digit', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    const bad = producer.ean.slice(0, 17) + String((Number(producer.ean[17]) + 1) % 10);
    lines[0] = lines[0]!.replace(`IN-${producer.ean}`, `IN-${bad}`);
    const error = await rejection(lines.join('\n'));
    expect(error).toMatchObject({ line: 1, column: 4 });
    expect(error.message).toMatch(/bad check digit \(expected \d\)/);
  });

  it('rejects a skipped interval, naming the line and the expected interval', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines.splice(5, 1); // 01:00–01:15 disappears
    const error = await rejection(lines.join('\n'));
    expect(error).toMatchObject({ line: 6, column: 2 });
    expect(error.message).toMatch(
      /expected interval 01:00–01:15 of 2026-06-01, found 01:15–01:30: 1 interval skipped/,
    );
  });

  it('rejects a duplicate interval', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines.splice(3, 0, lines[2]!);
    const error = await rejection(lines.join('\n'));
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/duplicate interval 00:15–00:30 of 2026-06-01 \(already on line 3\)/);
  });

  it('rejects a missing day and an incomplete last day', async () => {
    const twoDays = linesOf(await validCsv('2026-06-01', '2026-06-03'));
    expect((await rejection(twoDays.join('\n'))).message).toMatch(
      /expected the first row of 2026-06-02, found 2026-06-03/,
    );
    const cut = linesOf(await validCsv('2026-06-01')).slice(0, 50);
    const error = await rejection(cut.join('\n'));
    expect(error.line).toBe(50);
    expect(error.message).toMatch(
      /2026-06-01 ends after 49 rows: expected 96 intervals .* 47 missing from 12:15/,
    );
  });

  it('rejects a row with the wrong number of fields', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines[3] = lines[3]!.replace(/;[^;]*;[^;]*;$/, ';');
    expect((await rejection(lines.join('\n'))).message).toMatch(/expected 9 fields .* found 8/);
    expect((await rejection(lines.join('\n'))).line).toBe(4);
  });

  it('rejects numbers with a decimal point or three decimals, naming the column', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines[1] = lines[1]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$11.00');
    const error = await rejection(lines.join('\n'));
    expect(error).toMatchObject({ line: 2, column: 4 });
    expect(error.message).toMatch(
      `expected kWh with a decimal comma and at most 2 decimals in IN-${producer.ean}-D, found "1.00"`,
    );
    lines[1] = lines[1]!.replace('1.00', '1,001');
    expect((await rejection(lines.join('\n'))).message).toMatch(/found "1,001"/);
  });

  it('rejects production OUT above IN and consumption OUT below IN', async () => {
    const day = balancedDay('2026-06-01');
    day.outValues[5] = 200; // producer keeps more than it measured
    const error = await rejection(await csvOf([day]));
    expect(error).toMatchObject({ line: 7, column: 5 });
    expect(error.message).toMatch(/expected 0 ≤ OUT ≤ IN/);
    const consumer = balancedDay('2026-06-01');
    consumer.outValues[96 + 5] = -600;
    expect((await rejection(await csvOf([consumer]))).message).toMatch(/expected IN ≤ OUT ≤ 0/);
  });

  it('rejects an interval whose producers and consumers do not balance', async () => {
    const day = balancedDay('2026-06-01');
    day.outValues[96 + 10] = (day.outValues[96 + 10] as number) - 1;
    const error = await rejection(await csvOf([day]));
    expect(error.line).toBe(12);
    expect(error.message).toMatch(
      /group balance broken: producers shared 0,70 kWh but consumers received 0,69 kWh/,
    );
  });

  it('validate lists every problem with file:line:column instead of stopping at the first', async () => {
    const lines = linesOf(await validCsv('2026-06-01'));
    lines.splice(5, 1);
    lines[20] = lines[20]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$1x');
    const result = await validateEdcStandardExport(bytesFromText(lines.join('\n')), { file: 'f.csv' });
    expect(result.valid).toBe(false);
    expect(result.errors.map(formatEdcIssue)).toEqual([
      expect.stringMatching(/^f\.csv:6:2: expected interval 01:00–01:15/),
      expect.stringMatching(/^f\.csv:21:4: expected kWh/),
    ]);
  });

  it('round-trips writer → reader in both number styles, across chunk boundaries', async () => {
    const original = ['2026-03-28', '2026-03-29', '2026-03-30'].map(balancedDay);
    // one empty cell (absent cells read back as 0 with presence 0)
    original[1]!.inPresent[3] = 0;
    original[1]!.outPresent[3] = 0;
    original[1]!.inValues[3] = 0;
    original[1]!.outValues[3] = 0;
    for (const numberStyle of ['edc', 'fixed-2'] as const) {
      const source = encodeText(writeEdcStandardExport(testPoints, original, { numberStyle }));
      const chunks: Uint8Array[] = [];
      for await (const chunk of source) chunks.push(chunk);
      const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      chunks.reduce((offset, c) => (bytes.set(c, offset), offset + c.length), 0);
      const { days } = await readAll(bytesFrom(bytes, 7), { outChecks: 'off' });
      expect(days.map((d) => d.date)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
      days.forEach((day, k) => {
        expect(day.inValues).toEqual(original[k]!.inValues);
        expect(day.outValues).toEqual(original[k]!.outValues);
        expect(day.inPresent).toEqual(original[k]!.inPresent);
      });
    }
  });

  it('writes the fixture back byte for byte in the EDC number style', async () => {
    const bytes = readFileSync(REAL_EXPORT);
    const { reader, days } = await readAll(bytesFrom(bytes));
    let text = '';
    for await (const chunk of writeEdcStandardExport(reader.points, days)) text += chunk;
    expect(text).toBe(bytes.toString('utf8'));
  });
});
