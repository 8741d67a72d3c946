import { eanWithCheckDigit } from '@sdilna/shared/domain-core';
import { describe, expect, it } from 'vitest';
import { bytesFrom, bytesFromText } from './byte-source';
import { balancedDay, csvOf, linesOf } from './edc-test-factory';
import { EdcFormatError } from './edc-issue';
import { openEdcPairReport } from './pair-report-reader';
import { DEFAULT_EDC_MAX_KWH_PER_INTERVAL, MAX_STORED_HUNDREDTHS } from './edc-value-bounds';
import {
  openEdcStandardExport,
  validateEdcStandardExport,
  type EdcStandardReadOptions,
} from './standard-export-reader';

async function rejection(source: AsyncIterable<Uint8Array>, options: EdcStandardReadOptions = {}) {
  try {
    const reader = await openEdcStandardExport(source, { file: 'test.csv', ...options });
    for await (const day of reader.days()) void day;
  } catch (error) {
    if (error instanceof EdcFormatError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

/** A valid day with the producer's IN and OUT of the first row (line 2, fields 4 and 5) set to `kwh`. */
async function withProducerValue(kwh: string): Promise<string> {
  const lines = linesOf(await csvOf([balancedDay('2026-06-01')]));
  const cells = (lines[1] as string).split(';');
  cells[3] = kwh;
  cells[4] = kwh;
  lines[1] = cells.join(';');
  return lines.join('\n') + '\n';
}

describe('EDC reader: values that cannot be stored or are not plausible', () => {
  it('stores values as int32 of 0.01 kWh: the bound is 21 474 836,47 kWh, and the default plausibility 10 000 kWh', () => {
    expect(MAX_STORED_HUNDREDTHS).toBe(2 ** 31 - 1);
    expect(DEFAULT_EDC_MAX_KWH_PER_INTERVAL).toBe(10_000);
  });

  it.each(['42949673,32', '30000000,00', '-30000000,00', '21474836,48'])(
    'refuses %s kWh as too large to store, at its line and column, not as wrapped or "negative"',
    async (kwh) => {
      const error = await rejection(bytesFromText(await withProducerValue(kwh)), {
        maxKwhPerInterval: 100_000_000,
      });
      expect(error.line).toBe(2);
      expect(error.column).toBe(4);
      expect(error.reason).toContain('larger than the largest value that can be stored (21474836,47 kWh)');
      expect(error.reason).toContain(`"${kwh}"`);
      expect(error.reason).not.toMatch(/negative|sign/i);
    },
  );

  it('refuses 42 949 673,32 kWh with the default options too (storage is checked before plausibility)', async () => {
    const error = await rejection(bytesFromText(await withProducerValue('42949673,32')));
    expect(error.message).toMatch(/^test\.csv:2:4: .*larger than the largest value that can be stored/);
  });

  it('refuses 20 000 000 kWh per 15 minutes as implausible, naming the limit and its setting', async () => {
    const error = await rejection(bytesFromText(await withProducerValue('20000000,00')));
    expect(error.line).toBe(2);
    expect(error.column).toBe(4);
    expect(error.reason).toContain(
      'expected at most 10000 kWh per 15 minutes (EDC_MAX_KWH_PER_INTERVAL) in IN-',
    );
    expect(error.reason).toContain('found "20000000,00"');
  });

  it('takes the plausibility limit from the options: 500 kWh refuses 600,5 and accepts it with 1 000', async () => {
    const csv = await withProducerValue('600,50');
    const error = await rejection(bytesFromText(csv), { maxKwhPerInterval: 500 });
    expect(error.reason).toContain('expected at most 500 kWh per 15 minutes');
    const result = await validateEdcStandardExport(bytesFromText(csv), { maxKwhPerInterval: 1000 });
    expect(result.errors.map((issue) => issue.message).join('\n')).not.toMatch(/at most|largest/);
  });

  it('checks pair reports with the same bound', async () => {
    const pair = `${eanWithCheckDigit('85918240010000001')}-${eanWithCheckDigit('85918240020000001')}`;
    const csv = `Datum;Cas od;Cas do;${pair}\n01.06.2026;00:00;00:15;42949673,32\n`;
    await expect(
      (async () => {
        const report = await openEdcPairReport(bytesFromText(csv), { file: 'pair.csv' });
        for await (const day of report.days()) void day;
      })(),
    ).rejects.toThrow(/pair\.csv:2:4: .*larger than the largest value that can be stored/);
  });
});

describe('EDC reader: files that are not text', () => {
  it('refuses a NUL byte with its line and column', async () => {
    const lines = linesOf(await csvOf([balancedDay('2026-06-01')]));
    lines[2] = `${(lines[2] as string).slice(0, 30)}\u0000${(lines[2] as string).slice(30)}`;
    const error = await rejection(bytesFromText(lines.join('\n')));
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/^not a text file: byte 0x00 at line 3 column 31; expected/);
  });

  it('refuses UTF-16 text (with or without a byte order mark), saying to save it as UTF-8', async () => {
    const csv = await csvOf([balancedDay('2026-06-01')]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const bare = Buffer.from(csv, 'utf16le');
    for (const bytes of [le, bare]) {
      const error = await rejection(bytesFrom(bytes, 4096));
      expect(error.line).toBe(1);
      expect(error.reason).toBe('UTF-16 text is not an EDC export; save it as UTF-8 (or windows-1250)');
    }
  });

  it('refuses binary junk as not a text file, reporting it once when errors are collected', async () => {
    const junk = Buffer.alloc(20_000);
    let seed = 12345;
    for (let i = 0; i < junk.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      junk[i] = seed >> 16;
    }
    const error = await rejection(bytesFrom(junk, 4096));
    expect(error.reason).toMatch(/^not a text file: byte 0x[0-9a-f]{2} at line \d+ column \d+/);
    const result = await validateEdcStandardExport(bytesFrom(junk, 4096));
    expect(result.valid).toBe(false);
    expect(result.errors.filter((issue) => issue.message.startsWith('not a text file'))).toHaveLength(1);
  });
});
