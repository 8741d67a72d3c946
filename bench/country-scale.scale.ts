import { once } from 'node:events';
import { mkdir, readFile, rm } from 'node:fs/promises';

import { DataSource } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { RecomputeRunner } from '@sdilna/api/feature-sharing';
import { eanWithCheckDigit } from '@sdilna/shared/domain-core';
import { scenarioDefinition } from '@sdilna/shared/util-scenarios';

import { freePort } from '../test/support/free-port';
import { loadTest, type LoadResult } from './api-load';
import {
  benchEnvironment,
  registerScenario,
  startApi,
  startApiProcess,
  startWorker,
  syntheticScenario,
  waitFor,
  writeScenarioFile,
  type BenchCommunity,
} from './import-support';
import { memberLogin, storeScenarioReadings } from './sharing-bench-support';

/**
 * P8, country scale (`npm run bench:scale`, not part of `npm run bench`): `SCALE_COMMUNITIES` communities (2 000),
 * `SCALE_BIG` of them with 1 000 points (5) and the rest with `SCALE_SMALL_POINTS` points (5): ~15 000 points,
 * June 2025 stored and recomputed. Two template communities are registered and filled through the real code
 * (the import's row format, the recompute job); the others are copies made in SQL (`INSERT … SELECT` per tenant
 * table with a new community_id: every key includes community_id, so ids repeat safely across tenants — the
 * rule `test/api/schema-rules.e2e-spec.ts` checks). Then:
 * - P5 of the big template before and after the copies exist (within 1.2× of one tenant);
 * - the nightly import of one day (1 July) for every community through the real path: upload → queue → worker
 *   (parse, validate, store) → recompute job, until every community's computed group day is there;
 * - recompute of that day for every community in this process (the job's code, one after another);
 * - settling June for every community through the queue (POST .../settlements, the worker's runs).
 * `SCALE_PHASES` (p5,import,recompute,settle) picks phases.
 */
const COMMUNITIES = Number(process.env['SCALE_COMMUNITIES'] ?? 2000);
const BIG = Math.min(COMMUNITIES, Number(process.env['SCALE_BIG'] ?? 5));
const SMALL_POINTS = Number(process.env['SCALE_SMALL_POINTS'] ?? 5);
const PHASES = new Set((process.env['SCALE_PHASES'] ?? 'p5,import,recompute,settle').split(','));
const DURATION_MS = Number(process.env['API_BENCH_DURATION_MS'] ?? 8000);
const ROUNDS = Number(process.env['SCALE_ROUNDS'] ?? 2);
const CONCURRENCY = 8;
const FROM = '2025-06-01';
const TO = '2025-06-30';
const NIGHT = '2025-07-01';

/**
 * Tables whose rows are history of the template, not state a copy needs (and what references them), and
 * `ean_claims`, which the metering_points trigger fills.
 */
const NOT_COPIED = ['audit_log', 'import_batches', 'ean_claims'];
/** An EAN belongs to one community at a time: the copies' EANs carry their number `k` in digits 8–11. */
const SMALL_TEMPLATE_K = 1500;
const BIG_COPY_K = 2000;
const SMALL_COPY_K = 4000;

function copyEan(ean: string, k: number): string {
  return eanWithCheckDigit(`8591824${String(k).padStart(4, '0')}${ean.slice(11, 17)}`);
}

const COPY_EAN_SQL = `CREATE FUNCTION pg_temp.copy_ean(e text, k int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT b || ((10 - (SELECT sum(substr(b, i, 1)::int * CASE WHEN (17 - i) % 2 = 0 THEN 3 ELSE 1 END)
                        FROM generate_series(1, 17) AS i) % 10) % 10)::text
    FROM (SELECT '8591824' || lpad(k::text, 4, '0') || substr(e, 12, 6) AS b) AS s
$$`;

