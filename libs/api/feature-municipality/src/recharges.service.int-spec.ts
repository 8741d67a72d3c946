import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RegistryFixture } from '@sdilna/api/data-access-registry/testing';

import { RechargesService } from './recharges.service';

const fixture = new RegistryFixture();
const recharges = new RechargesService(fixture.db, fixture.access);

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

/** A municipality member of the community, written directly (the registry's rules are tested elsewhere). */
async function municipality(communityId: string): Promise<string> {
  const id = randomUUID();
  await fixture.db.run(communityId, (tx) =>
    tx.query(
      `INSERT INTO members (community_id, id, kind, name, joined_on)
       VALUES ($1, $2, 'municipality', 'Obec Lomnice', '2026-01-01')`,
      [communityId, id],
    ),
  );
  return id;
}

describe('RechargesService', () => {
  it('answers an administrator an empty summary of a municipality without recharges, for the asked months', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community();
    const town = await municipality(communityId);
    const summary = await recharges.summary(fixture.principal, communityId, town, {
      from: '2026-01',
      to: '2026-03',
    });
    expect(summary).toEqual({
      municipality: { id: town, name: 'Obec Lomnice' },
      from: '2026-01',
      to: '2026-03',
      months: [],
      totals: { energyKwh: 0, net: '0.00', vat: '0.00', gross: '0.00', currency: 'CZK' },
    });
    const csv = await recharges.csv(fixture.principal, communityId, town, { from: '2026-01', to: '2026-03' });
    expect(csv.fileName).toBe('prefakturace-2026-01-2026-03.csv');
    expect(csv.csv.split('\r\n').filter((line) => line !== '')).toHaveLength(2);
  });

  it('finds no municipality in a member that is not one, nor in an unknown id', async () => {
    fixture.actAs('admin');
    const { communityId, memberId } = await fixture.community();
    for (const id of [memberId, randomUUID()])
      await expect(recharges.summary(fixture.principal, communityId, id, {})).rejects.toMatchObject({
        code: 'MUNICIPALITY_NOT_FOUND',
        status: 404,
      });
  });

  it('refuses a plain member before it reads the months, and a bad month of an administrator', async () => {
    const { communityId, memberId } = await fixture.community();
    const town = await municipality(communityId);
    fixture.actAs({ member: [memberId, town] });
    await expect(
      recharges.xlsx(fixture.principal, communityId, town, { from: 'nonsense' }),
    ).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN', status: 403 });
    fixture.actAs('admin');
    await expect(
      recharges.summary(fixture.principal, communityId, town, { from: '2026-00' }),
    ).rejects.toMatchObject({ code: 'MONTH_INVALID', status: 400 });
  });
});
