import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { JobProducer, QUEUE_NAMES } from '@sdilna/api/util-jobs';

import { readJobRunTotals } from './job-metrics';
import { ObservabilityRedis } from './observability-redis';
import { liveWorkers } from './worker-heartbeat';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

interface PoolCounts {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/**
 * The Prometheus registry of one API process: HTTP latency per route pattern, queue depth per queue and state,
 * job runs and run time per queue and job (all workers, from Redis), live workers, and the database pool.
 * A registry of its own (not prom-client's global one), so several applications in one process stay apart.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly jobRuns: Counter<'queue' | 'job' | 'outcome'>;
  private readonly jobSeconds: Counter<'queue' | 'job'>;

  constructor(
    producer: JobProducer,
    private readonly redis: ObservabilityRedis,
    dataSource: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP answers by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    new Gauge({
      name: 'sdilna_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of QUEUE_NAMES) {
          const counts = await producer.queue(queue).getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    this.jobRuns = new Counter({
      name: 'sdilna_job_runs_total',
      help: 'Finished job runs of all workers by queue, job and outcome (imports and settlements included)',
      labelNames: ['queue', 'job', 'outcome'],
      registers: [this.registry],
    });
    this.jobSeconds = new Counter({
      name: 'sdilna_job_run_seconds_total',
      help: 'Time spent running jobs, all workers, by queue and job (divide by runs for the mean)',
      labelNames: ['queue', 'job'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'sdilna_workers_live',
      help: 'Worker processes that sent a heartbeat recently',
      registers: [this.registry],
      async collect() {
        this.set((await liveWorkers(redis.client, redis.prefix)).length);
      },
    });
    new Gauge({
      name: 'sdilna_db_pool_connections',
      help: 'Connections of this process to PostgreSQL by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master ?? {};
        this.set({ state: 'total' }, pool.totalCount ?? 0);
        this.set({ state: 'idle' }, pool.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool.waitingCount ?? 0);
      },
    });
  }

  /** The text Prometheus scrapes; job counters are read from Redis first, as every worker writes them there. */
  async render(): Promise<string> {
    const totals = await readJobRunTotals(this.redis.client, this.redis.prefix);
    this.jobRuns.reset();
    this.jobSeconds.reset();
    for (const total of totals) {
      const labels = { queue: total.queue, job: total.job };
      this.jobSeconds.inc(labels, total.seconds);
      if (total.completed > 0) this.jobRuns.inc({ ...labels, outcome: 'completed' }, total.completed);
      if (total.failed > 0) this.jobRuns.inc({ ...labels, outcome: 'failed' }, total.failed);
    }
    return this.registry.metrics();
  }

  /**
   * Times one answer given outside Express (the API's hot-read lane): call the result once the answer is sent,
   * with the route pattern Express would have labelled it with.
   */
  startHttpTimer(): (labels: { method: string; route: string; statusCode: number }) => void {
    const stop = this.httpDuration.startTimer();
    return ({ method, route, statusCode }) => {
      stop({ method, route, status_code: String(statusCode) });
    };
  }

  /** Express middleware timing every answer; the label is the route pattern, never the raw URL (ids would explode it). */
  httpMiddleware(): (request: Request, response: Response, next: NextFunction) => void {
    return (request, response, next) => {
      const stop = this.httpDuration.startTimer();
      response.once('finish', () => {
        stop({
          method: request.method,
          route: routeLabel(request),
          status_code: String(response.statusCode),
        });
      });
      next();
    };
  }
}

function routeLabel(request: Request): string {
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return pattern;
  return request.originalUrl.startsWith('/api') || request.originalUrl.startsWith('/metrics')
    ? 'unmatched'
    : 'portal';
}
