import { pragueDayIntervals } from '@sdilna/shared/domain-core';
import { describe, expect, it } from 'vitest';
import { bytesFromText } from './byte-source';
import { consumerA, consumerB, producer } from './edc-test-factory';
import { openEdcPairReport, type EdcPairDayBlock } from './pair-report-reader';
import { createEdcPairDayBlock, writeEdcPairReport } from './pair-report-writer';
import { EdcFormatError, formatEdcIssue } from './edc-issue';

async function textOf(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function daysOf(text: string): Promise<{ days: EdcPairDayBlock[]; issues: string[] }> {
  const report = await openEdcPairReport(bytesFromText(text, 100), { file: 'pairs.csv' });
  const days: EdcPairDayBlock[] = [];
  for await (const day of report.days()) days.push(day);
  return { days, issues: report.issues.map(formatEdcIssue) };
}

const pairs = [
  { producer: producer.ean, consumer: consumerA.ean },
  { producer: producer.ean, consumer: consumerB.ean },
];

describe('EDC pair report reader', () => {
  it('reads one column of shared kWh per producer–consumer pair', async () => {
    const header = `Datum;Cas od;Cas do;${producer.ean}-${consumerA.ean};${producer.ean}-${consumerB.ean}`;
    const rows = pragueDayIntervals('2026-06-01').map(
      (i, k) => `01.06.2026;${i.from};${i.to};${k === 40 ? '1,5' : '0,0'};0,25;`,
    );
    const report = await openEdcPairReport(bytesFromText([header, ...rows].join('\n')), {
      file: 'pairs.csv',
    });
    expect(report.pairs).toEqual([
      { producer: producer.ean, consumer: consumerA.ean },
      { producer: producer.ean, consumer: consumerB.ean },
    ]);
    const days = [];
    for await (const day of report.days()) days.push(day);
    expect(days).toHaveLength(1);
    expect(days[0]?.shared[40]).toBe(150);
    expect(days[0]?.shared[96 + 7]).toBe(25);
  });

  it('rejects a pair column with a bad EAN', async () => {
    const bad = `${producer.ean.slice(0, 17)}${(Number(producer.ean[17]) + 1) % 10}`;
    await expect(
      openEdcPairReport(bytesFromText(`Datum;Cas od;Cas do;${bad}-${consumerA.ean}\n`), { file: 'p.csv' }),
    ).rejects.toThrow(/p\.csv:1:4: .*bad check digit/);
  });

  it('round-trips writer → reader over the autumn DST day, with empty cells kept apart from 0', async () => {
    const day = createEdcPairDayBlock('2026-10-25', 2);
    for (let i = 0; i < day.intervalCount; i++) {
      day.shared[i] = i;
      day.present[i] = 1;
      if (i % 3 !== 0) {
        day.shared[100 + i] = 7;
        day.present[100 + i] = 1;
      }
    }
    const text = await textOf(writeEdcPairReport(pairs, [day]));
    expect(text.split('\n')[0]).toBe(
      `Datum;Cas od;Cas do;${producer.ean}-${consumerA.ean};${producer.ean}-${consumerB.ean}`,
    );
    expect(text.split('\n')[1]).toBe('25.10.2026;00:00;00:15;0,0;;');
    const { days, issues } = await daysOf(text);
    expect(issues).toEqual([]);
    expect(days[0]?.intervalCount).toBe(100);
    expect(days[0]?.shared).toEqual(day.shared);
    expect(days[0]?.present).toEqual(day.present);
  });

  it('reads NaN cells as missing values with one warning per column naming line, column and count', async () => {
    const day = createEdcPairDayBlock('2026-06-01', 2);
    day.present.fill(1);
    const lines = (await textOf(writeEdcPairReport(pairs, [day]))).split('\n');
    lines[3] = '01.06.2026;00:30;00:45;nan;0,0;';
    lines[4] = '01.06.2026;00:45;01:00;NaN;0,0;';
    const { days, issues } = await daysOf(lines.join('\n'));
    expect(days[0]?.present[2]).toBe(0);
    expect(days[0]?.present[3]).toBe(0);
    expect(days[0]?.present[4]).toBe(1);
    expect(issues).toEqual([
      `pairs.csv:4:4: warning: ${producer.ean}-${consumerA.ean} has NaN in 2 intervals, first on this line; stored as missing values (no data), not as 0`,
    ]);
  });

  it('rejects negative shared energy with the line and the pair column', async () => {
    const day = createEdcPairDayBlock('2026-06-01', 2);
    day.present.fill(1);
    const lines = (await textOf(writeEdcPairReport(pairs, [day]))).split('\n');
    lines[5] = '01.06.2026;01:00;01:15;0,0;-0,5;';
    const error = await daysOf(lines.join('\n')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EdcFormatError);
    expect(error).toMatchObject({ file: 'pairs.csv', line: 6, column: 5 });
    expect((error as EdcFormatError).reason).toMatch(/-0\.5 kWh of pair .* is negative/);
  });

  it('rejects a pair report with a skipped interval like the standard export', async () => {
    const day = createEdcPairDayBlock('2026-06-01', 2);
    const lines = (await textOf(writeEdcPairReport(pairs, [day]))).split('\n');
    lines.splice(10, 1);
    await expect(daysOf(lines.join('\n'))).rejects.toThrow(/pairs\.csv:11:2: expected interval 02:15–02:30/);
  });
});
