import { timingSafeEqual } from 'node:crypto';

import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { AppConfig } from '@sdilna/api/util-config';
import { Public } from '@sdilna/api/util-http';
import { MetricsService } from '@sdilna/api/util-observability';

/**
 * Prometheus metrics at `/metrics` on the API port (outside `/api`, as scrapers expect). Public to the JWT guard
 * because Prometheus holds no user session; it holds `METRICS_TOKEN` instead. Without a token configured the route
 * does not exist (404), so an operator cannot expose it by accident.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  @Public()
  @Get()
  async get(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (token === undefined) throw new NotFoundException('Cannot GET /metrics');
    if (!bearerMatches(authorization, token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    return this.metrics.render();
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (match?.[1] === undefined) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
