import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';

import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { startMailWorker } from './mail-worker';

/**
 * The real API application (real Postgres, real Redis), configured exactly as main.ts does. Invitations and
 * password resets are mailed by the worker's `mail` queue: the app comes with a consumer of that queue (closed with
 * the app) unless `mailWorker: false`.
 */
export async function createTestApp(options: { mailWorker?: boolean } = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger: ['error', 'warn'],
    rawBody: true,
  });
  configureApp(app);
  await app.init();
  if (options.mailWorker === false) return app;
  const worker = await startMailWorker(app);
  const close = app.close.bind(app);
  app.close = async () => {
    await worker.close();
    await close();
  };
  return app;
}
