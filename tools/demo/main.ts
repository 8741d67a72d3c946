import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

import { ensureDatabase, runMigrations, syncApplicationRolePassword } from '@sdilna/api/data-access-db';
import { EdcPortalStub, scenarioExportSource } from '@sdilna/api/util-edc-portal-stub';
import { DEFAULT_SCENARIO_SEED, scenarioDefinition } from '@sdilna/shared/util-scenarios';

import { MailSink } from './mail-sink';
import { DEMO_EDC, seedDemo } from './seed';
import {
  portAnswers,
  postgresAccepts,
  startEmbeddedPostgres,
  startRedisChild,
  Started,
  stopChild,
} from './services';

// The demo is an orchestrator: it decides the environment its child processes get, so it reads
// process.env directly; the API and worker themselves read only their validated AppConfig.
const env = process.env;
const DATA_ROOT = resolve('.data');
const started: Started[] = [];
const children: ChildProcess[] = [];
let stopping = false;

function say(line: string): void {
  process.stdout.write(`[demo] ${line}\n`);
}

async function findPostgres(): Promise<{ ownerUrl: string; appUrl: string; embedded: boolean }> {
  const given = env['MIGRATION_DATABASE_URL'] ?? env['DATABASE_URL'];
  if (given !== undefined) return { ownerUrl: given, appUrl: env['DATABASE_URL'] ?? given, embedded: false };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAccepts(local)) {
    say('using the PostgreSQL server on 127.0.0.1:5432');
    return {
      ownerUrl: 'postgres://postgres@127.0.0.1:5432/sdilna',
      appUrl: 'postgres://sdilna_app@127.0.0.1:5432/sdilna',
      embedded: false,
    };
  }
  say('no PostgreSQL answers on 127.0.0.1:5432; starting an embedded one');
  const embedded = await startEmbeddedPostgres(DATA_ROOT);
  started.push(embedded.started);
  say(`started ${embedded.started.description}`);
  const app = new URL(embedded.ownerUrl);
  app.username = 'sdilna_app';
  app.password = 'sdilna_app';
  return { ownerUrl: embedded.ownerUrl, appUrl: app.toString(), embedded: true };
}

async function findRedis(): Promise<string> {
  const given = env['REDIS_URL'];
  if (given !== undefined) return given;
  if (await portAnswers('127.0.0.1', 6379)) {
    say('using the Redis server on 127.0.0.1:6379');
    return 'redis://127.0.0.1:6379';
  }
  const child = await startRedisChild(DATA_ROOT);
  if (child === undefined) {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and redis-server is not installed: install it (Debian: apt-get install redis-server) or set REDIS_URL.',
    );
  }
  started.push(child.started);
  say(`started ${child.started.description}`);
  return child.url;
}

function run(label: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer): string =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => `[${label}] ${line}\n`)
      .join('');
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  children.push(child);
  return child;
}

function buildPortal(): Promise<void> {
  return new Promise((done, fail) => {
    const build = spawn('npx', ['nx', 'run', 'portal:build', '--skip-nx-cache=false'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    build.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`portal build failed (exit ${code ?? '?'})`)),
    );
  });
}

async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 500));
  }
  throw new Error(`the API did not report healthy within ${timeoutMs / 1000} s`);
}

async function shutdown(code: number): Promise<void> {
  // Ctrl-C reaches the children too, so their exits during a shutdown are expected, not failures.
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(children.map((child) => stopChild(child)));
  for (const service of started.reverse()) await service.stop().catch(() => undefined);
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const postgres = await findPostgres();
  const redisUrl = await findRedis();
  await ensureDatabase(postgres.ownerUrl);
  const applied = await runMigrations(postgres.ownerUrl);
  say(applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
  await syncApplicationRolePassword(postgres.ownerUrl, postgres.appUrl);

  const mail = new MailSink(resolve(DATA_ROOT, 'mail'));
  const sink = await mail.start();
  started.push(sink.started);
  say(`started ${sink.started.description}`);

  // The EDC portal the demo's connector logs in to: a local stand-in serving the Lomnice scenario's exports.
  const edc = new EdcPortalStub({
    username: DEMO_EDC.username,
    password: DEMO_EDC.password,
    groups: [{ id: DEMO_EDC.sseId, name: 'Lomnice nad Lužnicí – obecní budovy' }],
    exports: scenarioExportSource(
      scenarioDefinition({ name: 'lomnice', seed: DEFAULT_SCENARIO_SEED }),
      DEFAULT_SCENARIO_SEED,
    ),
  });
  edc.behaviour.pollsUntilGenerated = 2;
  await edc.start();
  started.push({ description: `a local EDC portal stub on ${edc.url}`, stop: () => edc.stop() });
  say(`started a local EDC portal stub on ${edc.url} (the connector logs in to it as the real portal)`);

  say('building the portal…');
  await buildPortal();

  const port = env['PORT'] ?? '3000';
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: env['NODE_ENV'] ?? 'development',
    DATABASE_URL: postgres.appUrl,
    MIGRATION_DATABASE_URL: postgres.ownerUrl,
    REDIS_URL: redisUrl,
    PORT: port,
    PUBLIC_URL: env['PUBLIC_URL'] ?? `http://localhost:${port}`,
    PORTAL_DIR: resolve('dist/apps/portal/browser'),
    SMTP_URL: env['SMTP_URL'] ?? sink.url,
    // The connector talks to the stub unless the environment names another portal.
    ...(env['EDC_SSO_URL'] === undefined ? { ...edc.environment(), EDC_REPORT_POLL_MS: '300' } : {}),
  };
  const api = run('api', ['apps/api/src/main.ts'], childEnv);
  const worker = run('worker', ['apps/worker/src/main.ts'], childEnv);
  for (const child of [api, worker]) {
    child.on('exit', (code) => {
      if (stopping) return;
      say(`a service exited (code ${code ?? 'signal'}); stopping the demo`);
      void shutdown(1);
    });
  }
  const url = `http://localhost:${port}`;
  await waitForHealth(url);
  const logins = await seedDemo(url, mail, say);
  say(`Sdílna is up: ${url}  (API docs: ${url}/api/docs)`);
  for (const login of logins) say(`demo login (${login.role}): ${login.email} / ${login.password}`);
  say('press Ctrl-C to stop everything the demo started');
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
