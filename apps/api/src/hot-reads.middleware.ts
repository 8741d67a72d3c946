import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { AccessTokenVerifier } from '@sdilna/api/feature-auth';
import { SharingService } from '@sdilna/api/feature-sharing';
import type { SessionClaims } from '@sdilna/api/util-auth';
import { isLocalDate } from '@sdilna/api/util-registry';
import { labelMetricsRoute } from '@sdilna/api/util-observability';
import { eanProblem } from '@sdilna/shared/domain-core';
import { GRANULARITIES, SHARING_SOURCES } from '@sdilna/shared/util-api-contract';

/** The two routes, as the metrics label them (Express's pattern of the Nest route). */
export const HOT_READ_ROUTES = {
  sharing: '/api/communities/:communityId/sharing',
  groups: '/api/communities/:communityId/sharing/groups',
} as const;

const PATH =
  /^\/api\/communities\/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\/sharing(\/groups)?$/;

type Query = Readonly<Record<string, string>>;

/** Each query field the route's DTO accepts, with the DTO's own rule (SharingQueryDto, SharingGroupsQueryDto). */
const FIELD_RULES: Readonly<Record<string, (value: string) => boolean>> = {
  from: isLocalDate,
  to: isLocalDate,
  granularity: (value) => (GRANULARITIES as readonly string[]).includes(value),
  ean: (value) => eanProblem(value) === undefined,
  source: (value) => (SHARING_SOURCES as readonly string[]).includes(value),
};
const FIELDS = {
  sharing: ['from', 'to', 'granularity', 'ean', 'source'],
  groups: ['from', 'to', 'source'],
} as const;

/**
 * The query when every field is one the route's DTO knows, given once and valid by its rule, and `from` and `to`
 * are there; otherwise undefined (the Nest route then answers, 400 where its DTO refuses).
 */
export function hotReadQuery(route: 'sharing' | 'groups', query: unknown): Query | undefined {
  const fields: readonly string[] = FIELDS[route];
  if (typeof query !== 'object' || query === null) return undefined;
  const entries = Object.entries(query as Record<string, unknown>);
  for (const [field, value] of entries) {
    if (!fields.includes(field) || typeof value !== 'string') return undefined;
    if (!(FIELD_RULES[field]?.(value) ?? false)) return undefined;
  }
  const valid = query as Query;
  return valid['from'] !== undefined && valid['to'] !== undefined ? valid : undefined;
}

/**
 * The hot-read lane: the member monthly summary and the administrator's group overview (GET .../sharing and
 * GET .../sharing/groups), every portal page load's reads, answered without Nest's per-request pipeline (route
 * matching over every route, guard, validation pipe, parameter pipes): the same token check
 * (`AccessTokenVerifier`, as the global guard does on `@SessionCheckedInQuery()` routes), the same field rules as
 * the routes' DTOs, and the same service call, whose one statement checks the session, the caller's access and the
 * tenant (RLS). It answers only a request that is fully valid and succeeds; anything else — a missing or bad token,
 * a two-factor restriction, a field the DTO would refuse, an ended session, a foreign community, any error — goes
 * on unchanged to the Nest route, which answers it exactly as before (the error paths cost a second statement).
 * Runs after the request logger (its line carries the user) and the metrics timer (labelled with the route).
 */
@Injectable()
export class HotReadsMiddleware implements NestMiddleware {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly sharing: SharingService,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (request.method !== 'GET') return next();
    const match = PATH.exec(request.originalUrl.split('?', 1)[0] as string);
    if (match === null) return next();
    const route = match[2] === undefined ? 'sharing' : 'groups';
    const query = hotReadQuery(route, request.query);
    if (query === undefined) return next();
    const communityId = (match[1] as string).toLowerCase();
    this.answer(request, communityId, route, query).then(
      (body) => {
        if (body === undefined) return next();
        labelMetricsRoute(request, HOT_READ_ROUTES[route]);
        response.status(200).json(body);
      },
      () => next(),
    );
  }

  private async answer(
    request: Request & { claims?: SessionClaims },
    communityId: string,
    route: 'sharing' | 'groups',
    query: Query,
  ): Promise<unknown> {
    const verified = await this.verifier.verify(request.headers.authorization);
    // A token for two-factor enrolment only: the guard answers TWO_FACTOR_REQUIRED.
    if (verified.enroll) return undefined;
    request.claims = verified.claims;
    const from = query['from'] as string;
    const to = query['to'] as string;
    const source = query['source'] as (typeof SHARING_SOURCES)[number] | undefined;
    if (route === 'groups') {
      return this.sharing.groups(verified.claims, communityId, {
        from,
        to,
        ...(source !== undefined ? { source } : {}),
      });
    }
    const granularity = query['granularity'] as (typeof GRANULARITIES)[number] | undefined;
    const ean = query['ean'];
    return this.sharing.sharing(verified.claims, communityId, {
      from,
      to,
      ...(granularity !== undefined ? { granularity } : {}),
      ...(ean !== undefined ? { ean } : {}),
      ...(source !== undefined ? { source } : {}),
    });
  }
}
