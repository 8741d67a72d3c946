import { INTERVAL_MS, pragueDay } from '@sdilna/shared/domain-core';
import {
  buildSettlementDocuments,
  COMMUNITY_PARTY_ID,
  settlePeriod,
  type PairSharing,
  type SettlementInput,
  type SettlementMember,
} from '@sdilna/shared/domain-settlement';

// P6 (performance.md): one month of 15-minute intervals for 1 000 members. The whole run incl. the database must
// stay under 10 s; this measures the pure maths part, which should be well under 1 s.
const PRODUCERS = 20;
const CONSUMERS = 980;
const FROM = '2026-06-01';
const TO = '2026-06-30';

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function buildInput(): SettlementInput {
  const random = seededRandom(42);
  const startUtcMs = pragueDay(FROM).startUtcMs;
  const intervalCount = (pragueDay(TO).endUtcMs - startUtcMs) / INTERVAL_MS;
  const members: SettlementMember[] = [];
  const prices = [{ validFrom: '2026-01-01', price: 650_000 }];
  for (let p = 0; p < PRODUCERS; p++) {
    members.push({
      id: `p${p}`,
      name: `Výrobce ${p}`,
      kind: 'sme',
      vatStatus: p % 2 === 0 ? 'payer' : 'non-payer',
      meteringPoints: [{ ean: `P${p}`, role: 'production' }],
      feedInPrices: [{ validFrom: '2026-01-01', price: 200_000 }],
    });
  }
  const pairs: PairSharing[] = [];
  for (let c = 0; c < CONSUMERS; c++) {
    members.push({
      id: `c${c}`,
      name: `Odběratel ${c}`,
      kind: 'household',
      vatStatus: 'non-payer',
      meteringPoints: [{ ean: `C${c}`, role: 'consumption' }],
      supplierPrices: prices,
    });
    const shared = new Int32Array(intervalCount);
    for (let i = 0; i < intervalCount; i++) {
      const hourOfDay = ((i % 96) / 4) | 0;
      // daylight sharing only, like a PV producer
      if (hourOfDay >= 7 && hourOfDay < 19) shared[i] = Math.floor(random() * 40);
    }
    pairs.push({ producerEan: `P${c % PRODUCERS}`, consumerEan: `C${c}`, shared });
  }
  return {
    period: { from: FROM, to: TO },
    mode: 'community-clearing',
    community: { vatStatus: 'payer' },
    members,
    priceLists: [
      {
        id: '2026',
        validFrom: '2026-01-01',
        bands: [
          { id: 'VT', label: 'VT', weekdays: [1, 2, 3, 4, 5], windows: [{ from: '08:00', to: '20:00' }] },
        ],
        rules: [
          { price: 300_000, bandPrices: { VT: 350_000 } },
          { producerEan: 'P3', price: 280_000 },
        ],
        communityMarginPerMwh: 10_000,
      },
    ],
    sharing: { startUtcMs, intervalCount, pairs },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const input = buildInput();
const vatPayerOf = new Map(input.members.map((member) => [member.id, member.vatStatus === 'payer']));
vatPayerOf.set(COMMUNITY_PARTY_ID, input.community.vatStatus === 'payer');
settlePeriod(input); // warm-up
const mathsRuns: number[] = [];
const documentRuns: number[] = [];
let lines = 0;
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  const result = settlePeriod(input);
  mathsRuns.push(performance.now() - started);
  lines = result.lines.length;
  const documentsStarted = performance.now();
  buildSettlementDocuments(result, {
    issueDate: '2026-07-15',
    partyOf: (id) => ({ id, name: id, vatPayer: vatPayerOf.get(id) ?? false }),
    newUuid: () => '00000000-0000-4000-8000-000000000000',
  });
  documentRuns.push(performance.now() - documentsStarted);
}
console.log(`settlement-maths: ${median(mathsRuns).toFixed(1)} ms (1 000 members, one month)`);
console.log(`settlement-documents: ${median(documentRuns).toFixed(1)} ms (${lines} lines)`);
