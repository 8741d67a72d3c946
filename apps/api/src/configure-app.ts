import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

import { AppConfig } from '@sdilna/api/util-config';
import { createValidationPipe, jsonBodyParser } from '@sdilna/api/util-http';
import { MetricsService } from '@sdilna/api/util-observability';

import { installHotReadLane } from './hot-read-lane';

/** Everything main.ts and the end-to-end tests share, so tests exercise the app exactly as it runs. */
export function configureApp(
  app: NestExpressApplication,
  options: { portalDir?: string } = {},
): NestExpressApplication {
  // The two reads of every page load are answered in front of Express, by the same code (hot-read-lane.ts).
  installHotReadLane(app);
  // Every answer is timed, the portal's files and refused requests included.
  app.use(app.get(MetricsService).httpMiddleware());
  // Registered before Nest's own parsers, so Nest finds a JSON parser in place and does not add its default one.
  app.use(jsonBodyParser());
  // Prometheus scrapes /metrics on the API port, outside the API's own prefix.
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // X-Forwarded-For is believed only from the proxies the operator names; otherwise any caller could choose the
  // address the sign-in limits count (issue 16).
  const proxies = app.get(AppConfig).trustedProxies;
  app.set('trust proxy', proxies.length > 0 ? proxies : false);

  const openApi = new DocumentBuilder()
    .setTitle('Sdílna API')
    .setDescription(
      'Energy communities: registry, EDC imports, sharing, settlement. Contract: docs/contract.md.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  const portalDir = options.portalDir;
  if (portalDir !== undefined && existsSync(join(portalDir, 'index.html'))) {
    app.useStaticAssets(portalDir, { index: false, maxAge: '1h' });
    // The portal routes in the browser: any non-API GET that is not a file gets index.html.
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || request.path.startsWith('/api') || request.path === '/metrics')
        return next();
      response.sendFile(join(portalDir, 'index.html'));
    });
  }
  return app;
}
