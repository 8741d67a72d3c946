import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { expect } from 'vitest';
import type { SettlementWarning } from '@sdilna/shared/util-api-contract';

import {
  allocateEdcDay,
  edcDayWithComputedOut,
  parseKeyFile,
  planEdcAllocation,
  type KeyFile,
} from '@sdilna/shared/domain-allocation';
import { daysInRange } from '@sdilna/shared/domain-core';
import {
  createEdcDayBlock,
  createEdcPairDayBlock,
  writeEdcPairReport,
  writeEdcStandardExport,
  type EdcDayBlock,
  type EdcPoint,
} from '@sdilna/shared/domain-edc';

import { textOf } from './edc-files';
import { bearer, create, createMember, registerKeyVersion, uniqueEan, type TestCommunity } from './factories';
import { settledImport, upload } from './readings-community';

/** A registered metering point of a settlement test, with its member. */
export interface SettlementPoint {
  readonly ean: string;
  readonly role: 'production' | 'consumption';
  readonly memberId: string;
  readonly pointId: string;
}

export interface MemberSpec {
  readonly name?: string;
  readonly kind?: string;
  readonly vatPayer?: boolean;
  readonly parentMemberId?: string;
  /** the metering point's label (shown beside its EAN) */
  readonly pointLabel?: string;
}

/** A random IČO with a valid mod-11 check digit (unique enough within one test community). */
export function uniqueIco(): string {
  for (;;) {
    const body = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
    let sum = 0;
    for (let i = 0; i < 7; i++) sum += Number(body[i]) * (8 - i);
    const check = (11 - (sum % 11)) % 10;
    // 11 − r = 10 gives 0 and 11 − r = 11 gives 1 in the official rule; keep to the unambiguous ones
    if (sum % 11 > 1) return `${body}${check}`;
  }
}

/** Creates a member with one point (and optionally its supplier or feed-in price), all through the API. */
export async function memberWithPoint(
  app: INestApplication,
  community: TestCommunity,
  role: 'production' | 'consumption',
  member: MemberSpec = {},
  price?: string,
): Promise<SettlementPoint> {
  const vatPayer = member.vatPayer ?? false;
  const kind = member.kind ?? 'household';
  // a legal entity's IČO goes on its tax documents; a payer's DIČ is CZ + its IČO
  const ico = kind === 'household' && !vatPayer ? undefined : uniqueIco();
  const created = await createMember(app, community, {
    ...(member.name !== undefined ? { name: member.name } : {}),
    kind,
    ...(ico !== undefined ? { ico } : {}),
    ...(vatPayer ? { vatPayer: true, dic: `CZ${ico}` } : {}),
    ...(member.parentMemberId !== undefined ? { parentMemberId: member.parentMemberId } : {}),
  });
  return pointFor(app, community, created.id, role, price, member.pointLabel);
}

export async function pointFor(
  app: INestApplication,
  community: TestCommunity,
  memberId: string,
  role: 'production' | 'consumption',
  price?: string,
  label?: string,
): Promise<SettlementPoint> {
  const ean = uniqueEan();
  const point = await create(app, community, 'metering-points', {
    ean,
    role,
    memberId,
    validFrom: '2026-01-01',
    ...(label === undefined ? {} : { label }),
  });
  if (price !== undefined) {
    await create(app, community, `metering-points/${point.id}/prices`, {
      kind: role === 'consumption' ? 'supplier-energy' : 'feed-in',
      pricePerKwh: price,
      validFrom: '2026-01-01',
    });
  }
  return { ean, role, memberId, pointId: point.id };
}

/** A key giving each consumer the stated percent of its one producer (static-iterative: EDC's rounds). */
export function keyOf(
  pairs: ReadonlyArray<{ producer: SettlementPoint; consumer: SettlementPoint; percent: number }>,
): KeyFile {
  return {
    method: 'static-iterative',
    allocations: pairs.map((pair) => ({
      producer: pair.producer.ean,
      consumer: pair.consumer.ean,
      percent: pair.percent,
      priority: 1,
    })),
  };
}

/**
 * An EDC standard export of [from, to] whose measured values come from `measured` (0.01 kWh, positive for both
 * roles) and whose OUT is computed by the engine with the key, as EDC does.
 */
export async function exportWith(
  points: readonly SettlementPoint[],
  key: KeyFile,
  from: string,
  to: string,
  measured: (point: SettlementPoint, date: string, interval: number, intervalCount: number) => number,
): Promise<string> {
  const edcPoints: EdcPoint[] = points.map((point) => ({ ean: point.ean, role: point.role }));
  const plan = planEdcAllocation(parseKeyFile(key), edcPoints, 'energy-community');
  function* days(): Generator<EdcDayBlock> {
    for (const date of daysInRange(from, to)) {
      const day = createEdcDayBlock(date, points.length);
      const count = day.intervalCount;
      points.forEach((point, p) => {
        for (let i = 0; i < count; i++) {
          const value = measured(point, date, i, count);
          day.inValues[p * count + i] = point.role === 'production' ? value : -value;
          day.inPresent[p * count + i] = 1;
        }
      });
      yield edcDayWithComputedOut(plan, day, allocateEdcDay(plan, day).result);
    }
  }
  return textOf(writeEdcStandardExport(edcPoints, days()));
}

