import { auditDiff } from './audit-diff';

describe('the before/after of an audit entry', () => {
  it('lists only the fields a change touched', () => {
    expect(
      auditDiff({ name: 'Před', email: 'a@b.cz', dueDays: 14 }, { name: 'Po', email: 'a@b.cz', dueDays: 30 }),
    ).toEqual([
      { field: 'name', before: 'Před', after: 'Po' },
      { field: 'dueDays', before: 14, after: 30 },
    ]);
  });

  it('lists everything created or deleted, and a list as one row', () => {
    expect(auditDiff(null, { name: 'Nový' })).toEqual([{ field: 'name', before: undefined, after: 'Nový' }]);
    expect(auditDiff({ name: 'Starý' }, null)).toEqual([
      { field: 'name', before: 'Starý', after: undefined },
    ]);
    expect(auditDiff([{ a: 1 }], [{ a: 2 }])).toEqual([{ field: '', before: [{ a: 1 }], after: [{ a: 2 }] }]);
    expect(auditDiff({ totals: { kwh: 1 } }, { totals: { kwh: 1 } })).toEqual([]);
  });

  it('leaves out the id and fields that stay empty', () => {
    expect(auditDiff(null, { id: 'x', name: 'Nový', email: null, phone: '' })).toEqual([
      { field: 'name', before: undefined, after: 'Nový' },
    ]);
    expect(auditDiff({ email: null }, { email: '' })).toEqual([]);
  });
});
