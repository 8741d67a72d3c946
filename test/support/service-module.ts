import { randomUUID } from 'node:crypto';

import type { Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, expect } from 'vitest';

import { DatabaseModule, TenantDatabase } from '@sdilna/api/data-access-db';
import {
  emptyPackedDay,
  ReadingsDataModule,
  ReadingsStore,
  type SeriesCode,
} from '@sdilna/api/data-access-readings';
import { RegistryDataModule } from '@sdilna/api/data-access-registry';
import { AuthModule } from '@sdilna/api/feature-auth';
import type { Principal } from '@sdilna/api/util-auth';
import { ConfigModule } from '@sdilna/api/util-config';
import { JobsModule } from '@sdilna/api/util-jobs';
import { MailModule } from '@sdilna/api/util-mail';
import { ObservabilityModule } from '@sdilna/api/util-observability';
import type { CommunityType, MemberKind } from '@sdilna/shared/domain-core';

import { AuthService } from '../../libs/api/feature-auth/src/auth.service';
import { TEST_PASSWORD, uniqueEan, uniqueEmail } from './factories';
import { withOwner } from './owner-database';

/**
 * The service tier (issue 15): a feature's services as the API builds them, from the feature's own Nest module and
 * the infrastructure modules `AppModule` imports (configuration, database, jobs, mail, metrics, registry and
 * readings data), on the integration tier's real PostgreSQL and Redis. No provider is listed by hand, so a spec
 * keeps working when a feature changes how it builds its stores. `AuthModule` is always there: specs sign up
 * their administrators through it.
 */
export async function serviceModule(...features: Type[]): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule,
      DatabaseModule,
      JobsModule.forRoot({ role: 'producer' }),
      MailModule,
      ObservabilityModule,
      RegistryDataModule,
      ReadingsDataModule,
      AuthModule,
      ...features,
    ],
  }).compile();
  moduleRef.useLogger(['error']);
  await moduleRef.init();
  return moduleRef;
}

/**
 * The frame most service specs share: before the first test the features' module and one signed-up administrator
 * of a new community, after the last one the module closed. The fields are set from the first `beforeAll` on.
 */
export function useServiceModule(...features: Type[]): {
  readonly moduleRef: TestingModule;
  readonly admin: SignedUp;
} {
  const frame = {} as { moduleRef: TestingModule; admin: SignedUp };
  beforeAll(async () => {
    frame.moduleRef = await serviceModule(...features);
    frame.admin = await signUpAdmin(frame.moduleRef);
  });
  afterAll(async () => {
    await frame.moduleRef?.close();
  });
  return frame;
}

/** A signed-up administrator of a new community, as the principal the access-token strategy would build. */
export interface SignedUp {
  readonly principal: Principal;
  readonly email: string;
  readonly password: string;
  readonly communityId: string;
  readonly groupId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Claims of an access token (the session it belongs to), read without verifying: the token was just issued. */
export function claimsOf(accessToken: string): { sub: string; sid: string } {
  const payload = accessToken.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; sid: string };
}

export async function signUpAdmin(
  moduleRef: TestingModule,
  community: { type?: CommunityType } = {},
): Promise<SignedUp> {
  const email = uniqueEmail('service');
  const answer = await moduleRef.get(AuthService).signup({
    email,
    password: TEST_PASSWORD,
    name: 'Service Tester',
    community: { type: community.type ?? 'energy-community', name: `Service test ${email}` },
  });
  const { sub, sid } = claimsOf(answer.accessToken);
  return {
    principal: { userId: sub, sessionId: sid, email, platformAdmin: false },
    email,
    password: TEST_PASSWORD,
    communityId: answer.community.id,
    groupId: answer.community.defaultSharingGroupId ?? '',
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
  };
}

/** Rows the schema owner sees (no RLS), to check what a service stored. */
export function ownerRows<T = Record<string, unknown>>(
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  return withOwner(async (connection) => (await connection.query(sql, parameters)) as T[]);
}

