import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';

import { AccessTokenVerifier } from '@sdilna/api/feature-auth';
import { SHARING_HOT_READS, type SharingHotRead, SharingService } from '@sdilna/api/feature-sharing';
import type { SessionClaims } from '@sdilna/api/util-auth';
import {
  ApiExceptionFilter,
  BoundedMemo,
  createValidationPipe,
  findUnsafeText,
  HostileInputException,
} from '@sdilna/api/util-http';
import { MetricsService, requestIdOf, requestLogProps } from '@sdilna/api/util-observability';
import { IdParamPipe } from '@sdilna/api/util-registry';

/** What the completion line of a lane answer carries besides pino-http's fields: which path answered. */
export const HOT_READ_LANE = 'hot-read';

/** `/api/communities/<uuid>/sharing[/groups][?query]`, exactly: every other spelling goes to Express. */
const HOT_PATH =
  /^\/api\/communities\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/(sharing|sharing\/groups)(?:\?(.*))?$/s;

/** Query strings whose DTO is remembered, over both routes: the portal sends a few per community and month. */
export const QUERIES_KEPT = 500;

type LaneRequest = IncomingMessage & { id?: string; claims?: SessionClaims };
type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The hot-read lane (issue 19 item 5, P5): a `request` listener in front of Express on the API's HTTP server that
 * answers the member monthly summary and the administrator's group overview
 * (`GET /api/communities/:communityId/sharing` and `.../sharing/groups`) and hands every other request, and every
 * request to those paths it does not take exactly (HEAD, a body, another spelling), to Express unchanged.
 *
 * It is not a second implementation of the two routes: each step is the code the Nest route runs, in the route's
 * order: the unsafe-text check of the query (UnsafeTextMiddleware's), the token decision of the global guard
 * (`AccessTokenVerifier.claimsForRoute`), the id pipe of `:communityId`, the global validation pipe with the route's
 * query DTO, then the very service method the controller calls (`SHARING_HOT_READS`), whose one statement checks
 * the session, binds itself to the tenant for row-level security and returns the caller's row for
 * `CommunityAccess.fromRow`. Errors are answered by the API's exception filter (`ApiExceptionFilter.answer`), the
 * answer carries Express's ETag (and 304 on If-None-Match), the request is timed in the same histogram under
 * the route's pattern and logged as one pino-http completion line with the request id, community and user, plus
 * `lane: "hot-read"`.
 *
 * What it leaves out is the framework's per-request work: Express's app and router, the body parsers, the
 * middlewares' closures, pino-http's child loggers, Nest's route matching, guard and interceptor chain.
 */
export class HotReadLane {
  private readonly reads = new Map(SHARING_HOT_READS.map((read) => [read.path, read]));
  private readonly pipe = createValidationPipe();
  private readonly ids = new IdParamPipe();
  private readonly filter = new ApiExceptionFilter();
  /**
   * The query DTO of each route and raw query string that passed the unsafe-text check and the validation pipe.
   * Both are pure functions of the string (node:querystring's parse, class-transformer, class-validator, the
   * rules of the DTO: no clock, no database), so a string that passed once passes again with the same DTO; a
   * remembered one skips them. Refused strings are not remembered: they go through both every time and are
   * refused by the same code with the same error. DTOs are frozen, as one object serves many requests.
   */
  private readonly queries = new BoundedMemo<object>(QUERIES_KEPT);
  /** the child of the API's logger that writes the lane's lines below 500 (`unredacted`) */
  private quiet: { readonly of: Logger; readonly child: Logger } | undefined;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly sharing: SharingService,
    private readonly metrics: MetricsService,
    /** Express's ETag function (`app.get('etag fn')`), so both paths tag the same bytes the same way */
    private readonly etagOf: ((body: string, encoding: BufferEncoding) => string) | undefined,
  ) {}

  /** Takes the request and answers it (true), or leaves it untouched for Express (false). */
  take(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'GET' || hasBody(request)) return false;
    const match = HOT_PATH.exec(request.url ?? '');
    if (match === null) return false;
    const read = this.reads.get(match[2] as SharingHotRead['path']);
    if (read === undefined) return false;
    const stop = this.metrics.startHttpTimer();
    const started = Date.now();
    const lane = request as LaneRequest;
    lane.id = requestIdOf(request, response);
    void this.answer(lane, response, read, match[1] as string, match[3] ?? '')
      .catch((error: unknown) => {
        // Only a fault of the answer itself (the filter and `send` handle every error of the read): end it as a 500.
        this.filter.answer(error);
        if (!response.headersSent) response.statusCode = 500;
        response.end();
        return true;
      })
      .then((routed) => {
        stop({
          method: 'GET',
          route: routed ? `/api/communities/:communityId/${read.path}` : 'unmatched',
          statusCode: response.statusCode,
        });
        this.log(lane, response, Date.now() - started);
      });
    return true;
  }

  /** Answers the request; false when it was refused before Express would have matched a route (unsafe text). */
  private async answer(
    request: LaneRequest,
    response: ServerResponse,
    read: SharingHotRead,
    communityParam: string,
    search: string,
  ): Promise<boolean> {
    let routed = true;
    try {
      const queryKey = `${read.path}?${search}`;
      const remembered = this.queries.get(queryKey);
      // Express 5's default ("simple") query parser is node:querystring's.
      const query = remembered === undefined ? parseQuery(search) : undefined;
      // UnsafeTextMiddleware's check runs before Express's router assigns the route.
      const unsafe = query === undefined ? undefined : findUnsafeText(query, 'query');
      if (unsafe !== undefined) {
        routed = false;
        throw new HostileInputException('INPUT_CHARACTER_INVALID', `${unsafe.field} ${unsafe.problem}`, {
          field: unsafe.field,
        });
      }
      const caller = await this.verifier.claimsForRoute(request.headers.authorization, {
        enrollmentRoute: false,
      });
      request.claims = caller;
      const communityId = this.ids.transform(communityParam);
      const dto = remembered ?? (await this.validQuery(queryKey, query, read));
      this.send(request, response, 200, await read.read(this.sharing, caller, communityId, dto));
    } catch (error) {
      const { status, body } = this.filter.answer(error);
      this.send(request, response, status, body);
    }
    return routed;
  }

  /** The global validation pipe with the route's DTO; the DTO is remembered once it passed. */
  private async validQuery(key: string, query: unknown, read: SharingHotRead): Promise<object> {
    const dto = (await this.pipe.transform(query, {
      type: 'query',
      metatype: read.query,
      data: undefined,
    })) as object;
    this.queries.set(key, Object.freeze(dto));
    return dto;
  }

  /** `res.json` as Express writes it: content type, length, weak ETag, 304 when the caller's copy is fresh. */
  private send(request: IncomingMessage, response: ServerResponse, status: number, body: unknown): void {
    if (response.headersSent) return;
    const text = JSON.stringify(body);
    const etag = this.etagOf?.(text, 'utf8');
    if (etag !== undefined) response.setHeader('ETag', etag);
    if (etag !== undefined && status >= 200 && status < 300 && fresh(request, etag)) {
      response.statusCode = 304;
      response.end();
      return;
    }
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
    response.end(text);
  }

  /**
   * pino-http's completion line, through the same logger, serializers and custom properties. Lines below 500 go
   * through a child of that logger without its redaction paths (`unredacted`); a 500 line carries `err` and goes
   * through the logger itself.
   */
  private log(request: LaneRequest, response: ServerResponse, responseTime: number): void {
    const logger = PinoLogger.root;
    if (logger === undefined) return;
    const line = {
      req: request,
      ...requestLogProps(request),
      res: response,
      responseTime,
      lane: HOT_READ_LANE,
    };
    if (response.statusCode >= 500) {
      logger.error(
        { ...line, err: new Error(`failed with status code ${response.statusCode}`) },
        'request errored',
      );
    } else {
      this.unredacted(logger).info(line, 'request completed');
    }
  }

  /**
   * The API's logger without redaction, for the lane's own completion lines. Redaction walks every key of every
   * line for the paths of docs/operations.md (two thirds of the line's cost, measured); this line has nothing
   * for it to find: `req` and `res` pass the logger's serializers (inherited), which keep only the request id,
   * method, URL (secret query values cleaned by `redactUrl`) and status, never headers; the other fields are the
   * community and user ids, the duration and the lane. Anything else, and `err`, goes through the logger itself.
   */
  private unredacted(logger: Logger): Logger {
    if (this.quiet?.of !== logger) this.quiet = { of: logger, child: logger.child({}, { redact: [] }) };
    return this.quiet.child;
  }
}

