import type { TestingModule } from '@nestjs/testing';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { SERIES } from '@sdilna/api/data-access-readings';
import { PriceListStore } from '@sdilna/api/data-access-settlement';
import { AllocationKeysModule, AllocationKeysService } from '@sdilna/api/feature-allocation-keys';
import { AppConfig } from '@sdilna/api/util-config';
import { redisConnectionFromUrl } from '@sdilna/api/util-jobs';
import { validateKeyFile } from '@sdilna/shared/domain-allocation';
import { addDays } from '@sdilna/shared/domain-core';
import type { KeyAdviceJobResponse } from '@sdilna/shared/util-api-contract';
import { withOwner } from '@sdilna/test-support/owner-database';
import {
  expectRefusal,
  memberPrincipal,
  seedPoints,
  signUpAdmin,
  storeReadings,
  useServiceModule,
  type SignedUp,
} from '@sdilna/test-support/service-module';

import { SharingModule } from '../sharing.module';
import { KeyAdviceHandler } from './key-advice.handler';
import { keyAdviceJobId, KeyAdviceService } from './key-advice.service';
import { KeyAdviceRunner } from './key-advice-runner';

type Seeded = { memberId: string; points: { id: string; ean: string }[] };

/** Each sunny interval 40–55: the PV exports 10 kWh; the workshop draws 8, the flat 1, the cottage 0.5. */
const SUN = Array.from({ length: 16 }, (_, i) => 40 + i);
const valuesOf = (value: number) => Object.fromEntries(SUN.map((i) => [i, value]));