/** Awaits a refusal and checks its error code (the `code` of the feature's ApiException). */
export async function expectRefusal(work: Promise<unknown>, code: string): Promise<void> {
  await expect(work).rejects.toMatchObject({ code });
}

/**
 * A member with one metering point per role in the group, written as the schema owner inside the tenant's
 * context (what the registry features would store), for specs of features that read the registry.
 */
export async function seedPoints(
  communityId: string,
  groupId: string,
  roles: readonly ('production' | 'consumption')[],
  validFrom = '2026-01-01',
): Promise<{ memberId: string; points: { id: string; ean: string; role: string }[] }> {
  const memberId = randomUUID();
  const points = roles.map((role) => ({ id: randomUUID(), ean: uniqueEan(), role }));
  await withOwner(async (connection) => {
    await connection.query('BEGIN');
    await connection.query(`SELECT set_config('app.community_id', $1, true)`, [communityId]);
    await connection.query(
      `INSERT INTO members (community_id, id, kind, name, joined_on) VALUES ($1, $2, 'household', 'Seeded member', $3)`,
      [communityId, memberId, validFrom],
    );
    for (const point of points) {
      await connection.query(
        `INSERT INTO metering_points (community_id, id, ean, role, member_id, sharing_group_id, valid_from) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [communityId, point.id, point.ean, point.role, memberId, groupId, validFrom],
      );
    }
    await connection.query('COMMIT');
  });
  return { memberId, points };
}

/**
 * A signed-in user who is a `member` of the community, tied to one member record: signed up with a community of
 * their own, then given the membership as the schema owner (no invitation round trip; invitations have their own
 * specs).
 */
export async function memberPrincipal(
  moduleRef: TestingModule,
  communityId: string,
  memberId: string,
): Promise<Principal> {
  const user = await signUpAdmin(moduleRef);
  await withOwner((connection) =>
    connection.query(
      `INSERT INTO memberships (community_id, user_id, role, member_id) VALUES ($1, $2, 'member', $3)`,
      [communityId, user.principal.userId, memberId],
    ),
  );
  return user.principal;
}

/**
 * Stores packed days of readings as an import would (inside the tenant's transaction): per row one series of one
 * point and day, `values` by interval index in 0.01 kWh; a day has 96 intervals unless `intervals` says otherwise.
 * The community is noted as one with readings, as its first import batch would (the daily checks go through those).
 */
export async function storeReadings(
  moduleRef: TestingModule,
  communityId: string,
  rows: readonly {
    pointId: string;
    day: string;
    series: SeriesCode;
    values: Readonly<Record<number, number>>;
    intervals?: number;
  }[],
): Promise<void> {
  await moduleRef.get(TenantDatabase).run(communityId, (tx) =>
    tx.store(ReadingsStore).insert(
      rows.map((row) => {
        const data = emptyPackedDay(row.intervals ?? 96);
        for (const [index, value] of Object.entries(row.values)) {
          data.values[Number(index)] = value;
          data.present[Number(index)] = 1;
        }
        return { pointId: row.pointId, day: row.day, series: row.series, data };
      }),
    ),
  );
  await withOwner((connection) =>
    connection.query(`INSERT INTO reading_communities (community_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      communityId,
    ]),
  );
}

/** Every interval of a 96-interval day at the same value (0.01 kWh). */
export function flatDay(value: number, intervals = 96): Record<number, number> {
  return Object.fromEntries(Array.from({ length: intervals }, (_, index) => [index, value]));
}

/** One member record of the given kind, written as the schema owner inside the tenant's context (no points). */
export async function seedMember(
  communityId: string,
  kind: MemberKind = 'household',
  name = 'Seeded member',
): Promise<string> {
  const memberId = randomUUID();
  await withOwner(async (connection) => {
    await connection.query('BEGIN');
    await connection.query(`SELECT set_config('app.community_id', $1, true)`, [communityId]);
    await connection.query(
      `INSERT INTO members (community_id, id, kind, name, joined_on) VALUES ($1, $2, $3, $4, '2026-01-01')`,
      [communityId, memberId, kind, name],
    );
    await connection.query('COMMIT');
  });
  return memberId;
}