/**
 * Puts the lane in front of Express on the application's HTTP server (configureApp: main.ts and the end-to-end
 * tests alike). The server exists once Nest has created the application; Express stays its only other listener.
 */
export function installHotReadLane(app: NestExpressApplication): HotReadLane {
  const server = app.getHttpServer() as Server;
  const express = server.listeners('request') as RequestListener[];
  const etagFn = (app.getHttpAdapter().getInstance() as { get(setting: string): unknown }).get('etag fn');
  const lane = new HotReadLane(
    app.get(AccessTokenVerifier),
    app.get(SharingService),
    app.get(MetricsService),
    typeof etagFn === 'function' ? (etagFn as (body: string, encoding: BufferEncoding) => string) : undefined,
  );
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (lane.take(request, response)) return;
    for (const listener of express) listener.call(server, request, response);
  });
  return lane;
}

/** A request with a body goes to Express, whose middlewares read and check bodies. */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;

/**
 * Express's `req.fresh` for an answer with an ETag and no Last-Modified (the rules of `fresh`, which Express uses):
 * If-None-Match decides when given (`*` or this ETag, weakly compared); an If-Modified-Since alone cannot hold
 * without a Last-Modified; `Cache-Control: no-cache` is never fresh.
 */
function fresh(request: IncomingMessage, etag: string): boolean {
  const noneMatch = request.headers['if-none-match'];
  const modifiedSince = request.headers['if-modified-since'];
  if (!noneMatch && !modifiedSince) return false;
  const cacheControl = request.headers['cache-control'];
  if (cacheControl && NO_CACHE.test(cacheControl)) return false;
  if (!noneMatch) return false;
  if (noneMatch === '*') return true;
  return noneMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === etag || tag === `W/${etag}` || `W/${tag}` === etag);
}
