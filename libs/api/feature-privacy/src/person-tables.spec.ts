import { describe, expect, it } from 'vitest';

import { personColumnKind } from './person-tables';
import { retainedUntil } from './privacy.service';

describe('person columns', () => {
  it('reads members, logins and points from the schema\u2019s column names', () => {
    expect(personColumnKind('member_id')).toBe('member');
    expect(personColumnKind('consumer_member_id')).toBe('member');
    expect(personColumnKind('buyer_id')).toBe('member');
    expect(personColumnKind('actor_user_id')).toBe('user');
    expect(personColumnKind('approved_by')).toBe('user');
    expect(personColumnKind('consumer_point_id')).toBe('point');
    expect(personColumnKind('parent_member_id')).toBeUndefined();
    expect(personColumnKind('superseded_by')).toBeUndefined();
    expect(personColumnKind('community_id')).toBeUndefined();
  });
});

describe('retention of tax documents', () => {
  it('keeps a document 10 years from the end of the year it was issued in', () => {
    expect(retainedUntil('2026-01-05')).toBe('2036-12-31');
    expect(retainedUntil('2026-12-31')).toBe('2036-12-31');
  });
});
