import 'reflect-metadata';

import { resolve } from 'node:path';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

import { AppConfig, ConfigError, loadConfig } from '@sdilna/api/util-config';

import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  // Validate before Nest starts, so a bad value ends the process with one readable message.
  loadConfig(process.env);
  // rawBody keeps the exact bytes the Stripe webhook signature is computed over.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    // Buffered until the JSON logger is in place, so even start-up lines are structured.
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(Logger));
  const config = app.get(AppConfig);
  configureApp(app, { portalDir: resolve(config.PORTAL_DIR) });
  await app.listen(config.PORT);
  app
    .get(Logger)
    .log(`Sdílna API listening on http://localhost:${config.PORT}/api (docs at /api/docs)`, 'Api');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