describe('KeyAdviceService and its job (service tier, real Redis)', () => {
  let moduleRef: TestingModule;
  let advice: KeyAdviceService;
  let admin: SignedUp;
  let worker: Worker;
  let pv: Seeded;
  let workshop: Seeded;
  let flat: Seeded;
  let cottage: Seeded;

  const frame = useServiceModule(SharingModule, AllocationKeysModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    advice = moduleRef.get(KeyAdviceService);
    pv = await seedPoints(admin.communityId, admin.groupId, ['production']);
    workshop = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    flat = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    cottage = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    const ean = (seeded: Seeded) => seeded.points[0]!.ean;
    const id = (seeded: Seeded) => seeded.points[0]!.id;
    // the flat key such groups register: 20 % each
    await moduleRef.get(AllocationKeysService).create(admin.principal, admin.communityId, {
      validFrom: '2026-01-01',
      method: 'static',
      allocations: [workshop, flat, cottage].map((c) => ({
        producer: ean(pv),
        consumer: ean(c),
        percent: 20,
      })),
    });
    const days = [
      ...Array.from({ length: 7 }, (_, d) => addDays('2026-04-06', d)),
      ...Array.from({ length: 3 }, (_, d) => addDays('2026-05-04', d)),
    ];
    await storeReadings(
      moduleRef,
      admin.communityId,
      days.flatMap((day) => [
        { pointId: id(pv), day, series: SERIES.measured, values: valuesOf(1000) },
        { pointId: id(workshop), day, series: SERIES.measured, values: valuesOf(800) },
        { pointId: id(flat), day, series: SERIES.measured, values: valuesOf(100) },
        { pointId: id(cottage), day, series: SERIES.measured, values: valuesOf(50) },
      ]),
    );
    // 3 Kč/kWh inside the community; every consumer's supplier sells at 5 Kč/kWh
    await moduleRef.get(TenantDatabase).run(admin.communityId, (tx) =>
      tx.store(PriceListStore).create({
        name: 'Ceník 2026',
        validFrom: '2026-01-01',
        vatRate: 2100,
        communityMarginPerMwh: 0,
        bands: [],
        rules: [{ price: 300_000 }],
        createdBy: null,
      }),
    );
    await withOwner(async (connection) => {
      for (const consumer of [workshop, flat, cottage])
        await connection.query(
          `INSERT INTO metering_point_prices (community_id, metering_point_id, kind, price_centi_halere_per_kwh, valid_from)
           VALUES ($1, $2, 'supplier-energy', 50000, '2026-01-01')`,
          [admin.communityId, id(consumer)],
        );
    });
    // The worker's side of the advice queue, as apps/worker runs it: the handler on the real queue.
    const config = moduleRef.get(AppConfig);
    const handler = new KeyAdviceHandler(new KeyAdviceRunner(moduleRef.get(TenantDatabase)));
    worker = new Worker('advice', (job) => handler.handle(job.data, job), {
      connection: redisConnectionFromUrl(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      concurrency: 1,
    });
    await worker.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
  });

  async function finished(jobId: string): Promise<KeyAdviceJobResponse> {
    const progress: number[] = [];
    for (let tries = 0; tries < 600; tries++) {
      const view = await advice.get(admin.principal, admin.communityId, jobId);
      progress.push(view.progress);
      if (view.state === 'done' || view.state === 'failed') {
        // progress only moves forward
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
        return view;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`key advice ${jobId} did not finish`);
  }

  it('fits a key on the picked months, backtests it walk-forward and shows members’ kWh and Kč', async () => {
    const started = await advice.start(admin.principal, admin.communityId, {
      months: ['2026-05', '2026-04'],
    });
    expect(started.jobId).toBe(keyAdviceJobId(admin.communityId, { months: ['2026-04', '2026-05'] }));
    // asking again (months in another order) is the same job
    const again = await advice.start(admin.principal, admin.communityId, { months: ['2026-04', '2026-05'] });
    expect(again.jobId).toBe(started.jobId);

    const view = await finished(started.jobId);
    expect(view).toMatchObject({ state: 'done', progress: 100, error: null });
    const result = view.result!;
    expect(validateKeyFile(result.key).key).toBeDefined();
    expect(result.registrable).toBe(true);
    expect(result.key.method).toBe('static');
    // the flat 20 % key shares 3.5 of 10 kWh; the proposal gives the workshop what it draws
    for (const month of result.months)
      expect(month.proposalSharedKwh).toBeGreaterThan(month.currentSharedKwh);
    expect(result.months.map((m) => m.month)).toEqual(['2026-04', '2026-05']);
    expect(result.months[1]).toMatchObject({ currentSharedKwh: 3 * 16 * 3.5 });
    expect(result.backtest).toEqual([
      expect.objectContaining({ fitted: ['2026-04'], judged: '2026-05', currentSharedKwh: 3 * 16 * 3.5 }),
    ]);
    expect(result.backtest[0]!.proposalSharedKwh).toBeGreaterThan(result.backtest[0]!.currentSharedKwh!);
    expect(result.edcRegistrationCsv.split('\r\n')[0]).toBe(
      '\uFEFFEAN výrobny;EAN odběrného místa;Alokační klíč [%];Priorita',
    );

    // winners first; Kč at the community's 3 Kč/kWh, savings at 5 − 3 = 2 Kč/kWh
    const winner = result.members[0]!;
    expect(winner.memberId).toBe(workshop.memberId);
    expect(winner.changeKwh).toBeGreaterThan(0);
    const change = Math.round(winner.changeKwh * 100);
    expect(winner.changeCzk).toBe(((change * 3) / 100).toFixed(2));
    expect(winner.savingChangeCzk).toBe(((change * 2) / 100).toFixed(2));
    expect(result.moneyUnknown).toBeNull();
    expect(result.totals.proposal.valueCzk).toBe(
      ((Math.round(result.totals.proposalSharedKwh * 100) * 3) / 100).toFixed(2),
    );

    // "register from next month": the proposal is a key version the allocation-key API accepts
    const registered = await moduleRef.get(AllocationKeysService).create(admin.principal, admin.communityId, {
      validFrom: result.validFrom,
      method: result.key.method,
      allocations: result.key.allocations,
    });
    expect(registered.validFrom).toBe(result.validFrom);
  });

  it('reports constraints no key can meet as the job’s error', async () => {
    // three consumers at 40 % each would need 120 % of the PV
    const started = await advice.start(admin.principal, admin.communityId, {
      months: ['2026-04'],
      minPercent: 40,
    });
    const view = await finished(started.jobId);
    expect(view.state).toBe('failed');
    expect(view.error).toMatchObject({ code: 'KEY_ADVICE_CONSTRAINTS' });
    expect(view.error!.message).toMatch(/more than 100 %/);
  });

  it('refuses months not over yet, members, and jobs of another community', async () => {
    await expectRefusal(
      advice.start(admin.principal, admin.communityId, { months: ['2099-01'] }),
      'KEY_ADVICE_INVALID',
    );
    await expectRefusal(
      advice.start(admin.principal, admin.communityId, { months: ['2026-04', '2026-04'] }),
      'KEY_ADVICE_INVALID',
    );
    const member = await memberPrincipal(moduleRef, admin.communityId, flat.memberId);
    await expectRefusal(advice.start(member, admin.communityId, { months: ['2026-04'] }), 'ROLE_FORBIDDEN');
    const other = await signUpAdmin(moduleRef);
    const mine = keyAdviceJobId(admin.communityId, { months: ['2026-04', '2026-05'] });
    await expectRefusal(advice.get(other.principal, other.communityId, mine), 'KEY_ADVICE_NOT_FOUND');
  });
});
