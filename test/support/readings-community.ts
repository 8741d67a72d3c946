import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { expect } from 'vitest';

import { recomputeAfterImportJobId } from '@sdilna/api/feature-imports';
import type { KeyFile } from '@sdilna/shared/domain-allocation';
import type { EdcPoint } from '@sdilna/shared/domain-edc';

import { freshFixture, type EdcFile } from './edc-files';
import {
  bearer,
  create,
  registerKeyVersion,
  createMember,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
  type TestCommunity,
} from './factories';
import { jobCompleted } from './in-process-worker';

export interface RegisteredGroup {
  readonly community: TestCommunity;
  /** EAN → metering point id and member id */
  readonly points: ReadonlyMap<string, { id: string; memberId: string }>;
}

/** A community whose registry has the given points (one member each, valid from 2026-01-01) and optionally a key. */
export async function registerGroup(
  app: INestApplication,
  points: readonly EdcPoint[],
  key: KeyFile | undefined,
  options: { skip?: readonly string[]; validFrom?: string } = {},
): Promise<RegisteredGroup> {
  const community = await signUp(app);
  const registered = new Map<string, { id: string; memberId: string }>();
  for (const point of points) {
    if (options.skip?.includes(point.ean)) continue;
    const member = await createMember(app, community);
    const created = await create(app, community, 'metering-points', {
      ean: point.ean,
      role: point.role,
      memberId: member.id,
      validFrom: options.validFrom ?? '2026-01-01',
    });
    registered.set(point.ean, { id: created.id, memberId: member.id });
  }
  if (key !== undefined) await registerKey(app, community, key, options.validFrom ?? '2026-01-01');
  return { community, points: registered };
}

export async function registerKey(
  app: INestApplication,
  community: TestCommunity,
  key: KeyFile,
  validFrom: string,
): Promise<void> {
  await registerKeyVersion(app, community, key, validFrom);
}

/** A signed-in user who is a `member` (or the given role) of the community, tied to one member record. */
export async function memberLogin(
  app: INestApplication,
  community: TestCommunity,
  memberId: string,
  role: 'member' | 'municipality-accountant' = 'member',
): Promise<string> {
  const email = uniqueEmail('member');
  const signup = await request(app.getHttpServer())
    .post('/api/auth/signup')
    .send({
      email,
      password: TEST_PASSWORD,
      name: 'Member',
      community: { name: 'Own', type: 'active-customer' },
    });
  expect(signup.status).toBe(201);
  const owner = new DataSource({ type: 'postgres', url: process.env['MIGRATION_DATABASE_URL'] as string });
  await owner.initialize();
  try {
    await owner.query(
      `INSERT INTO memberships (community_id, user_id, role, member_id) VALUES ($1, $2, $3, $4)`,
      [community.communityId, (signup.body as { user: { id: string } }).user.id, role, memberId],
    );
  } finally {
    await owner.destroy();
  }
  return (signup.body as { accessToken: string }).accessToken;
}

/** Uploads a file as the community's admin and returns the 202 body. */
export async function upload(
  app: INestApplication,
  community: TestCommunity,
  csv: string,
  fileName = 'export.csv',
  fields: Record<string, string> = {},
): Promise<{ id: string; status: string; duplicate: boolean }> {
  let call = request(app.getHttpServer())
    .post(`/api/communities/${community.communityId}/imports`)
    .set(bearer(community.adminToken));
  for (const [name, value] of Object.entries(fields)) call = call.field(name, value);
  const response = await call.attach('file', Buffer.from(csv, 'utf8'), fileName);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body as { id: string; status: string; duplicate: boolean };
}

export interface ImportBody {
  id: string;
  status: string;
  kind: string;
  source: string;
  requestedCalculation: string | null;
  calculation: string | null;
  progress: number;
  period: { from: string; to: string } | null;
  warnings: Array<{ message: string; line?: number; column?: number }>;
  error?: { message: string; line?: number; column?: number; file?: string };
  supersededBy: string | null;
  counts: { points: number; days: number; intervals: number; values: number } | null;
}

export async function importOf(
  app: INestApplication,
  community: TestCommunity,
  id: string,
): Promise<ImportBody> {
  const response = await request(app.getHttpServer())
    .get(`/api/communities/${community.communityId}/imports/${id}`)
    .set(bearer(community.adminToken));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as ImportBody;
}

/** Polls the import until it leaves queued/running. */
export async function settledImport(
  app: INestApplication,
  community: TestCommunity,
  id: string,
  timeoutMs = 120_000,
): Promise<ImportBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await importOf(app, community, id);
    if (body.status !== 'queued' && body.status !== 'running') return body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Uploads an export and waits until the import settles and, when it is done, until the recompute after it has
 * run; a failed import starts no recompute. Returns the settled import.
 */
export async function importedAndRecomputed(
  app: INestApplication,
  group: RegisteredGroup,
  csv: string,
  fileName?: string,
  fields?: Record<string, string>,
): Promise<ImportBody> {
  const accepted = await upload(app, group.community, csv, fileName, fields);
  const settled = await settledImport(app, group.community, accepted.id);
  if (settled.status === 'done') {
    await jobCompleted(app, 'sharing', recomputeAfterImportJobId(group.community.communityId, accepted.id));
  }
  return settled;
}

/** The April fixture registered with its key, imported through the upload and recomputed: what sharing specs read. */
export async function importedFixtureGroup(
  app: INestApplication,
): Promise<{ fixture: EdcFile; group: RegisteredGroup }> {
  const fixture = await freshFixture();
  const group = await registerGroup(app, fixture.points, fixture.key);
  const settled = await importedAndRecomputed(app, group, fixture.csv);
  expect(settled.status, JSON.stringify(settled.error)).toBe('done');
  return { fixture, group };
}
