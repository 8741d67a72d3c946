import { randomBytes } from 'node:crypto';

import type { TenantDatabase } from '@sdilna/api/data-access-db';
import { emptyPackedDay, type ReadingRow, ReadingsStore, SERIES } from '@sdilna/api/data-access-readings';
import { generateScenarioDays, type ScenarioDefinition, scenarioPoints } from '@sdilna/shared/util-scenarios';

import { loadTest, type LoadResult } from './api-load';
import type { benchEnvironment, BenchCommunity } from './import-support';

/** A member login on the community (a second signup, then a membership written as the owner). */
export async function memberLogin(
  url: string,
  bench: Awaited<ReturnType<typeof benchEnvironment>>,
  community: BenchCommunity,
): Promise<string> {
  const response = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `member-${randomBytes(4).toString('hex')}@bench.sdilna.example`,
      password: 'correct horse battery staple',
      name: 'Member',
      community: { name: 'Own', type: 'active-customer' },
    }),
  });
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  const memberId = [...community.points.values()][1]?.memberId;
  await bench.owner.query(
    `INSERT INTO memberships (community_id, user_id, role, member_id) VALUES ($1, $2, 'member', $3)`,
    [community.communityId, body.user.id, memberId],
  );
  return body.accessToken;
}

/**
 * P5: the member monthly summary (June by day, one point) and the admin group overview (June) of a community, each
 * under 50 concurrent clients, printed as `P5 api-…{suffix}-p95-50-clients`. With several rounds the lowest p95
 * counts and every round is a comment line (the shared 2-core machines are noisy).
 */
export async function measureP5(options: {
  /** `<api>/api/communities/<id>` */
  readonly base: string;
  readonly memberToken: string;
  /** the member's EAN */
  readonly ean: string;
  readonly adminToken: string;
  /** `from=…&to=…` of the month read */
  readonly period: string;
  readonly suffix: string;
  readonly rounds: number;
  readonly durationMs: number;
  /** the API's process, when it is not this one */
  readonly apiPid?: number;
  /** `member` or `admin` to measure one of the two answers only */
  readonly only?: string;
}): Promise<void> {
  const load = (url: string, token: string) => () =>
    loadTest({
      url,
      headers: { authorization: `Bearer ${token}` },
      clients: 50,
      durationMs: options.durationMs,
      ...(options.apiPid !== undefined ? { apiPid: options.apiPid } : {}),
    });
  if (options.only !== 'admin') {
    const member = await best(
      options.rounds,
      load(
        `${options.base}/sharing?${options.period}&granularity=day&ean=${options.ean}`,
        options.memberToken,
      ),
    );
    printLoad(
      `P5 api-member-monthly-summary${options.suffix}-p95-50-clients`,
      'member summary (one point, June by day)',
      member,
    );
  }
  if (options.only !== 'member') {
    const admin = await best(
      options.rounds,
      load(`${options.base}/sharing/groups?${options.period}`, options.adminToken),
    );
    printLoad(
      `P5 api-admin-group-overview${options.suffix}-p95-50-clients`,
      'admin group overview (June group totals)',
      admin,
    );
  }
}

/** The round with the lowest p95; with more than one round, every round is printed as a comment line. */
async function best(rounds: number, round: () => Promise<LoadResult>): Promise<LoadResult> {
  let winner: LoadResult | undefined;
  for (let i = 0; i < rounds; i++) {
    const result = await round();
    if (rounds > 1) {
      console.log(
        `# round ${i + 1}: p95 ${result.p95.toFixed(1)} ms, p50 ${result.p50.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s, ${result.errors} errors, CPU/request ${result.machineCpuMsPerRequest.toFixed(2)} ms (API ${result.apiCpuMsPerRequest.toFixed(2)} ms)`,
      );
    }
    if (winner === undefined || result.p95 < winner.p95) winner = result;
  }
  if (winner === undefined) throw new Error('P5 needs at least one round');
  return winner;
}

/** Prints a P5 figure in the bench format, with the request counts on a comment line. */
function printLoad(name: string, what: string, result: LoadResult): void {
  console.log(
    `${name}: ${result.p95.toFixed(1)} ms (baseline: target 50.0 ms, ratio: ${(result.p95 / 50).toFixed(2)}x)`,
  );
  console.log(
    `# ${what}: ${result.requests} requests, ${result.errors} errors, p50 ${result.p50.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s, CPU per request ${result.machineCpuMsPerRequest.toFixed(2)} ms (API ${result.apiCpuMsPerRequest.toFixed(2)} ms)`,
  );
}

/** Writes measured and EDC-shared rows exactly as the import job does, a week per transaction. */
export async function storeScenarioReadings(
  db: TenantDatabase,
  community: BenchCommunity,
  definition: ScenarioDefinition,
  from: string,
  to: string,
): Promise<number> {
  const points = scenarioPoints(definition);
  let values = 0;
  let rows: ReadingRow[] = [];
  const flush = async () => {
    const batch = rows;
    rows = [];
    await db.run(community.communityId, (tx) => tx.store(ReadingsStore).insert(batch));
  };
  for (const day of generateScenarioDays(definition, { from, to, seed: 1 })) {
    points.forEach((point, p) => {
      const sign = point.role === 'production' ? 1 : -1;
      const measured = emptyPackedDay(day.intervalCount);
      const shared = emptyPackedDay(day.intervalCount);
      for (let i = 0; i < day.intervalCount; i++) {
        const at = p * day.intervalCount + i;
        measured.values[i] = sign * (day.inValues[at] as number);
        measured.present[i] = 1;
        shared.values[i] = sign * ((day.inValues[at] as number) - (day.outValues[at] as number));
        shared.present[i] = 1;
      }
      const pointId = community.points.get(point.ean)?.id as string;
      rows.push({ pointId, day: day.date, series: SERIES.measured, data: measured });
      rows.push({ pointId, day: day.date, series: SERIES.edcShared, data: shared });
      values += 2 * day.intervalCount;
    });
    if (rows.length >= 14_000) await flush();
  }
  await flush();
  return values;
}
