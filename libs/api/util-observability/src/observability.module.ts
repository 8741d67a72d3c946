import { Global, Module } from '@nestjs/common';

import { MetricsService } from './metrics.service';
import { ObservabilityRedis } from './observability-redis';
import { WorkerSignals } from './worker-heartbeat.service';

/** The API's side: metrics registry and the connection readiness reads worker heartbeats with. */
@Global()
@Module({ providers: [ObservabilityRedis, MetricsService], exports: [ObservabilityRedis, MetricsService] })
export class ObservabilityModule {}

/** The worker's side: heartbeats and job run records. */
@Module({ providers: [ObservabilityRedis, WorkerSignals], exports: [WorkerSignals] })
export class WorkerObservabilityModule {}
