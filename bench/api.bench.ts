import { once } from 'node:events';

import { DataSource } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { ReadingsStore, RegistryReader } from '@sdilna/api/data-access-readings';
import { RecomputeRunner } from '@sdilna/api/feature-sharing';

import { loadTest, type LoadResult } from './api-load';
import { memberLogin, printLoad, storeScenarioReadings } from './sharing-bench-support';
import { freePort } from '../test/support/free-port';
import {
  benchEnvironment,
  registerScenario,
  startApi,
  startApiProcess,
  syntheticScenario,
} from './import-support';

/**
 * P5 on its own: the member monthly summary and the admin group overview of a 1 000-EAN community under 50
 * concurrent clients (autocannon in its own process). Only May to July is stored,
 * so the figure comes in about a minute instead of the year `storage.bench.ts` writes for P3 and P4; both answers
 * read June through indexes, so the rest of the year changes little. Each figure is the best p95 of
 * `API_BENCH_ROUNDS` rounds (3 by default) because the shared 2-core machines are noisy.
 */
const FROM = '2025-05-01';
const TO = '2025-07-31';
const ROUNDS = Number(process.env['API_BENCH_ROUNDS'] ?? 3);
const DURATION_MS = Number(process.env['API_BENCH_DURATION_MS'] ?? 8000);
/** `member` or `admin` to measure one of the two answers only (while profiling, say) */
const ONLY = process.env['API_BENCH_ONLY'];

async function main(): Promise<void> {
  const bench = await benchEnvironment('api');
  const { app, url } = await startApi();
  const appSource = new DataSource({
    type: 'postgres',
    url: bench.env.DATABASE_URL,
    logging: ['error'],
    extra: { max: 4 },
  });
  await appSource.initialize();
  let api: ReturnType<typeof startApiProcess> | undefined;
  try {
    const definition = syntheticScenario(1000);
    const community = await registerScenario(url, bench.owner, definition);
    const db = new TenantDatabase(appSource);
    const store = new ReadingsStore();
    await storeScenarioReadings(db, store, community, definition, FROM, TO);
    await new RecomputeRunner(db, store, new RegistryReader()).run(community.communityId, FROM, TO);
    // Statistics as autovacuum keeps them in a running system: without them the planner takes the freshly
    // registered community for a handful of points and scans all 1 000 to find a member's.
    await bench.owner.query('VACUUM ANALYZE');

    const memberToken = await memberLogin(url, bench, community);
    const point = [...community.points.keys()][1] as string;
    // The load goes to the API in a process of its own, started as in production; the one in this process
    // only set the community up.
    await app.close();
    api = startApiProcess(bench.env, await freePort());
    await api.started;
    const apiPid = api.child.pid;
    const base = `${api.url}/api/communities/${community.communityId}`;
    const june = 'from=2025-06-01&to=2025-06-30';
    if (ONLY !== 'admin') {
      const member = await best(() =>
        loadTest({
          url: `${base}/sharing?${june}&granularity=day&ean=${point}`,
          headers: { authorization: `Bearer ${memberToken}` },
          clients: 50,
          durationMs: DURATION_MS,
          apiPid,
        }),
      );
      printLoad(
        'P5 api-member-monthly-summary-p95-50-clients',
        'member summary (one point, June by day)',
        member,
      );
    }
    if (ONLY !== 'member') {
      const admin = await best(() =>
        loadTest({
          url: `${base}/sharing/groups?${june}`,
          headers: { authorization: `Bearer ${community.token}` },
          clients: 50,
          durationMs: DURATION_MS,
          apiPid,
        }),
      );
      printLoad(
        'P5 api-admin-group-overview-p95-50-clients',
        'admin group overview (June group totals)',
        admin,
      );
    }
  } finally {
    if (api !== undefined && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await once(api.child, 'exit');
    }
    await appSource.destroy();
    await app.close();
    await bench.drop();
  }
}

/** The round with the lowest p95; every round is printed as a comment line. */
async function best(round: () => Promise<LoadResult>): Promise<LoadResult> {
  let winner: LoadResult | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const result = await round();
    console.log(
      `# round ${i + 1}: p95 ${result.p95.toFixed(1)} ms, p50 ${result.p50.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s, ${result.errors} errors, CPU/request ${result.machineCpuMsPerRequest.toFixed(2)} ms (API ${result.apiCpuMsPerRequest.toFixed(2)} ms)`,
    );
    if (winner === undefined || result.p95 < winner.p95) winner = result;
  }
  if (winner === undefined) throw new Error('API_BENCH_ROUNDS must be at least 1');
  return winner;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
