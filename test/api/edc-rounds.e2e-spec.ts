import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { KeyFile } from '@sdilna/shared/domain-allocation';

import { createTestApp } from '../support/create-test-app';
import { bearer, uniqueEan } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { importedAndRecomputed, registerGroup, type RegisteredGroup } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('edc-rounds');

/**
 * EDC's example 2 (domain.md §3.5a): a cottage PV (7.51 kWh) shares 40 % to the cottage (0.37 kWh drawn) and
 * 60 % to a flat (12.21 kWh drawn); the group asked for iteration and has 2 consumption EANs, so EDC runs 2
 * rounds and the flat gets 6.08 kWh (5 rounds would give 7.06). The export carries EDC's own OUT, written here
 * from EDC's figures, not from our engine.
 */
describe("EDC's rounds for a 2-consumer group that asked for iteration", () => {
  let app: INestApplication;
  let worker: TestingModule;
  let group: RegisteredGroup;
  const pv = uniqueEan();
  const cottage = uniqueEan();
  const flat = uniqueEan();
  const key: KeyFile = {
    method: 'static-iterative',
    allocations: [
      { producer: pv, consumer: cottage, percent: 40, priority: 1 },
      { producer: pv, consumer: flat, percent: 60, priority: 1 },
    ],
  };

  /** 1 June 2026: the 09:30 interval holds the example with EDC's OUT, every other interval is 0. */
  function edcExport(): string {
    const header = `Datum;Cas od;Cas do;IN-${pv}-D;OUT-${pv}-D;IN-${cottage}-O;OUT-${cottage}-O;IN-${flat}-O;OUT-${flat}-O`;
    const time = (minutes: number) =>
      `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const rows = Array.from({ length: 96 }, (_, i) => {
      // PV: 7.51 exported, 1.06 left; cottage: 0.37 drawn, all shared; flat: 12.21 drawn, 6.13 left.
      const cells =
        i === 38 ? ['7,51', '1,06', '-0,37', '0', '-12,21', '-6,13'] : ['0', '0', '0', '0', '0', '0'];
      return ['01.06.2026', time(i * 15), time(i * 15 + 15), ...cells].join(';') + ';';
    });
    return [header, ...rows].join('\n') + '\n';
  }

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    group = await registerGroup(
      app,
      [
        { ean: pv, role: 'production' },
        { ean: cottage, role: 'consumption' },
        { ean: flat, role: 'consumption' },
      ],
      key,
      { validFrom: '2026-01-01' },
    );
    const settled = await importedAndRecomputed(app, group, edcExport());
    expect(settled.status, JSON.stringify(settled.error)).toBe('done');
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const path = (suffix: string) => `/api/communities/${group.community.communityId}/${suffix}`;
  const day = { from: '2026-06-01', to: '2026-06-01' };

  it('recomputes the flat 6.08 kWh, as EDC did, so reconciliation finds no discrepancy', async () => {
    const computed = await http()
      .get(path('sharing'))
      .query({ ...day, granularity: 'day', source: 'computed', ean: flat })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(computed.body.points[0].totals.sharedKwh).toBe(6.08);
    const discrepancies = await http()
      .get(path('discrepancies'))
      .query(day)
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(discrepancies.body.total).toBe(0);
  });

  it("simulates the key without rounds with EDC's 2 rounds, and a what-if of 5 rounds beside them", async () => {
    const simulate = (simulated: object) =>
      http()
        .post(path('simulations'))
        .set(bearer(group.community.adminToken))
        .send({ ...day, key: simulated })
        .expect(200);
    const flatOf = (body: {
      points: Array<{ ean: string; registeredSharedKwh: number; simulatedSharedKwh: number }>;
    }) => body.points.find((point) => point.ean === flat);
    const same = await simulate(key);
    expect(flatOf(same.body)).toMatchObject({ registeredSharedKwh: 6.08, simulatedSharedKwh: 6.08 });
    expect(same.body.rounds).toEqual([
      { days: 1, registeredRounds: 2, simulatedRounds: 2, simulatedEdcRounds: 2 },
    ]);
    const five = await simulate({ ...key, rounds: 5 });
    expect(flatOf(five.body)).toMatchObject({ registeredSharedKwh: 6.08, simulatedSharedKwh: 7.06 });
    expect(five.body.rounds).toEqual([
      { days: 1, registeredRounds: 2, simulatedRounds: 5, simulatedEdcRounds: 2 },
    ]);
    // Without iteration EDC runs one round: 4.50 for the flat.
    const once = await simulate({ ...key, method: 'static' });
    expect(flatOf(once.body)?.simulatedSharedKwh).toBe(4.5);
  });

  it('refuses to register a key that says 5 rounds or static for this group', async () => {
    const post = (body: object) =>
      http()
        .post(path('allocation-keys'))
        .set(bearer(group.community.adminToken))
        .send({ validFrom: '2026-07-01', ...body });
    const rounds = await post({ ...key, rounds: 5 }).expect(422);
    expect(rounds.body.error).toMatchObject({
      code: 'KEY_ROUNDS_NOT_EDC',
      details: { rounds: 5, edcRounds: 2 },
    });
    const method = await post({ ...key, method: 'static' }).expect(409);
    expect(method.body.error.code).toBe('KEY_METHOD_CONTRADICTS_ITERATION');
  });
});
