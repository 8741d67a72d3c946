import { writeFileSync } from 'node:fs';

import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { SimulationService } from '@sdilna/api/feature-sharing';
import { keyToFile, validateKeyFile } from '@sdilna/shared/domain-allocation';
import type { CommunityType } from '@sdilna/shared/domain-core';
import { scenarioKey } from '@sdilna/shared/util-scenarios';

import { AppModule } from '../apps/api/src/app.module';
import { p3Baseline } from './p3-baseline';
import { syntheticScenario } from './import-support';

/**
 * P3 in rounds against the database `storage.bench.ts` kept (`BENCH_KEEP_DATABASE=1 STORAGE_BENCH_P5=0`):
 * `node -r @swc-node/register bench/p3-rounds.ts <database>` runs the simulation of the stored year (the service
 * in this process, as the bench's in-process API runs it) and the baseline `P3_ROUNDS` times (2), each with the
 * CPU time of the process; `P3_DUMP=file` writes the last answer, to compare answers before and after a change.
 * Not part of `npm run bench` (it needs the kept database).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (name === undefined) throw new Error('usage: p3-rounds.ts <kept storage bench database>');
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: `postgres://sdilna_app@127.0.0.1:5432/${name}`,
    MIGRATION_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    REDIS_URL: 'redis://127.0.0.1:6379/15',
    UPLOAD_DIR: `/tmp/${name}/uploads`,
    INBOX_DIR: `/tmp/${name}/inbox`,
  });
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const owner = new DataSource({ type: 'postgres', url: process.env['MIGRATION_DATABASE_URL'] as string });
  await owner.initialize();
  try {
    const [admin] = (await owner.query(
      `SELECT m.community_id AS c, m.user_id AS u, s.id AS s, c.type AS t
         FROM memberships m JOIN sessions s ON s.user_id = m.user_id
         JOIN communities c ON c.community_id = m.community_id
        WHERE m.role = 'community-admin' AND s.revoked_at IS NULL LIMIT 1`,
    )) as Array<{ c: string; u: string; s: string; t: CommunityType }>;
    if (admin === undefined) throw new Error(`${name} has no community administrator with a session`);
    const key = scenarioKey(syntheticScenario(1000));
    const other = keyToFile({
      ...key,
      allocations: key.allocations.map((allocation) => ({
        ...allocation,
        basisPoints: Math.floor(allocation.basisPoints * 0.9),
      })),
    });
    const checked = validateKeyFile(other, { maxProducersPerConsumer: 1000 });
    if (checked.key === undefined) throw new Error('the simulated key is not valid');
    const days: string[] = [];
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t <= Date.parse('2025-12-31T00:00:00Z'); t += 86_400_000)
      days.push(new Date(t).toISOString().slice(0, 10));
    const simulations = app.get(SimulationService);
    const principal = {
      userId: admin.u,
      sessionId: admin.s,
      email: 'bench@sdilna.example',
      platformAdmin: false,
    };
    const cpuS = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1e6).toFixed(2);
    for (let round = 0; round < Number(process.env['P3_ROUNDS'] ?? 2); round++) {
      let cpu = process.cpuUsage();
      let started = performance.now();
      const request = { from: '2025-01-01', to: '2025-12-31', key: other } as unknown as Parameters<
        SimulationService['simulate']
      >[2];
      const result = await simulations.simulate(principal, admin.c, request);
      const simulationS = (performance.now() - started) / 1000;
      const simulationCpu = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      started = performance.now();
      const bare = await p3Baseline({
        db: app.get(TenantDatabase),
        communityId: admin.c,
        communityType: admin.t,
        days,
        simulatedKey: checked.key,
      });
      const bareCpu = process.cpuUsage(cpu);
      const bareS = bare.readS + bare.engineS;
      console.log(
        `# round ${round + 1}: simulation ${simulationS.toFixed(2)} s (CPU ${cpuS(simulationCpu)} s), baseline ${bareS.toFixed(2)} s = read ${bare.readS.toFixed(2)} s + engine ${bare.engineS.toFixed(2)} s (CPU ${cpuS(bareCpu)} s), ratio ${(simulationS / bareS).toFixed(2)}x; change ${result.changeKwh} kWh`,
      );
      const dump = process.env['P3_DUMP'];
      if (dump !== undefined) writeFileSync(dump, JSON.stringify(result));
    }
  } finally {
    await owner.destroy();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
