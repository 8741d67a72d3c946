import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { ConfigError, loadConfig } from '@sdilna/api/util-config';

import { WorkerModule } from './worker.module';

/** The worker has no HTTP: a Nest application context that consumes the BullMQ queues. */
async function bootstrap(): Promise<void> {
  loadConfig(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  new Logger('Worker').log('Sdílna worker started');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
