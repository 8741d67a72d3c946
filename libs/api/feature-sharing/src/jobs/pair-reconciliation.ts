import type { PairDiscrepancyRow, PairReadingRow, RegisteredPoint } from '@sdilna/api/data-access-readings';
import type { AllocationResult, CompiledKey } from '@sdilna/shared/domain-allocation';
import { INTERVAL_MS, pragueDay } from '@sdilna/shared/domain-core';

/**
 * Compares EDC's pair report of one group day with the engine's pair results (`allocate(…, { pairs: true })`).
 * For every consumer the report covers that day, each of its pairs (in the report or in the key) is compared in
 * every interval: a pair of the key missing from the report counts as 0 shared by EDC, a pair the key does not
 * have counts as 0 shared by the engine, and an empty cell of the report is not compared. Returns the differing
 * intervals; `limit` caps the detail rows (the count stays exact).
 */
export function pairDiscrepancies(input: {
  readonly day: string;
  readonly key: CompiledKey;
  readonly keyId: string | null;
  readonly result: AllocationResult;
  readonly edc: readonly PairReadingRow[];
  readonly points: ReadonlyMap<string, RegisteredPoint>;
  readonly limit: number;
}): { rows: PairDiscrepancyRow[]; count: number } {
  const { key, result } = input;
  const count = result.intervalCount;
  const engine = result.pairShared;
  const start = pragueDay(input.day).startUtcMs;
  const pairOf = new Map<string, number>();
  for (let q = 0; q < key.pairCount; q++) {
    const producer = key.producers[key.pairProducer[q] as number] as string;
    const consumer = key.consumers[key.pairConsumer[q] as number] as string;
    pairOf.set(`${producer}>${consumer}`, q);
  }
  const idOfEan = new Map<string, string>();
  for (const point of input.points.values())
    if (!idOfEan.has(`${point.role}|${point.ean}`)) idOfEan.set(`${point.role}|${point.ean}`, point.id);

  // every pair to compare: those of the report, and the key's pairs of the consumers the report covers
  const compared = new Map<string, { producer: string; consumer: string; edc?: PairReadingRow }>();
  const coveredConsumers = new Set<string>();
  for (const row of input.edc) {
    const producer = input.points.get(row.producerPointId);
    const consumer = input.points.get(row.consumerPointId);
    if (producer === undefined || consumer === undefined) continue;
    coveredConsumers.add(consumer.ean);
    compared.set(`${producer.ean}>${consumer.ean}`, {
      producer: producer.ean,
      consumer: consumer.ean,
      edc: row,
    });
  }
  for (const [id, q] of pairOf) {
    const consumer = key.consumers[key.pairConsumer[q] as number] as string;
    if (!coveredConsumers.has(consumer) || compared.has(id)) continue;
    compared.set(id, { producer: key.producers[key.pairProducer[q] as number] as string, consumer });
  }

  const rows: PairDiscrepancyRow[] = [];
  let differing = 0;
  for (const [id, pair] of compared) {
    const producerPointId = pair.edc?.producerPointId ?? idOfEan.get(`production|${pair.producer}`);
    const consumerPointId = pair.edc?.consumerPointId ?? idOfEan.get(`consumption|${pair.consumer}`);
    if (producerPointId === undefined || consumerPointId === undefined) continue;
    const q = pairOf.get(id);
    for (let i = 0; i < count; i++) {
      if (pair.edc !== undefined && pair.edc.data.present[i] !== 1) continue;
      const edcShared = pair.edc === undefined ? 0 : (pair.edc.data.values[i] as number);
      const computedShared = q === undefined || engine === undefined ? 0 : (engine[q * count + i] as number);
      if (edcShared === computedShared) continue;
      differing++;
      if (rows.length < input.limit) {
        rows.push({
          producerPointId,
          consumerPointId,
          intervalStart: new Date(start + i * INTERVAL_MS),
          day: input.day,
          edcShared,
          computedShared,
          keyId: input.keyId,
        });
      }
    }
  }
  return { rows, count: differing };
}
