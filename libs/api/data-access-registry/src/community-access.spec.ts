import { describe, expect, it } from 'vitest';

import { AccessException } from './access.exception';
import { type CallerAccessRow, CommunityAccess } from './community-access';

const COMMUNITY = '6f1c2a4e-8b7d-4c3a-9e5f-0a1b2c3d4e5f';
const CALLER = {
  userId: 'a1b2c3d4-0000-4000-8000-000000000001',
  sessionId: 'a1b2c3d4-0000-4000-8000-000000000002',
};
const TOWN = 'b0000000-0000-4000-8000-000000000001';
const SCHOOL = 'b0000000-0000-4000-8000-000000000002';

function row(overrides: Partial<CallerAccessRow> = {}): CallerAccessRow {
  return {
    session_alive: true,
    platform_admin: false,
    id: COMMUNITY,
    type: 'energy-community',
    name: 'Lomnice',
    ico: null,
    address: null,
    territory_orp: [],
    created_at: '2026-01-01T00:00:00.000Z',
    roles: [],
    role_member_ids: [],
    units: [],
    ...overrides,
  };
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof AccessException ? error.code : 'not an AccessException';
  }
  return undefined;
}

describe('CommunityAccess.fromRow', () => {
  const access = new CommunityAccess();

  it('answers 401 for an ended session before anything else, even for a community that does not exist', () => {
    expect(codeOf(() => access.fromRow(COMMUNITY, CALLER, row({ session_alive: false, id: null })))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(() => access.fromRow(COMMUNITY, CALLER, undefined))).toBe('UNAUTHENTICATED');
  });

  it('answers 404 alike for a missing community and one the caller does not belong to', () => {
    expect(codeOf(() => access.fromRow(COMMUNITY, CALLER, row({ id: null })))).toBe('COMMUNITY_NOT_FOUND');
    expect(codeOf(() => access.fromRow(COMMUNITY, CALLER, row()))).toBe('COMMUNITY_NOT_FOUND');
  });

  it('lets a platform administrator in without a membership, as an administrator', () => {
    const resolved = access.fromRow(COMMUNITY, CALLER, row({ platform_admin: true }));
    expect(resolved.isAdmin).toBe(true);
    expect(resolved.community.name).toBe('Lomnice');
  });

  it('gives a member their member record and an accountant the municipality and its units', () => {
    const member = access.fromRow(COMMUNITY, CALLER, row({ roles: ['member'], role_member_ids: [TOWN] }));
    expect(member.isAdmin).toBe(false);
    expect([...member.visibleMemberIds]).toEqual([TOWN]);
    const accountant = access.fromRow(
      COMMUNITY,
      CALLER,
      row({ roles: ['municipality-accountant'], role_member_ids: [TOWN], units: [SCHOOL] }),
    );
    expect([...accountant.visibleMemberIds].sort()).toEqual([TOWN, SCHOOL].sort());
  });

  it('makes a community administrator an administrator who needs no visible-member list', () => {
    const admin = access.fromRow(
      COMMUNITY,
      CALLER,
      row({ roles: ['community-admin', 'member'], role_member_ids: [null, TOWN] }),
    );
    expect(admin.isAdmin).toBe(true);
    expect(admin.roles).toEqual(new Set(['community-admin', 'member']));
    expect(admin.visibleMemberIds.size).toBe(0);
  });
});
