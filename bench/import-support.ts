import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';

import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { dropDatabase, ensureDatabase, runMigrations } from '@sdilna/api/data-access-db';
import { encodeText, writeEdcStandardExport } from '@sdilna/shared/domain-edc';
import {
  generateScenarioDays,
  scenarioDefinition,
  scenarioKey,
  scenarioPoints,
  type ScenarioDefinition,
} from '@sdilna/shared/util-scenarios';

import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/configure-app';

/**
 * What the import benchmarks share: a database of their own (created and migrated like the test tiers do, dropped
 * at the end), a Redis database of their own, the real API in this process and the real worker as a child process.
 */
export interface BenchEnv {
  readonly NODE_ENV: string;
  /** info, as in production: every answer writes its log line, and the processes' ready lines are what the bench waits for */
  readonly LOG_LEVEL: string;
  readonly DATABASE_URL: string;
  readonly MIGRATION_DATABASE_URL: string;
  readonly REDIS_URL: string;
  readonly UPLOAD_DIR: string;
  readonly INBOX_DIR: string;
}

export interface BenchEnvironment {
  readonly env: BenchEnv;
  readonly owner: DataSource;
  readonly drop: () => Promise<void>;
}

export async function benchEnvironment(label: string): Promise<BenchEnvironment> {
  const name = `sdilna_bench_${label}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const owner = new URL(
    process.env['TEST_POSTGRES_OWNER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  owner.pathname = `/${name}`;
  const app = new URL(owner.toString());
  app.username = 'sdilna_app';
  app.password = '';
  const redis = new URL(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  redis.pathname = '/15';
  const root = `/tmp/${name}`;
  const env: BenchEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: app.toString(),
    MIGRATION_DATABASE_URL: owner.toString(),
    REDIS_URL: redis.toString(),
    UPLOAD_DIR: `${root}/uploads`,
    INBOX_DIR: `${root}/inbox`,
  };
  await ensureDatabase(env.MIGRATION_DATABASE_URL);
  await runMigrations(env.MIGRATION_DATABASE_URL);
  Object.assign(process.env, env);
  const ownerSource = new DataSource({
    type: 'postgres',
    url: env.MIGRATION_DATABASE_URL,
    logging: ['error'],
  });
  await ownerSource.initialize();
  const { Redis } = await import('ioredis');
  const client = new Redis(env.REDIS_URL);
  await client.flushdb();
  await client.quit();
  return {
    env,
    owner: ownerSource,
    drop: async () => {
      await ownerSource.destroy();
      // For a look at the data afterwards (EXPLAIN, profiling): keep the database and say its name.
      if (process.env['BENCH_KEEP_DATABASE'] === '1') {
        console.log(`# kept database ${name}`);
        return;
      }
      await dropDatabase(env.MIGRATION_DATABASE_URL);
    },
  };
}

export async function startApi(): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error'] });
  configureApp(app);
  await app.listen(0);
  return { app, url: await app.getUrl() };
}

export function startWorker(env: BenchEnv): { child: ChildProcess; started: Promise<void> } {
  return startProcess('apps/worker/src/main.ts', env, 'Sdílna worker started');
}

/**
 * The API as it runs in production, a process of its own (P5 measures "the running API": its heap holds only what
 * serving needs, not the bench's generated data).
 */
export function startApiProcess(
  env: BenchEnv,
  port: number,
): { child: ChildProcess; started: Promise<void>; url: string } {
  return {
    ...startProcess('apps/api/src/main.ts', { ...env, PORT: String(port) }, 'Sdílna API listening'),
    url: `http://127.0.0.1:${port}`,
  };
}

/** Characters of a child's output kept for its error message. */
const OUTPUT_KEPT = 16_384;

