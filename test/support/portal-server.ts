import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule } from '@nestjs/testing';

import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { freePort } from './free-port';
import { startInProcessWorker } from './in-process-worker';
import { MailCatcher } from './mail-catcher';

export const PORTAL_DIR = resolve('dist/apps/portal/browser');

/** The real API serving the built portal on a local port, with the worker in-process and a mail catcher. */
export interface PortalServer {
  readonly url: string;
  readonly app: INestApplication;
  readonly mail: MailCatcher;
  stop(): Promise<void>;
}

export async function startPortalServer(): Promise<PortalServer> {
  if (!existsSync(join(PORTAL_DIR, 'index.html'))) {
    throw new Error(
      `no built portal in ${PORTAL_DIR}: run \`npx nx run portal:build\` first (npm test does)`,
    );
  }
  const mail = new MailCatcher();
  process.env['SMTP_URL'] = await mail.start();
  const scratch = mkdtempSync(join(tmpdir(), 'sdilna-portal-'));
  process.env['UPLOAD_DIR'] = join(scratch, 'uploads');
  process.env['INBOX_DIR'] = join(scratch, 'inbox');

  // The port is chosen first so the links the API mails point at this server (AppConfig reads PUBLIC_URL).
  const port = await freePort();
  process.env['PUBLIC_URL'] = `http://127.0.0.1:${port}`;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  configureApp(app, { portalDir: PORTAL_DIR });
  await app.listen(port, '127.0.0.1');
  const worker: TestingModule = await startInProcessWorker();
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    mail,
    async stop() {
      await worker.close();
      await app.close();
      await mail.stop();
    },
  };
}
