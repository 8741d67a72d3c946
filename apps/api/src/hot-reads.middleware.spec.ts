import 'reflect-metadata';

import { SharingGroupsQueryDto, SharingQueryDto } from '@sdilna/api/feature-sharing';
import { createValidationPipe } from '@sdilna/api/util-http';
import { describe, expect, it } from 'vitest';

import { hotReadQuery } from './hot-reads.middleware';

const EAN = '859182400611447671';
const QUERIES: ReadonlyArray<Record<string, unknown>> = [
  { from: '2025-06-01', to: '2025-06-30' },
  { from: '2025-06-01', to: '2025-06-30', granularity: 'day', ean: EAN, source: 'edc' },
  { from: '2025-06-01', to: '2025-06-30', granularity: 'month', source: 'computed' },
  { from: '2025-06-01', to: '2025-06-30', granularity: '15m' },
  { from: '2025-06-01' },
  { to: '2025-06-30' },
  {},
  { from: '2025-02-30', to: '2025-06-30' },
  { from: '1999-12-31', to: '2025-06-30' },
  { from: '2025-06-01', to: '2025-06-30\u0000' },
  { from: '2025-6-1', to: '2025-06-30' },
  { from: ['2025-06-01', '2025-06-02'], to: '2025-06-30' },
  { from: '2025-06-01', to: '2025-06-30', granularity: 'week' },
  { from: '2025-06-01', to: '2025-06-30', granularity: '' },
  { from: '2025-06-01', to: '2025-06-30', ean: '859182400611447672' },
  { from: '2025-06-01', to: '2025-06-30', ean: '' },
  { from: '2025-06-01', to: '2025-06-30', source: 'EDC' },
  { from: '2025-06-01', to: '2025-06-30', extra: '1' },
];

async function dtoAccepts(metatype: new () => object, query: Record<string, unknown>): Promise<boolean> {
  try {
    await createValidationPipe().transform({ ...query }, { type: 'query', metatype });
    return true;
  } catch {
    return false;
  }
}

describe('hot-read lane query check', () => {
  // The lane answers only what the route's DTO accepts; what it leaves to the route, the route answers (400).
  it.each(QUERIES.map((query) => [JSON.stringify(query), query] as const))(
    'accepts %s on GET .../sharing exactly when SharingQueryDto does',
    async (_name, query) => {
      expect(hotReadQuery('sharing', { ...query }) !== undefined).toBe(
        await dtoAccepts(SharingQueryDto, query),
      );
    },
  );

  it.each(QUERIES.map((query) => [JSON.stringify(query), query] as const))(
    'accepts %s on GET .../sharing/groups exactly when SharingGroupsQueryDto does',
    async (_name, query) => {
      expect(hotReadQuery('groups', { ...query }) !== undefined).toBe(
        await dtoAccepts(SharingGroupsQueryDto, query),
      );
    },
  );
});
