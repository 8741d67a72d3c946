import {
  allocate,
  allocationInputFromEdcDay,
  edcDayRounds,
  planEdcAllocation,
  type AllocationKey,
} from '@sdilna/shared/domain-allocation';
import { localDateToCzech, pragueDayIntervals, type CommunityType } from '@sdilna/shared/domain-core';
import { writeEdcStandardExport, type EdcDayBlock, type EdcPoint } from '@sdilna/shared/domain-edc';

/** The whole text of a standard export (what the stub serves for a download). */
export async function standardExportText(
  points: readonly EdcPoint[],
  days: Iterable<EdcDayBlock> | AsyncIterable<EdcDayBlock>,
): Promise<string> {
  let text = '';
  for await (const chunk of writeEdcStandardExport(points, days)) text += chunk;
  return text;
}

function kwh(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  const decimals = cents === 0 ? '0' : cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, '0');
  return `${sign}${whole},${decimals}`;
}

/**
 * A pair report (`Datum;Cas od;Cas do;<EANd>-<EANo>;…`) for days of a standard export: shared energy per key pair,
 * split by the same engine that computed the days' OUT, so it agrees with the standard export.
 */
export function pairReportText(
  points: readonly EdcPoint[],
  key: AllocationKey,
  days: Iterable<EdcDayBlock>,
  communityType: CommunityType = 'energy-community',
): string {
  const plan = planEdcAllocation(key, points, communityType);
  // Pairs are in the same order whatever the rounds; each day runs with the rounds EDC uses that day.
  const compiled = plan.compiled(1);
  const pairs = Array.from({ length: compiled.pairCount }, (_, q) => ({
    producer: compiled.producers[compiled.pairProducer[q] as number] as string,
    consumer: compiled.consumers[compiled.pairConsumer[q] as number] as string,
  }));
  const lines = [
    ['Datum', 'Cas od', 'Cas do', ...pairs.map((pair) => `${pair.producer}-${pair.consumer}`)].join(';'),
  ];
  for (const day of days) {
    const dayKey = plan.compiled(edcDayRounds(plan, day).rounds);
    const result = allocate(dayKey, allocationInputFromEdcDay(plan, day), { pairs: true });
    const count = day.intervalCount;
    const calendar = pragueDayIntervals(day.date);
    const date = localDateToCzech(day.date);
    for (let i = 0; i < count; i++) {
      const interval = calendar[i] as (typeof calendar)[number];
      const cells = pairs.map((_, q) => kwh(result.pairShared?.[q * count + i] ?? 0));
      lines.push(`${date};${interval.from};${interval.to};${cells.join(';')};`);
    }
  }
  return `${lines.join('\n')}\n`;
}