function startProcess(
  entry: string,
  env: BenchEnv & { PORT?: string },
  readyText: string,
): { child: ChildProcess; started: Promise<void> } {
  // BENCH_NODE_FLAGS: extra node flags for the API and worker processes, e.g. `--prof` to see where their time goes.
  const flags = (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
  const child = spawn(process.execPath, [...flags, '-r', '@swc-node/register', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only the last lines are kept (for the message should the process end): the API logs every answer, and a
  // string growing by every line, searched whole on every chunk, cost the bench's own process more CPU per
  // answer under P5 load than the API spent answering (quadratic), on the same two cores.
  let output = '';
  let ready = false;
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
      if (!ready && output.includes(readyText)) {
        ready = true;
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${output}`)));
  });
  return { child, started };
}

/** Peak resident set size of a process (VmHWM), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export interface BenchCommunity {
  readonly communityId: string;
  readonly groupId: string;
  readonly token: string;
  readonly userId: string;
  /** EAN → metering point id, member id */
  readonly points: Map<string, { id: string; memberId: string }>;
}

/** Signs an administrator up through the API, then registers the scenario's points and key with plain SQL (fast). */
export async function registerScenario(
  url: string,
  owner: DataSource,
  definition: ScenarioDefinition,
): Promise<BenchCommunity> {
  const response = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomBytes(4).toString('hex')}@bench.sdilna.example`,
      password: 'correct horse battery staple',
      name: 'Bench',
      community: { name: 'Bench community', type: 'energy-community' },
    }),
  });
  if (response.status !== 201) throw new Error(`signup: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as {
    accessToken: string;
    user: { id: string };
    community: { id: string; defaultSharingGroupId: string };
  };
  const communityId = body.community.id;
  const groupId = body.community.defaultSharingGroupId;
  const points = scenarioPoints(definition);
  const members: Array<{ id: string }> = await owner.query(
    `INSERT INTO members (community_id, kind, name, joined_on)
     SELECT $1, 'household', 'Member ' || g, '2026-01-01' FROM generate_series(1, $2) g RETURNING id`,
    [communityId, points.length],
  );
  const rows: Array<{ id: string; ean: string; member_id: string }> = await owner.query(
    `INSERT INTO metering_points (community_id, ean, role, member_id, sharing_group_id, valid_from)
     SELECT $1, u.ean, u.role, u.member, $2, '2025-01-01'
       FROM unnest($3::text[], $4::text[], $5::uuid[]) AS u(ean, role, member)
     RETURNING id, ean, member_id`,
    [communityId, groupId, points.map((p) => p.ean), points.map((p) => p.role), members.map((m) => m.id)],
  );
  const key = scenarioKey(definition);
  const [version] = (await owner.query(
    `INSERT INTO allocation_keys (community_id, sharing_group_id, valid_from, method)
     VALUES ($1, $2, '2025-01-01', $3) RETURNING id`,
    [communityId, groupId, key.method],
  )) as Array<{ id: string }>;
  // A static-iterative key is what a group that asked EDC for iteration registers (the API requires the record).
  if (key.method === 'static-iterative')
    await owner.query(
      `INSERT INTO sharing_group_iteration_periods (community_id, sharing_group_id, valid_from, requested)
       VALUES ($1, $2, '2025-01-01', true)`,
      [communityId, groupId],
    );
  await owner.query(
    `INSERT INTO allocation_key_pairs (community_id, key_id, producer_point_id, consumer_point_id, basis_points, priority)
     SELECT $1, $2, pp.id, cp.id, u.bp, u.pr
       FROM unnest($3::text[], $4::text[], $5::int4[], $6::int2[]) AS u(producer, consumer, bp, pr)
       JOIN metering_points pp ON pp.community_id = $1 AND pp.ean = u.producer
       JOIN metering_points cp ON cp.community_id = $1 AND cp.ean = u.consumer`,
    [
      communityId,
      version?.id,
      key.allocations.map((a) => a.producer),
      key.allocations.map((a) => a.consumer),
      key.allocations.map((a) => a.basisPoints),
      key.allocations.map((a) => a.priority),
    ],
  );
  return {
    communityId,
    groupId,
    token: body.accessToken,
    userId: body.user.id,
    points: new Map(rows.map((row) => [row.ean, { id: row.id, memberId: row.member_id }])),
  };
}

export function syntheticScenario(eans = 1000): ScenarioDefinition {
  return scenarioDefinition({ name: 'synthetic', eans, seed: 1 });
}

/** Writes the scenario's standard export of [from, to] to a file; returns its size in bytes. */
export async function writeScenarioFile(
  definition: ScenarioDefinition,
  from: string,
  to: string,
  path: string,
): Promise<number> {
  const out = createWriteStream(path);
  let size = 0;
  for await (const chunk of encodeText(
    writeEdcStandardExport(
      scenarioPoints(definition),
      generateScenarioDays(definition, { from, to, seed: 1 }),
    ),
  )) {
    size += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return size;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function line(
  name: string,
  value: number,
  unit: string,
  baseline: number,
  baselineLabel: string,
): string {
  const ratio = baseline === 0 ? Number.NaN : value / baseline;
  return `${name}: ${value.toFixed(2)} ${unit} (baseline: ${baselineLabel} ${baseline.toFixed(2)} ${unit}, ratio: ${ratio.toFixed(2)}x)`;
}
