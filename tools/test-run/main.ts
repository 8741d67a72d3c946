import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';

import {
  portAnswers,
  postgresAccepts,
  startEmbeddedPostgres,
  startRedisChild,
  type Started,
} from '../demo/services';
import { findChromium } from './browser-path';

// `npm test` on any machine: it uses the PostgreSQL, Redis and Chromium it finds, starts an embedded PostgreSQL
// and a redis-server child where none answers, and stops at once with one line where something cannot be had.
// Like the demo it is an orchestrator that decides its children's environment, so it reads process.env.
const env = process.env;
const DATA_ROOT = resolve('.data', 'test');
// Ports of their own, so a running demo (54329, 63790) and a test run never meet.
const EMBEDDED_POSTGRES_PORT = 54330;
const CHILD_REDIS_PORT = 63791;
const started: Started[] = [];

function say(line: string): void {
  process.stdout.write(`[test] ${line}\n`);
}

class Unavailable extends Error {}

async function providePostgres(): Promise<Record<string, string>> {
  if (env['TEST_POSTGRES_OWNER_URL'] !== undefined) return {};
  if (await postgresAccepts('postgres://postgres@127.0.0.1:5432/postgres')) return {};
  say('no PostgreSQL answers on 127.0.0.1:5432; starting an embedded one');
  const embedded = await startEmbeddedPostgres(DATA_ROOT, EMBEDDED_POSTGRES_PORT);
  started.push(embedded.started);
  say(`started ${embedded.started.description}`);
  // The embedded server asks for passwords; the application role gets one when the run's database is migrated.
  return { TEST_POSTGRES_OWNER_URL: embedded.ownerUrl, TEST_APP_PASSWORD: 'sdilna_app' };
}

async function provideRedis(): Promise<Record<string, string>> {
  if (env['TEST_REDIS_URL'] !== undefined) return {};
  if (await portAnswers('127.0.0.1', 6379)) return {};
  const child = await startRedisChild(DATA_ROOT, CHILD_REDIS_PORT);
  if (child === undefined) {
    throw new Unavailable(
      'npm test needs Redis: none answers on 127.0.0.1:6379 and redis-server is not installed (Debian: apt-get install redis-server), or set TEST_REDIS_URL',
    );
  }
  started.push(child.started);
  say(`started ${child.started.description}`);
  return { TEST_REDIS_URL: child.url };
}

function run(command: string, args: readonly string[], childEnv: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { env: childEnv, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  const browser = findChromium(env['CHROMIUM_PATH']);
  if ('problem' in browser) throw new Unavailable(browser.problem);
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    CHROMIUM_PATH: browser.path,
    ...(await providePostgres()),
    ...(await provideRedis()),
  };
  const steps: [string, string[]][] = [
    ['npm', ['run', 'build:portal', '--silent']],
    ['npx', ['nx', 'run', 'portal:test', '--skip-nx-cache']],
  ];
  for (const [command, args] of steps) {
    const code = await run(command, args, childEnv);
    if (code !== 0) return code;
  }
  const filters = process.argv.slice(2);
  // With arguments (a file, a project, a name filter) it is one plain Vitest run, as before.
  if (filters.length > 0) return run('npx', ['vitest', 'run', ...filters], childEnv);
  // The whole suite: unit and integration with coverage and its floors per library type (vitest.config.ts), then
  // end-to-end without coverage (it would double the tier's time and hide which tier tests what). The summary
  // reporter adds both runs up, so the last line counts every test of the run.
  const summary = resolve(DATA_ROOT, 'summary.json');
  await rm(summary, { force: true });
  const summaryEnv = { ...childEnv, TEST_SUMMARY_FILE: summary };
  const covered = await run(
    'npx',
    ['vitest', 'run', '--project', 'unit', '--project', 'integration', '--coverage.enabled'],
    { ...summaryEnv, TEST_SUMMARY_PARTIAL: '1' },
  );
  if (covered !== 0) say('unit or integration tests failed, or a coverage floor was missed (see above)');
  const endToEnd = await run('npx', ['vitest', 'run', '--project', 'e2e'], summaryEnv);
  return covered !== 0 ? covered : endToEnd;
}

async function stopServices(): Promise<void> {
  for (const service of started.reverse()) await service.stop().catch(() => undefined);
}

main()
  .then(async (code) => {
    await stopServices();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(
      `[test] ${error instanceof Unavailable ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopServices();
    process.exit(error instanceof Unavailable ? 2 : 1);
  });
