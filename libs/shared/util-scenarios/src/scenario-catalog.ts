import { eanWithCheckDigit } from '@sdilna/shared/domain-core';
import type { LoadKind } from './profiles';
import type { ScenarioAllocation, ScenarioDefinition, ScenarioSite } from './scenario-definition';
import { randomFor } from './seeded-random';

export type ScenarioName = 'lomnice' | 'krizovatka' | 'bobnicka' | 'synthetic';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['lomnice', 'krizovatka', 'bobnicka', 'synthetic'];

/** Deterministic, valid EANs per scenario: 8591824 + scenario code + running number + check digit. */
function eanFactory(code: number): () => string {
  let next = 1;
  return () => eanWithCheckDigit(`8591824${String(code).padStart(2, '0')}${String(next++).padStart(8, '0')}`);
}

/** Splits 100 % among consumers proportionally to weights, in whole basis points (rounded down: Σ ≤ 100 %). */
function proportionalKeys(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((w * 10_000) / total));
}

/** Lomnice nad Lužnicí municipal buildings (scenarios.md A): PV with batteries, a CHP unit, three pure consumers. */
function lomnice(): ScenarioDefinition {
  const ean = eanFactory(11);
  const prosumer = (
    label: string,
    productionMwh: number,
    consumptionMwh: number,
    kind: LoadKind,
    batteryKwh: number,
  ): ScenarioSite => ({
    label,
    generation: { kind: 'pv', annualKwh: productionMwh * 1000 },
    load: { kind, annualKwh: consumptionMwh * 1000 },
    batteryKwh,
    producerEan: ean(),
    consumerEan: ean(),
  });
  const sites: ScenarioSite[] = [
    prosumer('waste-water plant (ČOV)', 30.5, 55.6, 'wastewater', 29),
    prosumer('town hall (MÚ)', 38.2, 23.6, 'office', 39.8),
    prosumer('sports hall', 35.4, 20, 'sports-hall', 34.8),
    prosumer('primary school (ZŠ)', 35.4, 21.8, 'school', 39.8),
    { label: 'town hall CHP', generation: { kind: 'chp', annualKwh: 135_000 }, producerEan: ean() },
    { label: 'old town hall', load: { kind: 'office', annualKwh: 5200 }, consumerEan: ean() },
    { label: 'church', load: { kind: 'church', annualKwh: 5800 }, consumerEan: ean() },
    { label: 'kindergarten', load: { kind: 'kindergarten', annualKwh: 16_500 }, consumerEan: ean() },
  ];
  const consumers = sites.filter((s) => s.consumerEan);
  const keys = proportionalKeys(consumers.map((s) => s.load?.annualKwh ?? 0));
  // Every plant shares with every consumer by consumption; a building draws from its own PV first, the CHP last.
  const allocations: ScenarioAllocation[] = sites
    .filter((s) => s.producerEan)
    .flatMap((producer) =>
      consumers.map((consumer, o) => ({
        producer: producer.producerEan as string,
        consumer: consumer.consumerEan as string,
        basisPoints: keys[o] as number,
        priority: producer === consumer ? 1 : producer.generation?.kind === 'chp' ? 3 : 2,
      })),
    );
  return {
    name: 'lomnice',
    description: 'Lomnice nad Lužnicí: municipal buildings with PV, batteries and a CHP unit',
    communityType: 'energy-community',
    method: 'static-iterative',
    sites,
    allocations,
  };
}

/** Křižovatka (scenarios.md B): an active-customer group, fire-station PV shared to the office and the gym. */
function krizovatka(): ScenarioDefinition {
  const ean = eanFactory(12);
  const fireStation: ScenarioSite = {
    label: 'fire station',
    generation: { kind: 'pv', annualKwh: 9993 },
    load: { kind: 'household', annualKwh: 8934 },
    producerEan: ean(),
    consumerEan: ean(),
  };
  const office: ScenarioSite = {
    label: 'municipal office',
    load: { kind: 'office', annualKwh: 1600 },
    consumerEan: ean(),
  };
  const gym: ScenarioSite = {
    label: 'gym',
    load: { kind: 'sports-hall', annualKwh: 1000 },
    consumerEan: ean(),
  };
  const producer = fireStation.producerEan as string;
  return {
    name: 'krizovatka',
    description: 'Křižovatka: fire-station PV shared with the municipal office and the gym',
    communityType: 'active-customer',
    method: 'static-iterative',
    sites: [fireStation, office, gym],
    allocations: [
      { producer, consumer: office.consumerEan as string, basisPoints: 6000, priority: 1 },
      { producer, consumer: gym.consumerEan as string, basisPoints: 4000, priority: 1 },
    ],
  };
}

