import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RegistryFixture } from '@sdilna/api/data-access-registry/testing';

import { MembersService } from './members.service';

const fixture = new RegistryFixture();
const members = new MembersService(fixture.registry);

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

const page = { limit: 50, offset: 0 };

describe('MembersService', () => {
  it('refuses a large enterprise in a renewable community', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community('renewable-community');
    await expect(
      members.create(fixture.principal, communityId, { name: 'Velký podnik', kind: 'large-enterprise' }),
    ).rejects.toMatchObject({ code: 'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE' });
  });

  it('keeps every voter at or below the vote cap, counting the change itself', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community();
    // The fixture's member holds no votes; ten equal voters, imported at once, hold 10 % each.
    const voters = Array.from({ length: 10 }, (_, i) => `Voter ${i},household,1`);
    await members.import(fixture.principal, communityId, ['name,kind,votes', ...voters].join('\n'));
    await expect(
      members.create(fixture.principal, communityId, { name: 'Alone', kind: 'household', votes: 2 }),
    ).rejects.toMatchObject({ code: 'VOTE_SHARE_EXCEEDED' });
    const [first] = (await members.list(fixture.principal, communityId, { q: 'Voter 0' }, page)).items;
    await expect(
      members.update(fixture.principal, communityId, first?.id ?? '', { votes: 2 }),
    ).rejects.toMatchObject({ code: 'VOTE_SHARE_EXCEEDED' });
  });

  it('gives a municipal unit a municipality of the same community as its parent', async () => {
    fixture.actAs('admin');
    const { communityId, memberId: household } = await fixture.community();
    await expect(
      members.create(fixture.principal, communityId, {
        name: 'ZŠ',
        kind: 'municipal-unit',
        parentMemberId: household,
      }),
    ).rejects.toMatchObject({ code: 'MEMBER_PARENT_INVALID' });
    const town = await members.create(fixture.principal, communityId, { name: 'Obec', kind: 'municipality' });
    await expect(
      members.create(fixture.principal, communityId, {
        name: 'ZŠ',
        kind: 'municipal-unit',
        parentMemberId: town.id,
      }),
    ).resolves.toMatchObject({ parentMemberId: town.id });
  });

  it('shows a member only themselves and answers 404 for anyone else', async () => {
    fixture.actAs('admin');
    const { communityId, memberId } = await fixture.community();
    const other = await members.create(fixture.principal, communityId, { name: 'Soused', kind: 'household' });
    fixture.actAs({ member: [memberId] });
    expect((await members.list(fixture.principal, communityId, {}, page)).items.map((m) => m.id)).toEqual([
      memberId,
    ]);
    await expect(members.get(fixture.principal, communityId, other.id)).rejects.toMatchObject({
      code: 'MEMBER_NOT_FOUND',
    });
  });

  it('imports every row or none, with the parent municipality found by its IČO', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community();
    const rejected = [
      'name,kind,ico,parentIco',
      'Obec,municipality,00000001,',
      'ZŠ,municipal-unit,,99999999',
    ];
    await expect(members.import(fixture.principal, communityId, rejected.join('\n'))).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        imported: 0,
        rows: [
          { line: 2, status: 'ok' },
          { line: 3, status: 'error' },
        ],
      },
    });
    expect((await members.list(fixture.principal, communityId, { q: 'Obec' }, page)).total).toBe(0);
    const accepted = [
      'name,kind,ico,parentIco',
      'Obec,municipality,00000001,',
      'ZŠ,municipal-unit,,00000001',
    ];
    expect((await members.import(fixture.principal, communityId, accepted.join('\n'))).imported).toBe(2);
  });

  it('keeps dated VAT statuses whose DIČ agrees with each status, and shows the one in force today', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community();
    const producer = await members.create(fixture.principal, communityId, {
      name: 'FVE Řehoř',
      kind: 'sme',
      vatPayer: false,
    });
    expect(producer).toMatchObject({ vatStatus: 'non-payer', vatPayer: false, dic: null });
    // a non-payer with a DIČ, and a payer without one, contradict themselves: refused, nothing stored
    await expect(
      members.update(fixture.principal, communityId, producer.id, { dic: 'CZ87654326' }),
    ).rejects.toMatchObject({ code: 'VAT_STATUS_INVALID' });
    await expect(
      members.replaceVatStatuses(fixture.principal, communityId, producer.id, {
        vatStatuses: [{ validFrom: '2026-01-01', status: 'payer' }],
      }),
    ).rejects.toMatchObject({ code: 'VAT_PAYER_NEEDS_DIC' });
    expect((await members.get(fixture.principal, communityId, producer.id)).vatStatuses).toEqual([
      { validFrom: '2000-01-01', status: 'non-payer' },
    ]);
    // a payer from a day long past, an identified person from a day far ahead: today it is a payer
    const history = [
      { validFrom: '2000-01-01', status: 'non-payer' as const },
      { validFrom: '2020-07-01', status: 'payer' as const, dic: 'CZ87654326' },
      { validFrom: '2090-01-01', status: 'identified-person' as const, dic: 'CZ87654326' },
    ];
    await members.replaceVatStatuses(fixture.principal, communityId, producer.id, { vatStatuses: history });
    const stored = await members.get(fixture.principal, communityId, producer.id);
    expect(stored).toMatchObject({
      vatStatus: 'payer',
      vatPayer: true,
      dic: 'CZ87654326',
      vatStatuses: history,
    });
    const [listed] = (await members.list(fixture.principal, communityId, { q: 'Řehoř' }, page)).items;
    expect(listed).toMatchObject({ vatStatus: 'payer', dic: 'CZ87654326' });
  });
});

