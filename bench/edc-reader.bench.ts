import { parse } from 'csv-parse/sync';
import { parseKwhText } from '@sdilna/shared/domain-core';
import {
  bytesFrom,
  encodeText,
  openEdcStandardExport,
  writeEdcStandardExport,
} from '@sdilna/shared/domain-edc';
import { generateScenarioDays, scenarioDefinition, scenarioPoints } from '@sdilna/shared/util-scenarios';

/**
 * Throughput of the streaming EDC reader on a generated one-month export of a 1 000-point group (2 003 columns,
 * the P2 file), against the straightforward route: csv-parse on the whole text and a parse of every cell.
 */
async function monthExport(): Promise<Uint8Array> {
  const definition = scenarioDefinition({ name: 'synthetic', eans: 1000, seed: 1 });
  const days = generateScenarioDays(definition, { from: '2026-03-01', to: '2026-03-31', seed: 1 });
  const chunks: Uint8Array[] = [];
  for await (const chunk of encodeText(writeEdcStandardExport(scenarioPoints(definition), days)))
    chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function readWithEngine(bytes: Uint8Array): Promise<number> {
  const reader = await openEdcStandardExport(bytesFrom(bytes, 1 << 20), { file: 'month.csv' });
  let intervals = 0;
  for await (const day of reader.days()) intervals += day.intervalCount;
  return intervals;
}

/** Returns the data rows and the sum of all values (so that no work can be optimised away). */
function readWithCsvParse(bytes: Uint8Array): { rows: number; sum: number } {
  const rows = parse(new TextDecoder().decode(bytes), {
    delimiter: ';',
    relax_column_count: true,
  }) as string[][];
  let sum = 0;
  for (const row of rows.slice(1))
    for (let k = 3; k < row.length; k++) if (row[k]) sum += parseKwhText(row[k] as string);
  return { rows: rows.length - 1, sum };
}

async function main(): Promise<void> {
  const bytes = await monthExport();
  const megabytes = bytes.length / 1e6;
  console.log(
    `# input: synthetic 1 000-point month (March 2026, with the spring DST day), ${megabytes.toFixed(1)} MB`,
  );
  const engineMs: number[] = [];
  const baselineMs: number[] = [];
  let intervals = 0;
  let rows = 0;
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    intervals = await readWithEngine(bytes);
    engineMs.push(performance.now() - start);
    start = performance.now();
    rows = readWithCsvParse(bytes).rows;
    baselineMs.push(performance.now() - start);
  }
  if (intervals !== rows) throw new Error(`reader saw ${intervals} intervals, csv-parse ${rows} rows`);
  const engine = megabytes / (Math.min(...engineMs) / 1000);
  const baseline = megabytes / (Math.min(...baselineMs) / 1000);
  console.log(
    `edc-reader-throughput-1000-eans-month: ${engine.toFixed(1)} MB/s (baseline: ${baseline.toFixed(1)} MB/s, ratio: ${(engine / baseline).toFixed(1)})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
