export { readJobRunTotals, recordJobRun, type JobOutcome, type JobRunTotals } from './job-metrics';
export { communityIdOfUrl, REDACTED_LOG_PATHS, redactUrl } from './log-redaction';
export { LoggingModule, requestIdOf, requestLogProps } from './logging.module';
export { MetricsService } from './metrics.service';
export { ObservabilityModule, WorkerObservabilityModule } from './observability.module';
export { ObservabilityRedis } from './observability-redis';
export { liveWorkers, WORKER_HEARTBEAT_WINDOW_MS } from './worker-heartbeat';
export { WorkerSignals } from './worker-heartbeat.service';
