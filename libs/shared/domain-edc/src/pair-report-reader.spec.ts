import { pragueDayIntervals } from '@sdilna/shared/domain-core';
import { describe, expect, it } from 'vitest';
import { bytesFromText } from './byte-source';
import { consumerA, consumerB, producer } from './edc-test-factory';
import { openEdcPairReport } from './pair-report-reader';

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
});