/** Bobnická (scenarios.md D): one entrance, a rooftop PV export point and 27 flats; 9 % for one flat, 3.5 % each. */
function bobnicka(seed: number): ScenarioDefinition {
  const ean = eanFactory(13);
  const random = randomFor(seed, 13);
  const pv: ScenarioSite = {
    label: 'rooftop PV',
    generation: { kind: 'pv', annualKwh: 30_000 },
    producerEan: ean(),
  };
  const flats: ScenarioSite[] = Array.from({ length: 27 }, (_, k) => ({
    label: `flat ${k + 1}`,
    load: { kind: 'household', annualKwh: Math.round(1000 + random() * 2200) },
    consumerEan: ean(),
  }));
  return {
    name: 'bobnicka',
    description: 'Bobnická: apartment-house entrance, rooftop PV and 27 flats',
    communityType: 'energy-community',
    method: 'static-iterative',
    sites: [pv, ...flats],
    allocations: flats.map((flat, k) => ({
      producer: pv.producerEan as string,
      consumer: flat.consumerEan as string,
      basisPoints: k === 2 ? 900 : 350,
      priority: 1,
    })),
  };
}

const SYNTHETIC_LOADS: readonly { kind: LoadKind; minKwh: number; maxKwh: number; weight: number }[] = [
  { kind: 'household', minKwh: 1500, maxKwh: 6000, weight: 70 },
  { kind: 'shop', minKwh: 8000, maxKwh: 30_000, weight: 15 },
  { kind: 'office', minKwh: 10_000, maxKwh: 40_000, weight: 10 },
  { kind: 'school', minKwh: 20_000, maxKwh: 60_000, weight: 5 },
];

/**
 * A large community of `eans` points (P1 of performance.md: 1 000 = 20 producers × 49 consumers): one PV plant per
 * 50 points, each with its own consumers and equal keys.
 */
function synthetic(seed: number, eans: number): ScenarioDefinition {
  if (!Number.isInteger(eans) || eans < 2 || eans > 100_000)
    throw new RangeError(`--eans must be an integer 2..100000, got ${eans}`);
  const ean = eanFactory(14);
  const random = randomFor(seed, 14, eans);
  const producerCount = Math.max(1, Math.round(eans / 50));
  const consumerCount = eans - producerCount;
  const producers: ScenarioSite[] = [];
  const consumersOf: ScenarioSite[][] = Array.from({ length: producerCount }, () => []);
  for (let o = 0; o < consumerCount; o++) {
    let pick = random() * 100;
    const profile = SYNTHETIC_LOADS.find((l) => (pick -= l.weight) < 0) ?? SYNTHETIC_LOADS[0]!;
    const annualKwh = Math.round(profile.minKwh + random() * (profile.maxKwh - profile.minKwh));
    consumersOf[o % producerCount]!.push({
      label: `${profile.kind} ${o + 1}`,
      load: { kind: profile.kind, annualKwh },
      consumerEan: ean(),
    });
  }
  const allocations: ScenarioAllocation[] = [];
  for (let d = 0; d < producerCount; d++) {
    const mine = consumersOf[d] as ScenarioSite[];
    const demand = mine.reduce((sum, s) => sum + (s.load?.annualKwh ?? 0), 0);
    const plant: ScenarioSite = {
      label: `PV plant ${d + 1}`,
      generation: { kind: 'pv', annualKwh: Math.round(demand * (0.5 + random() * 0.5)) },
      producerEan: ean(),
    };
    producers.push(plant);
    const share = mine.length > 0 ? Math.floor(10_000 / mine.length) : 0;
    for (const consumer of mine) {
      allocations.push({
        producer: plant.producerEan as string,
        consumer: consumer.consumerEan as string,
        basisPoints: share,
        priority: 1,
      });
    }
  }
  // Points in the export: each plant followed by its consumers, as EDC lists a group.
  const sites = producers.flatMap((plant, d) => [plant, ...(consumersOf[d] as ScenarioSite[])]);
  const communityType = 'energy-community';
  return {
    name: 'synthetic',
    description: `synthetic community of ${eans} metering points`,
    communityType,
    // Asked for iteration; EDC runs it only in groups of up to 50 points (domain-core sharingRounds decides).
    method: 'static-iterative',
    sites,
    allocations,
  };
}

export interface ScenarioRequest {
  readonly name: ScenarioName;
  readonly seed?: number;
  /** number of metering points, for `synthetic` */
  readonly eans?: number;
}

export const DEFAULT_SCENARIO_SEED = 20_260_401;

export function scenarioDefinition(request: ScenarioRequest): ScenarioDefinition {
  const seed = request.seed ?? DEFAULT_SCENARIO_SEED;
  switch (request.name) {
    case 'lomnice':
      return lomnice();
    case 'krizovatka':
      return krizovatka();
    case 'bobnicka':
      return bobnicka(seed);
    case 'synthetic':
      return synthetic(seed, request.eans ?? 1000);
  }
}

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}
