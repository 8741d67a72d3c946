import { randomBytes, randomInt } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { expect } from 'vitest';

import { eanWithCheckDigit } from '@sdilna/shared/domain-core';

export type CommunityKind = 'active-customer' | 'energy-community' | 'renewable-community';

/** A community created through the public API, with its administrator signed in. */
export interface TestCommunity {
  readonly communityId: string;
  readonly groupId: string;
  readonly adminToken: string;
  readonly adminRefreshToken: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly adminUserId: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}@test.sdilna.example`;
}

/**
 * A valid EAN nobody else uses: EANs are unique across communities (one sharing group at a time), so
 * tests that share a database must not collide.
 */
export function uniqueEan(): string {
  const body = `8591824${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}${String(randomInt(0, 10))}`;
  return eanWithCheckDigit(body);
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export async function signUp(
  app: INestApplication,
  type: CommunityKind = 'energy-community',
  name = 'Test community',
): Promise<TestCommunity> {
  const email = uniqueEmail('admin');
  const response = await request(app.getHttpServer())
    .post('/api/auth/signup')
    .send({
      email,
      password: TEST_PASSWORD,
      name: 'Admin',
      // the seller on documents: its IČO and address go on every one (issue 20)
      community: { name, type, ico: '12345679', address: 'Náměstí 1, 378 16 Lomnice nad Lužnicí' },
    });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const body = response.body as {
    accessToken: string;
    refreshToken: string;
    user: { id: string };
    community: { id: string; defaultSharingGroupId: string };
  };
  return {
    communityId: body.community.id,
    groupId: body.community.defaultSharingGroupId,
    adminToken: body.accessToken,
    adminRefreshToken: body.refreshToken,
    adminEmail: email,
    adminPassword: TEST_PASSWORD,
    adminUserId: body.user.id,
  };
}

/**
 * Records that the group asked EDC for iteration from `validFrom` (what a group registering a `static-iterative`
 * key has done at EDC); EDC derives the rounds from it and from the group's points.
 */
export async function requestIteration(
  app: INestApplication,
  community: TestCommunity,
  validFrom: string,
  groupId: string = community.groupId,
): Promise<void> {
  const response = await request(app.getHttpServer())
    .put(`/api/communities/${community.communityId}/sharing-groups/${groupId}/iteration`)
    .set(bearer(community.adminToken))
    .send({ requested: true, validFrom });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/**
 * Registers a key version as the admin (201 expected); a `static-iterative` key first records the group's
 * request for iteration from the same day, as the API requires.
 */
export async function registerKeyVersion<T = Record<string, unknown>>(
  app: INestApplication,
  community: TestCommunity,
  key: { readonly method: string; readonly sharingGroupId?: string },
  validFrom: string,
): Promise<T & { id: string }> {
  if (key.method === 'static-iterative')
    await requestIteration(app, community, validFrom, key.sharingGroupId ?? community.groupId);
  return create<T>(app, community, 'allocation-keys', { ...key, validFrom });
}

/** Posts as the community's admin and expects 201; returns the created resource. */
export async function create<T = Record<string, unknown>>(
  app: INestApplication,
  community: TestCommunity,
  path: string,
  body: object,
): Promise<T & { id: string }> {
  const response = await request(app.getHttpServer())
    .post(`/api/communities/${community.communityId}/${path}`)
    .set(bearer(community.adminToken))
    .send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as T & { id: string };
}

export function createMember(
  app: INestApplication,
  community: TestCommunity,
  body: object = {},
): Promise<{ id: string }> {
  return create(app, community, 'members', {
    name: `Member ${randomBytes(3).toString('hex')}`,
    kind: 'household',
    // what finalising needs on every document (issue 20): an address, and a producer's self-billing agreement
    address: 'Hlavní 1, 378 16 Lomnice nad Lužnicí',
    selfBillingAgreedOn: '2025-12-01',
    ...body,
  });
}

export async function createPoint(
  app: INestApplication,
  community: TestCommunity,
  body: {
    role: 'production' | 'consumption';
    memberId?: string;
    ean?: string;
    validFrom?: string;
    validTo?: string;
    sharingGroupId?: string;
  },
): Promise<{ id: string; ean: string }> {
  const memberId = body.memberId ?? (await createMember(app, community)).id;
  return create(app, community, 'metering-points', {
    validFrom: '2026-01-01',
    ean: uniqueEan(),
    ...body,
    memberId,
  });
}
