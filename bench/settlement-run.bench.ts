import { randomUUID } from 'node:crypto';

import { DataSource, type EntityManager } from 'typeorm';

import { TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { ReadingsStore, SERIES } from '@sdilna/api/data-access-readings';
import { PriceListStore, SettlementSource, SettlementStore } from '@sdilna/api/data-access-settlement';
import { SettlementRunner } from '@sdilna/api/feature-settlements';
import { daysInRange, eanWithCheckDigit, pragueDay } from '@sdilna/shared/domain-core';
import { settlePeriod } from '@sdilna/shared/domain-settlement';

import { benchEnvironment } from './import-support';

// P6 (performance.md): one month, 1 000 members, a draft run with all lines through the real path — reading
// members, prices and EDC's shared energy from PostgreSQL, pricing, and storing every line — target ≤ 10 s.
// Baseline: the pure settlement maths on the same input in the same process.
const PRODUCERS = 20;
const CONSUMERS = 980;
const FROM = '2026-06-01';
const TO = '2026-06-30';
const PERIOD = '2026-06';

function ean(n: number): string {
  return eanWithCheckDigit(`85918249${String(n).padStart(9, '0')}`);
}

async function seed(owner: DataSource): Promise<string> {
  const communityId = randomUUID();
  const groupId = randomUUID();
  await owner.query(
    `INSERT INTO communities (community_id, type, name) VALUES ($1, 'energy-community', 'Bench')`,
    [communityId],
  );
  await owner.query(`INSERT INTO sharing_groups (community_id, id, name) VALUES ($1, $2, 'Bench')`, [
    communityId,
    groupId,
  ]);
  const members = Array.from({ length: PRODUCERS + CONSUMERS }, (_, i) => ({
    id: randomUUID(),
    point: randomUUID(),
    ean: ean(i),
  }));
  await owner.query(
    `INSERT INTO members (community_id, id, kind, name, joined_on)
     SELECT $1, u.id, 'household', 'Member ' || u.n, '2026-01-01' FROM unnest($2::uuid[], $3::int[]) AS u(id, n)`,
    [communityId, members.map((m) => m.id), members.map((_, i) => i)],
  );
  await owner.query(
    `INSERT INTO metering_points (community_id, id, ean, role, member_id, sharing_group_id, valid_from)
     SELECT $1, u.id, u.ean, CASE WHEN u.n < $6 THEN 'production' ELSE 'consumption' END, u.member, $5, '2026-01-01'
       FROM unnest($2::uuid[], $3::text[], $4::uuid[], $7::int[]) AS u(id, ean, member, n)`,
    [
      communityId,
      members.map((m) => m.point),
      members.map((m) => m.ean),
      members.map((m) => m.id),
      groupId,
      PRODUCERS,
      members.map((_, i) => i),
    ],
  );
  await owner.query(
    `INSERT INTO metering_point_prices (community_id, metering_point_id, kind, price_centi_halere_per_kwh, valid_from)
     SELECT $1, u.id, CASE WHEN u.n < $3 THEN 'feed-in' ELSE 'supplier-energy' END, CASE WHEN u.n < $3 THEN 20000 ELSE 65000 END, '2026-01-01'
       FROM unnest($2::uuid[], $4::int[]) AS u(id, n)`,
    [communityId, members.map((m) => m.point), PRODUCERS, members.map((_, i) => i)],
  );
  const keyId = randomUUID();
  await owner.query(
    `INSERT INTO allocation_keys (community_id, id, sharing_group_id, valid_from, method) VALUES ($1, $2, $3, '2026-01-01', 'static-iterative')`,
    [communityId, keyId, groupId],
  );
  await owner.query(
    `INSERT INTO sharing_group_iteration_periods (community_id, sharing_group_id, valid_from, requested) VALUES ($1, $2, '2026-01-01', true)`,
    [communityId, groupId],
  );
  const consumers = members.slice(PRODUCERS);
  await owner.query(
    `INSERT INTO allocation_key_pairs (community_id, key_id, producer_point_id, consumer_point_id, basis_points)
     SELECT $1, $2, u.p, u.c, 204 FROM unnest($3::uuid[], $4::uuid[]) AS u(p, c)`,
    [
      communityId,
      keyId,
      consumers.map((_, i) => (members[i % PRODUCERS] as { point: string }).point),
      consumers.map((m) => m.point),
    ],
  );
  const listId = randomUUID();
  await owner.query(
    `INSERT INTO price_lists (community_id, id, name, valid_from, seller_vat_payer) VALUES ($1, $2, 'Bench', '2026-01-01', true)`,
    [communityId, listId],
  );
  await owner.query(
    `INSERT INTO price_list_rules (community_id, price_list_id, position, price_per_mwh) VALUES ($1, $2, 1, 300000)`,
    [communityId, listId],
  );
  // EDC's shared energy of every consumer: PV-shaped, deterministic
  let state = 42;
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  await owner.transaction(async (manager) => {
    const rows = [];
    for (const consumer of consumers) {
      for (const day of daysInRange(FROM, TO)) {
        const count = pragueDay(day).intervalCount;
        const values = new Int32Array(count);
        const present = new Uint8Array(count).fill(1);
        for (let i = 0; i < count; i++) {
          const hour = (i * 24) / count;
          values[i] = hour > 6 && hour < 20 ? Math.round(30 * next()) : 0;
        }
        rows.push({ pointId: consumer.point, day, series: SERIES.edcShared, data: { values, present } });
      }
    }
    await new ReadingsStore(ownerTransaction(manager, communityId)).insert(rows);
  });
  return communityId;
}

/** An owner's transaction as the transaction a store works in (the owner writes outside row-level security). */
function ownerTransaction(manager: EntityManager, communityId: string): TenantTransaction {
  return {
    communityId,
    manager,
    query: (sql, parameters) => manager.query(sql, parameters === undefined ? undefined : [...parameters]),
    store: (type) => new type(ownerTransaction(manager, communityId)),
  };
}

async function main(): Promise<void> {
  const environment = await benchEnvironment('settlement');
  try {
    const communityId = await seed(environment.owner);
    const app = new DataSource({ type: 'postgres', url: environment.env.DATABASE_URL, logging: ['error'] });
    await app.initialize();
    try {
      const database = new TenantDatabase(app);
      const runner = new SettlementRunner(database);
      const run = await database.run(communityId, (tx) =>
        tx.store(SettlementStore).create({
          period: PERIOD,
          from: FROM,
          to: TO,
          requestedBy: null,
          reason: 'manual',
        }),
      );

      const started = performance.now();
      const outcome = await runner.compute(communityId, run.id);
      const seconds = (performance.now() - started) / 1000;
      const lines = (await database.run(communityId, (tx) => tx.store(SettlementStore).lines(run.id))).length;
      if (outcome !== 'done') throw new Error(`the run was ${outcome}`);

      // Baseline: the maths alone on the same input, read once beforehand.
      const input = await database.run(communityId, async (tx) => ({
        lists: await tx.store(PriceListStore).list({ from: FROM, to: TO }),
        loaded: await tx.store(SettlementSource).load(FROM, TO),
      }));
      const mathsStarted = performance.now();
      settlePeriod({
        period: { from: FROM, to: TO },
        mode: 'community-clearing',
        community: { vatStatus: 'payer' },
        members: input.loaded.members,
        priceLists: input.lists,
        sharing: input.loaded.sharing,
      });
      const mathsSeconds = (performance.now() - mathsStarted) / 1000;
      console.log(
        `settlement-run-draft: ${seconds.toFixed(2)} s (baseline: ${mathsSeconds.toFixed(2)} s settlement maths only, ratio: ${(seconds / mathsSeconds).toFixed(1)}x; ${PRODUCERS + CONSUMERS} members, ${lines} lines, target ≤ 10 s)`,
      );
    } finally {
      await app.destroy();
    }
  } finally {
    await environment.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
