import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

import { pendingMigrations } from '@sdilna/api/data-access-db';
import { liveWorkers, ObservabilityRedis, WORKER_HEARTBEAT_WINDOW_MS } from '@sdilna/api/util-observability';

export interface DependencyHealth {
  up: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: DependencyHealth;
  redis: DependencyHealth;
}

/** Whether this API may take traffic: its dependencies answer, its schema is current and a worker runs jobs. */
export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  database: DependencyHealth;
  redis: DependencyHealth;
  migrations: { up: boolean; pending: string[]; error?: string };
  workers: { up: boolean; live: number; error?: string };
  /** one sentence per failed check, for the person reading the probe */
  problems: string[];
}

const CHECK_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    await Promise.race([check(), timeout]);
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      up: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue('system') private readonly systemQueue: Queue,
    private readonly observability: ObservabilityRedis,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(async () => (await this.systemQueue.client).runCommand('ping', [])),
    ]);
    return { status: database.up && redis.up ? 'ok' : 'degraded', database, redis };
  }

  async ready(): Promise<ReadinessReport> {
    let pending: string[] = [];
    let workers: string[] = [];
    const [database, redis, migrationCheck, workerCheck] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(async () => (await this.systemQueue.client).runCommand('ping', [])),
      probe(async () => (pending = await pendingMigrations(this.dataSource))),
      probe(async () => (workers = await liveWorkers(this.observability.client, this.observability.prefix))),
    ]);
    const migrations = {
      up: migrationCheck.up && pending.length === 0,
      pending,
      ...(migrationCheck.error === undefined ? {} : { error: migrationCheck.error }),
    };
    const workerState = {
      up: workerCheck.up && workers.length > 0,
      live: workers.length,
      ...(workerCheck.error === undefined ? {} : { error: workerCheck.error }),
    };
    const problems = [
      ...(database.up ? [] : [`the database does not answer: ${database.error ?? ''}`]),
      ...(redis.up ? [] : [`Redis does not answer: ${redis.error ?? ''}`]),
      ...(migrations.up
        ? []
        : [
            migrationCheck.up
              ? `migrations not applied: ${pending.join(', ')} (run npm run db:migrate)`
              : `applied migrations could not be read: ${migrationCheck.error ?? ''}`,
          ]),
      ...(workerState.up
        ? []
        : [
            `no worker sent a heartbeat in the last ${WORKER_HEARTBEAT_WINDOW_MS / 1000} s${workerCheck.error === undefined ? '' : `: ${workerCheck.error}`}`,
          ]),
    ];
    return {
      status: problems.length === 0 ? 'ready' : 'not-ready',
      database,
      redis,
      migrations,
      workers: workerState,
      problems,
    };
  }
}
