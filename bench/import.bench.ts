import { spawnSync } from 'node:child_process';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';

import { generateScenarioDays } from '@sdilna/shared/util-scenarios';

import {
  benchEnvironment,
  line,
  peakRssMb,
  registerScenario,
  startApi,
  startWorker,
  syntheticScenario,
  waitFor,
  writeScenarioFile,
  type BenchCommunity,
} from './import-support';

/**
 * P2 (performance.md): a one-month EDC export of a 1 000-EAN group (2 003 columns, ~36 MB) through the real path:
 * HTTP upload → BullMQ → worker process (parse, validate, store in one transaction) → recompute and reconciliation.
 * Baseline: `COPY` of the same values (one row per point and interval) into a bare table, in the same run.
 * Memory: the worker's peak RSS for that file and for a 3× larger one (three months).
 */
async function main(): Promise<void> {
  const bench = await benchEnvironment('import');
  const { app, url } = await startApi();
  const scratch = `/tmp/${bench.env.MIGRATION_DATABASE_URL.split('/').pop() ?? 'bench'}`;
  await mkdir(scratch, { recursive: true });
  try {
    const definition = syntheticScenario(1000);
    const community = await registerScenario(url, bench.owner, definition);

    const month = `${scratch}/month.csv`;
    const monthBytes = await writeScenarioFile(definition, '2026-03-01', '2026-03-31', month);
    const first = await importThroughApi(url, bench, community, month, 31);
    console.log(`# 1 000 EANs, March 2026 (with the DST day), ${(monthBytes / 1e6).toFixed(1)} MB`);
    console.log(
      `# upload ${first.uploadS.toFixed(2)} s, import done ${first.importS.toFixed(2)} s, recompute done ${first.totalS.toFixed(2)} s`,
    );

    const copyS = await copyBaseline(bench.env.MIGRATION_DATABASE_URL, definition, `${scratch}/copy.csv`);
    console.log(
      line('P2 import-end-to-end-1000-eans-month', first.totalS, 's', copyS, 'COPY of the same values'),
    );

    const quarter = `${scratch}/quarter.csv`;
    const quarterBytes = await writeScenarioFile(definition, '2026-05-01', '2026-07-31', quarter);
    const second = await importThroughApi(url, bench, community, quarter, 92);
    console.log(
      `# 3 months, ${(quarterBytes / 1e6).toFixed(1)} MB: import ${second.importS.toFixed(2)} s, with recompute ${second.totalS.toFixed(2)} s`,
    );
    console.log(
      line(
        `import-peak-rss-${Math.round(quarterBytes / 1e6)}mb-file`,
        second.peakRssMb,
        'MB',
        first.peakRssMb,
        `${Math.round(monthBytes / 1e6)} MB file`,
      ),
    );

    const [size] = (await bench.owner.query(
      `SELECT sum(pg_total_relation_size(relid))::bigint AS bytes
         FROM (SELECT relid FROM pg_partition_tree('edc_readings')
               UNION ALL SELECT relid FROM pg_partition_tree('engine_readings')) AS parts`,
    )) as Array<{ bytes: string }>;
    const values = 2 * 1000 * (31 * 96 - 4 + 92 * 96);
    console.log(
      `# storage so far: ${(Number(size?.bytes) / 1e6).toFixed(1)} MB for ${values} IN/OUT values incl. computed sharing and indexes: ${(Number(size?.bytes) / values).toFixed(2)} bytes per value`,
    );
  } finally {
    await app.close();
    await bench.drop();
    await rm(scratch, { recursive: true, force: true });
  }
}

async function importThroughApi(
  url: string,
  bench: Awaited<ReturnType<typeof benchEnvironment>>,
  community: BenchCommunity,
  path: string,
  days: number,
): Promise<{ uploadS: number; importS: number; totalS: number; peakRssMb: number }> {
  const worker = startWorker(bench.env);
  await worker.started;
  try {
    const auth = { authorization: `Bearer ${community.token}` };
    const started = performance.now();
    const form = new FormData();
    form.append('file', await openAsBlob(path), 'export.csv');
    const response = await fetch(`${url}/api/communities/${community.communityId}/imports`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    const uploadS = (performance.now() - started) / 1000;
    await waitFor(
      'the import',
      async () => {
        const batch = (await (
          await fetch(`${url}/api/communities/${community.communityId}/imports/${id}`, { headers: auth })
        ).json()) as {
          status: string;
          error?: { message: string };
        };
        if (batch.status === 'failed') throw new Error(`import failed: ${batch.error?.message ?? ''}`);
        return batch.status === 'done' ? true : undefined;
      },
      600_000,
    );
    const importS = (performance.now() - started) / 1000;
    await waitFor(
      'the recompute',
      async () => {
        const [row] = (await bench.owner.query(
          `SELECT count(*)::int AS n FROM sharing_group_days WHERE community_id = $1 AND source = 2 AND computed_at > now() - interval '10 minutes'
             AND day BETWEEN (SELECT period_from FROM import_batches WHERE id = $2) AND (SELECT period_to FROM import_batches WHERE id = $2)`,
          [community.communityId, id],
        )) as Array<{ n: number }>;
        return row?.n === days ? true : undefined;
      },
      600_000,
    );
    const totalS = (performance.now() - started) / 1000;
    return { uploadS, importS, totalS, peakRssMb: await peakRssMb(worker.child.pid as number) };
  } finally {
    worker.child.kill('SIGTERM');
    await once(worker.child, 'exit');
  }
}

/** The same IN and OUT values as (point, interval start, in, out) rows, `COPY`ed by psql into a bare table. */
async function copyBaseline(
  ownerUrl: string,
  definition: ReturnType<typeof syntheticScenario>,
  path: string,
): Promise<number> {
  const out = createWriteStream(path);
  for (const day of generateScenarioDays(definition, { from: '2026-03-01', to: '2026-03-31', seed: 1 })) {
    const lines: string[] = [];
    for (let p = 0; p < day.pointCount; p++) {
      for (let i = 0; i < day.intervalCount; i++) {
        const at = p * day.intervalCount + i;
        lines.push(
          `${p},${new Date(day.startUtcMs[i] as number).toISOString()},${day.inValues[at]},${day.outValues[at]}\n`,
        );
      }
    }
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const psql = (command: string) => {
    const result = spawnSync('psql', [ownerUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
  };
  psql(
    'CREATE TABLE bench_copy (point integer, interval_start timestamptz, in_value integer, out_value integer)',
  );
  const started = performance.now();
  psql(`\\copy bench_copy FROM '${path}' WITH (FORMAT csv)`);
  const seconds = (performance.now() - started) / 1000;
  psql('DROP TABLE bench_copy');
  return seconds;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
