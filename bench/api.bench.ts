import { once } from 'node:events';

import { DataSource } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { RecomputeRunner } from '@sdilna/api/feature-sharing';

import { compareP5, startBaselineServer } from './p5-baseline';
import { memberLogin, storeScenarioReadings } from './sharing-bench-support';
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
 * concurrent clients (autocannon in its own process), against the bare `node:http` + `pg` server of
 * `baseline-api-server.cjs` answering the same JSON in alternating rounds (`p5-baseline.ts`). Only May to July is stored,
 * so the figure comes in about a minute instead of the year `storage.bench.ts` writes for P3 and P4; both answers
 * read June through indexes, so the rest of the year changes little. Each figure is the best p95 of
 * `API_BENCH_ROUNDS` alternating rounds (2 by default) because the shared 2-core machines are noisy.
 */
const FROM = '2025-05-01';
const TO = '2025-07-31';
const ROUNDS = Number(process.env['API_BENCH_ROUNDS'] ?? 2);
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
  let baseline: Awaited<ReturnType<typeof startBaselineServer>> | undefined;
  try {
    const definition = syntheticScenario(1000);
    const community = await registerScenario(url, bench.owner, definition);
    const db = new TenantDatabase(appSource);
    await storeScenarioReadings(db, community, definition, FROM, TO);
    await new RecomputeRunner(db).run(community.communityId, FROM, TO);
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
    baseline = await startBaselineServer(bench.env.DATABASE_URL);
    const path = `/api/communities/${community.communityId}`;
    const june = 'from=2025-06-01&to=2025-06-30';
    const routes = [
      {
        name: 'api-member-monthly-summary',
        what: 'member summary (one point, June by day)',
        path: `${path}/sharing?${june}&granularity=day&ean=${point}`,
        token: memberToken,
      },
      {
        name: 'api-admin-group-overview',
        what: 'admin group overview (June group totals)',
        path: `${path}/sharing/groups?${june}`,
        token: community.token,
      },
    ];
    await compareP5({
      apiUrl: api.url,
      ...(api.child.pid !== undefined ? { apiPid: api.child.pid } : {}),
      baselineUrl: baseline.url,
      ...(baseline.child.pid !== undefined ? { baselinePid: baseline.child.pid } : {}),
      routes: routes.filter(
        (route) => ONLY === undefined || route.name.includes(ONLY === 'admin' ? 'admin' : 'member'),
      ),
      suffix: '',
      rounds: ROUNDS,
      durationMs: DURATION_MS,
    });
  } finally {
    await baseline?.stop();
    if (api !== undefined && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await once(api.child, 'exit');
    }
    await appSource.destroy();
    await app.close();
    await bench.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