/**
 * An EDC pair report of [from, to]: one column `<producer EAN>-<consumer EAN>` per pair, with the shared energy
 * `shared(pair index, date, interval)` in 0.01 kWh in every cell.
 */
export async function pairReportWith(
  pairs: ReadonlyArray<{ producer: SettlementPoint; consumer: SettlementPoint }>,
  from: string,
  to: string,
  shared: (pair: number, date: string, interval: number) => number,
): Promise<string> {
  function* days() {
    for (const date of daysInRange(from, to)) {
      const day = createEdcPairDayBlock(date, pairs.length);
      const count = day.intervalCount;
      pairs.forEach((_pair, q) => {
        for (let i = 0; i < count; i++) {
          day.shared[q * count + i] = shared(q, date, i);
          day.present[q * count + i] = 1;
        }
      });
      yield day;
    }
  }
  return textOf(
    writeEdcPairReport(
      pairs.map((pair) => ({ producer: pair.producer.ean, consumer: pair.consumer.ean })),
      days(),
    ),
  );
}

/** Registers the key, uploads the file and waits until the import is done. */
export async function importMonth(
  app: INestApplication,
  community: TestCommunity,
  key: KeyFile,
  csv: string,
): Promise<void> {
  await registerKeyVersion(app, community, key, '2026-01-01');
  const accepted = await upload(app, community, csv, 'export.csv');
  const done = await settledImport(app, community, accepted.id);
  expect(done.status, JSON.stringify(done)).toBe('done');
}

export interface RunBody {
  id: string;
  period: string;
  status: string;
  computeStatus: string;
  mode: string;
  communityVatPayer: boolean;
  totals: {
    sharedKwh: number;
    consumersPay: string;
    producersReceive: string;
    communityMargin: string;
    currency: string;
  };
  warnings: SettlementWarning[];
  error?: { code: string; message: string };
  documentCount?: number;
  settledAnyway?: Array<{ ean: string; label?: string; missingDays: string[]; preliminaryDays: string[] }>;
  members: Array<{
    memberId: string;
    name: string;
    kind: string;
    receivedKwh: number;
    suppliedKwh: number;
    purchases: { net: string; vat: string; gross: string; currency: string };
    sales: { net: string; vat: string; gross: string; currency: string };
    consumerSaving?: string;
    producerGain?: string;
    lines: Array<{
      channel: string;
      sellerId: string;
      buyerId: string;
      band: string;
      energyKwh: number;
      unitPricePerKwh: string;
      vatRatePercent: number;
      net: string;
      vat: string;
      gross: string;
      meteringPoints: string[];
    }>;
  }>;
}

export function runPath(community: TestCommunity, runId?: string): string {
  return `/api/communities/${community.communityId}/settlements${runId === undefined ? '' : `/${runId}`}`;
}

/** Requests the month's draft and waits until the job has computed it. */
export async function settleDraft(
  app: INestApplication,
  community: TestCommunity,
  period: string,
  /** settleAnyway: the month's EDC data are knowingly incomplete (else 409 SETTLEMENT_DATA_INCOMPLETE) */
  options: { settleAnyway?: boolean; timeoutMs?: number } = {},
): Promise<RunBody> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const accepted = await request(app.getHttpServer())
    .post(runPath(community))
    .set(bearer(community.adminToken))
    .send({ period, ...(options.settleAnyway ? { settleAnyway: true } : {}) });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const runId = (accepted.body as { id: string }).id;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request(app.getHttpServer())
      .get(runPath(community, runId))
      .set(bearer(community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body as RunBody;
    if (body.computeStatus === 'done' || body.computeStatus === 'failed') return body;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${body.computeStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Approves and finalises a computed draft as the admin. */
export async function approveAndFinalize(
  app: INestApplication,
  community: TestCommunity,
  runId: string,
): Promise<RunBody> {
  const approved = await request(app.getHttpServer())
    .post(`${runPath(community, runId)}/approve`)
    .set(bearer(community.adminToken));
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const final = await request(app.getHttpServer())
    .post(`${runPath(community, runId)}/finalize`)
    .set(bearer(community.adminToken));
  expect(final.status, JSON.stringify(final.body)).toBe(200);
  return final.body as RunBody;
}

export async function postPriceList(
  app: INestApplication,
  community: TestCommunity,
  body: object,
): Promise<{ id: string }> {
  return create(app, community, 'price-lists', { validFrom: '2026-01-01', sellerVatPayer: false, ...body });
}