describe('MembersService: the legal rules of issue 23', () => {
  it('lets a large enterprise join an energy community but refuses its vote, naming the member', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community('energy-community');
    await members.create(fixture.principal, communityId, { name: 'Velká a.s.', kind: 'large-enterprise' });
    await expect(
      members.create(fixture.principal, communityId, {
        name: 'Velká 2 a.s.',
        kind: 'large-enterprise',
        votes: 1,
      }),
    ).rejects.toMatchObject({
      code: 'ENTERPRISE_MAY_NOT_VOTE',
      message: expect.stringMatching(/^Velká 2 a\.s\.: /),
    });
  });

  it('lets an SME vote only with its declaration, also from a CSV file', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community('energy-community');
    await expect(
      members.create(fixture.principal, communityId, { name: 'Dílna', kind: 'sme', votes: 1 }),
    ).rejects.toMatchObject({ code: 'SME_DECLARATION_MISSING' });
    const voters = Array.from({ length: 9 }, (_, i) => `Voter ${i},household,1,`);
    const report = await members.import(
      fixture.principal,
      communityId,
      ['name,kind,votes,enterpriseSize', ...voters, 'Dílna,sme,1,small'].join('\n'),
    );
    expect(report.imported).toBe(10);
    const [sme] = (await members.list(fixture.principal, communityId, { q: 'Dílna' }, page)).items;
    expect(sme).toMatchObject({ enterpriseSize: 'small', votes: 1 });
  });

  it('lets only local members vote in a renewable community', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community('renewable-community');
    await fixture.db.run(communityId, (tx) =>
      tx.query(`UPDATE communities SET territory_orp = '{Semily,Jilemnice}'`),
    );
    const row = (name: string, orp: string) => `${name},household,1,${orp}`;
    const local = Array.from({ length: 9 }, (_, i) => row(`Local ${i}`, 'Semily'));
    await expect(
      members.import(
        fixture.principal,
        communityId,
        ['name,kind,votes,orp', ...local, row('Far', 'Liberec')].join('\n'),
      ),
    ).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        rows: expect.arrayContaining([
          expect.objectContaining({ problems: [expect.objectContaining({ code: 'VOTER_NOT_LOCAL' })] }),
        ]),
      },
    });
    await expect(
      members.import(
        fixture.principal,
        communityId,
        ['name,kind,votes,orp', ...local, row('Near', 'Jilemnice')].join('\n'),
      ),
    ).resolves.toMatchObject({ imported: 10 });
  });

  it('counts on each date only the voters whose membership holds then', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community('energy-community');
    // Ten voters today; ten more join on 1 Jan 2099. A member with 2 votes joining that day holds 2 of 22
    // (9.09 %) there; had the later ten not been registered, today's check would see 2 of 12 from that day.
    const now = Array.from({ length: 10 }, (_, i) => `Now ${i},household,1,`);
    const later = Array.from({ length: 10 }, (_, i) => `Later ${i},household,1,2099-01-01`);
    await members.import(
      fixture.principal,
      communityId,
      ['name,kind,votes,joinedOn', ...now, ...later].join('\n'),
    );
    await expect(
      members.create(fixture.principal, communityId, {
        name: 'Big',
        kind: 'household',
        votes: 2,
        joinedOn: '2099-01-01',
      }),
    ).resolves.toMatchObject({ votes: 2 });
    // Today the same member would hold 2 of 12: the later ten do not dilute today's shares.
    await expect(
      members.create(fixture.principal, communityId, { name: 'Big now', kind: 'household', votes: 2 }),
    ).rejects.toMatchObject({ code: 'VOTE_SHARE_EXCEEDED', details: { date: expect.any(String) } });
  });
});
