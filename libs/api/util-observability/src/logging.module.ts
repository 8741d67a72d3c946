import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';

import { AppConfig } from '@sdilna/api/util-config';

import { communityIdOfUrl, REDACTED_LOG_PATHS, redactUrl } from './log-redaction';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

type LoggedRequest = IncomingMessage & {
  id?: unknown;
  originalUrl?: string;
  user?: { userId?: string };
  claims?: { userId?: string };
};

/** A caller's request id is kept when it looks like one (so a proxy's id follows the request); otherwise a new UUID. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('x-request-id', id);
  return id;
}

function urlOf(request: LoggedRequest): string {
  return request.originalUrl ?? request.url ?? '';
}

/** The community and user of a request's completion line (the user once the guard or the lane verified them). */
export function requestLogProps(request: IncomingMessage): { communityId?: string; userId?: string } {
  const logged = request as LoggedRequest;
  const communityId = communityIdOfUrl(urlOf(logged));
  const userId = logged.user?.userId ?? logged.claims?.userId;
  return {
    ...(communityId === undefined ? {} : { communityId }),
    ...(userId === undefined ? {} : { userId }),
  };
}

/**
 * Structured JSON logs for the API and the worker (pino through nestjs-pino): every line of a request carries its
 * request id, and its completion line the community and user; secrets and personal data never reach a line.
 * Nest's own `Logger` calls land here too once the application uses this logger.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: { destination?: DestinationStream } = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const httpOptions: PinoHttpOptions = {
              level: config.logLevel,
              base: { service: 'sdilna' },
              redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
              genReqId: requestIdOf,
              // Health probes and metric scrapes come every few seconds and say nothing about users.
              autoLogging: {
                ignore: (request: IncomingMessage) =>
                  (request.url ?? '').startsWith('/api/health') || (request.url ?? '').startsWith('/metrics'),
              },
              customProps: requestLogProps,
              serializers: {
                req: (request: LoggedRequest) => ({
                  id: request.id,
                  method: request.method,
                  url: redactUrl(urlOf(request)),
                }),
                res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
              },
            };
            return {
              pinoHttp: options.destination === undefined ? httpOptions : [httpOptions, options.destination],
            };
          },
        }),
      ],
    };
  }
}
