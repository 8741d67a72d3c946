import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { serviceModule } from '@sdilna/test-support/service-module';
import { HealthModule } from './health.module';
import { HealthService } from './health.service';

describe('HealthService (service tier)', () => {
  let moduleRef: TestingModule;
  let health: HealthService;

  beforeAll(async () => {
    moduleRef = await serviceModule(HealthModule);
    health = moduleRef.get(HealthService);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('is ok when PostgreSQL and Redis answer, with a latency for each', async () => {
    const report = await health.check();
    expect(report.status).toBe('ok');
    expect(report.database.up).toBe(true);
    expect(report.redis.up).toBe(true);
    expect(report.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('is not ready without a worker heartbeat (the integration tier runs none) and names only that problem', async () => {
    const report = await health.ready();
    expect(report.migrations).toEqual({ up: true, pending: [] });
    expect(report.workers.up).toBe(false);
    expect(report.status).toBe('not-ready');
    expect(report.problems).toEqual([expect.stringMatching(/^no worker sent a heartbeat/)]);
  });
});
