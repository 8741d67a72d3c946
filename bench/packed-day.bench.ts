import {
  emptyPackedDay,
  encodeLegacyPackedDayBuffer,
  encodePackedDayBuffer,
  type PackedDay,
} from '@sdilna/api/data-access-readings';
import { generateScenarioDays, scenarioPoints } from '@sdilna/shared/util-scenarios';

import { decodePackedDays } from '../libs/api/data-access-readings/src/packed-day';
import { syntheticScenario } from './import-support';

/**
 * The stored form of a day (packed-day.ts) in the same process, against the legacy form (4 bytes a value, one
 * copy to decode): a month of a 1 000-EAN community's measured and shared series, encoded as the import does
 * (P2) and decoded a day's block of 1 000 points at a time as the simulation reads them (P3). Best of 7.
 */
async function main(): Promise<void> {
  const definition = syntheticScenario(1000);
  const points = scenarioPoints(definition);
  const days: PackedDay[][] = [];
  let values = 0;
  for (const day of generateScenarioDays(definition, { from: '2025-06-01', to: '2025-06-30', seed: 1 })) {
    for (const shared of [false, true]) {
      days.push(
        points.map((point, p) => {
          const sign = point.role === 'production' ? 1 : -1;
          const data = emptyPackedDay(day.intervalCount);
          for (let i = 0; i < day.intervalCount; i++) {
            const at = p * day.intervalCount + i;
            const value = day.inValues[at] as number;
            data.values[i] = sign * (shared ? value - (day.outValues[at] as number) : value);
            data.present[i] = 1;
          }
          values += day.intervalCount;
          return data;
        }),
      );
    }
  }
  const best = (work: () => void): number => {
    let min = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 7; round++) {
      const started = performance.now();
      work();
      min = Math.min(min, performance.now() - started);
    }
    return min;
  };
  let frames: Buffer[] = [];
  let legacy: Buffer[] = [];
  const encodeFrames = best(() => {
    frames = days.map((block) => Buffer.concat(block.map(encodePackedDayBuffer)));
  });
  const encodeLegacy = best(() => {
    legacy = days.map((block) => Buffer.concat(block.map(encodeLegacyPackedDayBuffer)));
  });
  const decodeFrames = best(() => frames.forEach((block) => decodePackedDays(block)));
  const decodeLegacy = best(() => legacy.forEach((block) => decodePackedDays(block, 96)));
  const frameBytes = frames.reduce((sum, block) => sum + block.length, 0);
  const legacyBytes = legacy.reduce((sum, block) => sum + block.length, 0);
  console.log(
    `P4 codec-bytes-per-value: ${(frameBytes / values).toFixed(2)} bytes (baseline: ${(legacyBytes / values).toFixed(2)} bytes legacy int32, ratio: ${(frameBytes / legacyBytes).toFixed(2)}x)`,
  );
  console.log(
    `P2 codec-encode-month-1000-eans: ${encodeFrames.toFixed(0)} ms (baseline: ${encodeLegacy.toFixed(0)} ms legacy int32, ratio: ${(encodeFrames / encodeLegacy).toFixed(2)}x; ${values} values)`,
  );
  console.log(
    `P3 codec-decode-month-1000-eans: ${decodeFrames.toFixed(0)} ms (baseline: ${decodeLegacy.toFixed(0)} ms legacy int32, ratio: ${(decodeFrames / decodeLegacy).toFixed(2)}x; ${((values / decodeFrames) * 1e-3).toFixed(1)} M values/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