async function main(): Promise<void> {
  const started = performance.now();
  const bench = await benchEnvironment('scale');
  const { app, url } = await startApi();
  const appSource = new DataSource({
    type: 'postgres',
    url: bench.env.DATABASE_URL,
    logging: ['error'],
    extra: { max: 4 },
  });
  await appSource.initialize();
  let api: ReturnType<typeof startApiProcess> | undefined;
  let worker: ReturnType<typeof startWorker> | undefined;
  const scratch = `/tmp/sdilna-scale-${process.pid}`;
  try {
    const db = new TenantDatabase(appSource);
    const recompute = new RecomputeRunner(db);
    const bigDefinition = syntheticScenario(1000);
    const smallDefinition = scenarioDefinition({ name: 'synthetic', eans: SMALL_POINTS, seed: 2 });
    const small = await registerScenario(url, bench.owner, smallDefinition);
    // The small template's EANs would collide with the big one's (the same generator): renamed before it registers.
    await bench.owner.query(
      `UPDATE metering_points SET ean = u.n FROM unnest($2::text[], $3::text[]) AS u(o, n)
        WHERE community_id = $1 AND ean = u.o`,
      [
        small.communityId,
        [...small.points.keys()],
        [...small.points.keys()].map((ean) => copyEan(ean, SMALL_TEMPLATE_K)),
      ],
    );
    const big = await registerScenario(url, bench.owner, bigDefinition);
    for (const [community, definition] of [
      [big, bigDefinition],
      [small, smallDefinition],
    ] as const) {
      await addPrices(bench.owner, community);
      await storeScenarioReadings(db, community, definition, FROM, TO);
      await recompute.run(community.communityId, FROM, TO);
    }
    console.log(`# templates registered, stored and recomputed in ${seconds(started)} s`);
    await bench.owner.query('VACUUM ANALYZE');

    const memberToken = await memberLogin(url, bench, big);
    await app.close();
    api = startApiProcess(bench.env, await freePort());
    await api.started;
    const apiPid = api.child.pid;
    const base = `${api.url}/api/communities/${big.communityId}`;
    const june = `from=${FROM}&to=${TO}`;
    const routes = [
      {
        name: 'member-monthly-summary',
        url: `${base}/sharing?${june}&granularity=day&ean=${[...big.points.keys()][1] as string}`,
        token: memberToken,
      },
      { name: 'admin-group-overview', url: `${base}/sharing/groups?${june}`, token: big.token },
    ];
    const p5 = async (): Promise<LoadResult[]> => {
      const results: LoadResult[] = [];
      for (const route of routes) {
        let best: LoadResult | undefined;
        for (let round = 0; round < ROUNDS; round++) {
          const result = await loadTest({
            url: route.url,
            headers: { authorization: `Bearer ${route.token}` },
            clients: 50,
            durationMs: DURATION_MS,
            ...(apiPid !== undefined ? { apiPid } : {}),
          });
          console.log(
            `# ${route.name} round ${round + 1}: p95 ${result.p95.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s, ${result.errors} errors, CPU/request ${result.machineCpuMsPerRequest.toFixed(2)} ms`,
          );
          if (best === undefined || result.p95 < best.p95) best = result;
        }
        results.push(best as LoadResult);
      }
      return results;
    };
    const single = PHASES.has('p5') ? await p5() : [];
    // (the member's sign-up made a one-member community of its own: one more tenant than SCALE_COMMUNITIES)

    let phase = performance.now();
    const copies = await copyCommunities(bench.owner, [
      { template: big.communityId, copies: BIG - 1, k: BIG_COPY_K },
      { template: small.communityId, copies: COMMUNITIES - BIG - 1, k: SMALL_COPY_K },
    ]);
    await bench.owner.query('VACUUM ANALYZE');
    const [counts] = (await bench.owner.query(
      `SELECT (SELECT count(*) FROM communities)::int AS communities,
              (SELECT count(*) FROM metering_points)::int AS points,
              (SELECT count(*) FROM readings)::int AS readings,
              (SELECT pg_size_pretty(pg_database_size(current_database()))) AS size`,
    )) as Array<{ communities: number; points: number; readings: number; size: string }>;
    console.log(
      `# copied to ${counts?.communities} communities, ${counts?.points} points, ${counts?.readings} day rows (${counts?.size}) in ${seconds(phase)} s`,
    );
    const bigIds = [big.communityId, ...copies[0]!.map((copy) => copy.id)];
    const smallIds = [small.communityId, ...copies[1]!.map((copy) => copy.id)];

    if (PHASES.has('p5')) {
      const many = await p5();
      routes.forEach((route, i) => {
        const one = single[i] as LoadResult;
        const all = many[i] as LoadResult;
        console.log(
          `P8 api-${route.name}-${counts?.communities}-tenants-p95-50-clients: ${all.p95.toFixed(1)} ms (baseline: ${one.p95.toFixed(1)} ms one tenant, ratio: ${(all.p95 / one.p95).toFixed(2)}x)`,
        );
        console.log(
          `# ${route.name}: ${all.rps.toFixed(0)} req/s against ${one.rps.toFixed(0)} req/s with one tenant (${(one.rps / all.rps).toFixed(2)}x slower); target within 1.2×`,
        );
      });
    }

    if (PHASES.has('import') || PHASES.has('settle')) {
      worker = startWorker(bench.env);
      await worker.started;
    }

    if (PHASES.has('import')) {
      await mkdir(scratch, { recursive: true });
      const files = {
        big: `${scratch}/big.csv`,
        small: `${scratch}/small.csv`,
      };
      await writeScenarioFile(bigDefinition, NIGHT, NIGHT, files.big);
      await writeScenarioFile(smallDefinition, NIGHT, NIGHT, files.small);
      // Each community's file names its own EANs: the template's day, EANs renamed as in the copy.
      const text = { big: await readFile(files.big, 'latin1'), small: await readFile(files.small, 'latin1') };
      const renamed = (source: string, k: number | undefined) =>
        k === undefined ? source : source.replace(/8591824\d{11}/g, (ean) => copyEan(ean, k));
      const jobs = [
        { id: big.communityId, token: big.token, text: text.big, k: undefined },
        ...copies[0]!.map((copy) => ({
          id: copy.id,
          token: big.token,
          text: text.big,
          k: BIG_COPY_K + copy.n,
        })),
        { id: small.communityId, token: small.token, text: text.small, k: SMALL_TEMPLATE_K },
        ...copies[1]!.map((copy) => ({
          id: copy.id,
          token: small.token,
          text: text.small,
          k: SMALL_COPY_K + copy.n,
        })),
      ];
      phase = performance.now();
      await pool(jobs, CONCURRENCY, async (job) => {
        const form = new FormData();
        form.append('file', new Blob([Buffer.from(renamed(job.text, job.k), 'latin1')]), 'export.csv');
        const response = await fetch(`${api?.url}/api/communities/${job.id}/imports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${job.token}` },
          body: form,
        });
        if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
      });
      const uploadedS = seconds(phase);
      await waitFor(
        'every import',
        async () => {
          const [row] = (await bench.owner.query(
            `SELECT count(*) FILTER (WHERE status IN ('done', 'failed'))::int AS finished,
                    count(*) FILTER (WHERE status = 'failed')::int AS failed
               FROM import_batches WHERE period_from = $1 OR period_from IS NULL`,
            [NIGHT],
          )) as Array<{ finished: number; failed: number }>;
          if ((row?.failed ?? 0) > 0) throw new Error(`${row?.failed} imports failed`);
          return row?.finished === jobs.length ? true : undefined;
        },
        3_600_000,
      );
      const importedS = seconds(phase);
      await waitFor(
        'every recompute',
        async () => {
          const [row] = (await bench.owner.query(
            `SELECT count(DISTINCT community_id)::int AS n FROM sharing_group_days WHERE day = $1 AND source = 2`,
            [NIGHT],
          )) as Array<{ n: number }>;
          return row?.n === jobs.length ? true : undefined;
        },
        3_600_000,
      );
      const recomputedS = seconds(phase);
      const points = BIG * 1000 + (COMMUNITIES - BIG) * SMALL_POINTS;
      console.log(
        `P8 nightly-import-one-day-${jobs.length}-communities: ${recomputedS} s (baseline: ${importedS} s until every import is stored, ratio: ${(Number(recomputedS) / Number(importedS)).toFixed(2)}x; uploads ${uploadedS} s)`,
      );
      console.log(
        `# ${(jobs.length / Number(recomputedS)).toFixed(1)} communities/s, ${(points / Number(recomputedS)).toFixed(0)} points/s through upload → queue → worker → recompute`,
      );
    }

    if (PHASES.has('recompute')) {
      phase = performance.now();
      let bigS = 0;
      for (const id of [...bigIds, ...smallIds]) {
        const one = performance.now();
        await recompute.run(id, NIGHT, NIGHT);
        if (bigIds.includes(id)) bigS += (performance.now() - one) / 1000;
      }
      const allS = Number(seconds(phase));
      console.log(
        `P8 recompute-one-day-${bigIds.length + smallIds.length}-communities: ${allS.toFixed(2)} s (baseline: ${bigS.toFixed(2)} s for the ${bigIds.length} of 1 000 points, ratio: ${(allS / bigS).toFixed(2)}x)`,
      );
    }

    if (PHASES.has('settle')) {
      const jobs = [
        ...bigIds.map((id) => ({ id, token: big.token })),
        ...smallIds.map((id) => ({ id, token: small.token })),
      ];
      phase = performance.now();
      await pool(jobs, CONCURRENCY, async (job) => {
        const response = await fetch(`${api?.url}/api/communities/${job.id}/settlements`, {
          method: 'POST',
          headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ period: '2025-06' }),
        });
        if (response.status >= 300) throw new Error(`settle: ${response.status} ${await response.text()}`);
      });
      const requestedS = seconds(phase);
      let lastCheck = '';
      await waitFor(
        'every settlement run',
        async () => {
          const rows = (await bench.owner.query(
            `SELECT compute_status AS status, count(*)::int AS n FROM settlement_runs GROUP BY 1 ORDER BY 1`,
          )) as Array<{ status: string; n: number }>;
          lastCheck = rows.map((row) => `${row.status} ${row.n}`).join(', ');
          const open = rows
            .filter((row) => row.status === 'queued' || row.status === 'running')
            .reduce((sum, row) => sum + row.n, 0);
          const all = rows.reduce((sum, row) => sum + row.n, 0);
          return all >= jobs.length && open === 0 ? true : undefined;
        },
        3_600_000,
      );
      const settledS = seconds(phase);
      const [bigRun] = (await bench.owner
        .query(
          `SELECT extract(epoch FROM max(computed_at - created_at))::float AS s FROM settlement_runs WHERE community_id = ANY($1::uuid[])`,
          [bigIds],
        )
        .catch(() => [{ s: Number.NaN }])) as Array<{ s: number }>;
      console.log(
        `P8 settle-month-${jobs.length}-communities-through-queue: ${settledS} s (baseline: ${bigRun?.s?.toFixed(2) ?? 'n/a'} s the slowest run of a 1 000-point community, ratio: ${(Number(settledS) / (bigRun?.s ?? Number.NaN)).toFixed(1)}x; requests ${requestedS} s)`,
      );
      console.log(`# settlement runs: ${lastCheck}`);
    }
    console.log(`# whole benchmark ${seconds(started)} s`);
  } finally {
    for (const child of [worker?.child, api?.child]) {
      if (child !== undefined && child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    await appSource.destroy();
    await app.close();
    await bench.drop();
    await rm(scratch, { recursive: true, force: true });
    // the uploads of 2 000 imports (benchEnvironment's directory beside the database's name)
    await rm(bench.env.UPLOAD_DIR.replace(/\/uploads$/, ''), { recursive: true, force: true });
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** A price list and point prices, so that the copies can be settled. */
async function addPrices(owner: DataSource, community: BenchCommunity): Promise<void> {
  const [list] = (await owner.query(
    `INSERT INTO price_lists (community_id, name, valid_from, seller_vat_payer) VALUES ($1, 'Bench', '2025-01-01', true) RETURNING id`,
    [community.communityId],
  )) as Array<{ id: string }>;
  await owner.query(
    `INSERT INTO price_list_rules (community_id, price_list_id, position, price_per_mwh) VALUES ($1, $2, 1, 300000)`,
    [community.communityId, list?.id],
  );
  await owner.query(
    `INSERT INTO metering_point_prices (community_id, metering_point_id, kind, price_centi_halere_per_kwh, valid_from)
     SELECT community_id, id, CASE WHEN role = 'production' THEN 'feed-in' ELSE 'supplier-energy' END,
            CASE WHEN role = 'production' THEN 20000 ELSE 65000 END, '2025-01-01'
       FROM metering_points WHERE community_id = $1`,
    [community.communityId],
  );
}

/**
 * Copies each template community `copies` times in SQL: every tenant table, in foreign-key order, `INSERT … SELECT`
 * with a new community_id and everything else as it is (ids repeat across tenants: every key includes
 * community_id). Returns the new ids per template.
 */
async function copyCommunities(
  owner: DataSource,
  plans: ReadonlyArray<{ template: string; copies: number; k: number }>,
): Promise<Array<Array<{ id: string; n: number }>>> {
  const tables = (await owner.query(
    `SELECT c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns,
            coalesce((SELECT array_agg(DISTINCT f.confrelid::regclass::text) FROM pg_constraint f
                       WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid), '{}') AS refs
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                          AND a.attgenerated = ''
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM pg_attribute k WHERE k.attrelid = c.oid AND k.attname = 'community_id')
      GROUP BY c.oid, c.relname`,
  )) as Array<{ name: string; columns: string[]; refs: string[] }>;
  const skipped = new Set(NOT_COPIED);
  for (let changed = true; changed;) {
    changed = false;
    for (const table of tables) {
      if (!skipped.has(table.name) && table.refs.some((ref) => skipped.has(ref))) {
        skipped.add(table.name);
        changed = true;
      }
    }
  }
  const names = new Set(tables.map((table) => table.name));
  const ordered: typeof tables = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (table) => !done.has(table.name) && table.refs.every((ref) => !names.has(ref) || done.has(ref)),
    );
    if (ready.length === 0) throw new Error('foreign keys between tenant tables form a cycle');
    for (const table of ready) {
      ordered.push(table);
      done.add(table.name);
    }
  }
  console.log(`# not copied (history): ${[...skipped].sort().join(', ')}`);
  const runner = owner.createQueryRunner();
  await runner.connect();
  try {
    const result: Array<Array<{ id: string; n: number }>> = [];
    await runner.query(COPY_EAN_SQL);
    for (const plan of plans) {
      await runner.query(`DROP TABLE IF EXISTS pg_temp.clone_ids`);
      await runner.query(
        `CREATE TEMP TABLE clone_ids AS SELECT gen_random_uuid() AS id, g AS n FROM generate_series(1, $1::int) AS g`,
        [plan.copies],
      );
      for (const table of ordered) {
        if (skipped.has(table.name)) continue;
        const columns = table.columns.map((column) => `"${column}"`).join(', ');
        const values = table.columns
          .map((column) =>
            column === 'community_id'
              ? 'n.id'
              : table.name === 'metering_points' && column === 'ean'
                ? `pg_temp.copy_ean(t.ean, ${plan.k} + n.n)`
                : `t."${column}"`,
          )
          .join(', ');
        await runner.query(
          `INSERT INTO "${table.name}" (${columns}) OVERRIDING SYSTEM VALUE
           SELECT ${values} FROM "${table.name}" t CROSS JOIN clone_ids n WHERE t.community_id = $1`,
          [plan.template],
        );
      }
      result.push(
        (await runner.query(`SELECT id, n FROM clone_ids ORDER BY n`)) as Array<{ id: string; n: number }>,
      );
    }
    return result;
  } finally {
    await runner.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
