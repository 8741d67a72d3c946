import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomEan, RegistryFixture } from '@sdilna/api/data-access-registry/testing';

import { SourcesService } from './sources.service';

const fixture = new RegistryFixture();
const sources = new SourcesService(fixture.registry);

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

/** A metering point of the fixture community's member, written directly (its own rules are tested elsewhere). */
async function point(communityId: string, memberId: string, groupId: string, role: string): Promise<string> {
  const [row] = await fixture.db.run(communityId, (tx) =>
    tx.query<{ id: string }>(
      `INSERT INTO metering_points (community_id, ean, role, member_id, sharing_group_id, valid_from)
       VALUES ($1, $2, $3, $4, $5, '2026-01-01') RETURNING id`,
      [communityId, randomEan(), role, memberId, groupId],
    ),
  );
  return (row as { id: string }).id;
}

describe('SourcesService', () => {
  it('registers a source only on a production point of the community', async () => {
    fixture.actAs('admin');
    const { communityId, groupId, memberId } = await fixture.community();
    const consumption = await point(communityId, memberId, groupId, 'consumption');
    const production = await point(communityId, memberId, groupId, 'production');
    const other = await fixture.community();
    const foreign = await point(other.communityId, other.memberId, other.groupId, 'production');
    const input = { name: 'FVE', kind: 'pv' as const, installedKw: 9.99 };
    await expect(
      sources.create(fixture.principal, communityId, { ...input, meteringPointId: consumption }),
    ).rejects.toMatchObject({ code: 'SOURCE_POINT_NOT_PRODUCTION' });
    await expect(
      sources.create(fixture.principal, communityId, { ...input, meteringPointId: foreign }),
    ).rejects.toMatchObject({ code: 'SOURCE_POINT_NOT_FOUND' });
    const created = await sources.create(fixture.principal, communityId, {
      ...input,
      meteringPointId: production,
    });
    expect(created).toMatchObject({ installedKw: 9.99, renewable: true, meteringPointId: production });
  });

  it('keeps a renewable community to renewable sources (and batteries)', async () => {
    fixture.actAs('admin');
    const { communityId, groupId, memberId } = await fixture.community('renewable-community');
    const production = await point(communityId, memberId, groupId, 'production');
    await expect(
      sources.create(fixture.principal, communityId, {
        name: 'KGJ',
        kind: 'chp',
        installedKw: 50,
        meteringPointId: production,
      }),
    ).rejects.toMatchObject({ code: 'RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE' });
    await expect(
      sources.create(fixture.principal, communityId, {
        name: 'Baterie',
        kind: 'battery',
        installedKw: 10,
        meteringPointId: production,
      }),
    ).resolves.toMatchObject({ kind: 'battery' });
  });

  it('refuses a power that is not above zero or has more than two decimals', async () => {
    fixture.actAs('admin');
    const { communityId, groupId, memberId } = await fixture.community();
    const production = await point(communityId, memberId, groupId, 'production');
    for (const installedKw of [0, 1.005])
      await expect(
        sources.create(fixture.principal, communityId, {
          name: 'FVE',
          kind: 'pv',
          installedKw,
          meteringPointId: production,
        }),
      ).rejects.toMatchObject({ code: 'INVALID_INSTALLED_POWER' });
  });

  it("shows a member only the sources on their own members' points, and others as 404", async () => {
    fixture.actAs('admin');
    const { communityId, groupId, memberId } = await fixture.community();
    const production = await point(communityId, memberId, groupId, 'production');
    const source = await sources.create(fixture.principal, communityId, {
      name: 'FVE',
      kind: 'pv',
      installedKw: 5,
      meteringPointId: production,
    });
    fixture.actAs({ member: [] });
    await expect(sources.get(fixture.principal, communityId, source.id)).rejects.toMatchObject({
      code: 'SOURCE_NOT_FOUND',
    });
    expect((await sources.list(fixture.principal, communityId, {}, { limit: 10, offset: 0 })).total).toBe(0);
    fixture.actAs({ member: [memberId] });
    expect(await sources.get(fixture.principal, communityId, source.id)).toEqual(source);
    await expect(sources.remove(fixture.principal, communityId, source.id)).rejects.toMatchObject({
      code: 'ROLE_FORBIDDEN',
    });
  });
});
