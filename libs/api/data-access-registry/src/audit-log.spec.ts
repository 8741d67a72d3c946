import { describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';

import { AuditLog, maskAccount } from './audit-log';

describe('the audit log masks bank accounts', () => {
  it('keeps only the last four digits of an IBAN or a Czech account', () => {
    expect(maskAccount('CZ6508000000192000145399')).toBe('****5399');
    expect(maskAccount('19-2000145399/0800')).toBe('****0800');
  });

  it('stores the masked fields of before and after and leaves the others as they are', async () => {
    const calls: unknown[][] = [];
    const manager = {
      query: (_sql: string, params: unknown[]) => calls.push(params),
    } as unknown as EntityManager;
    await new AuditLog().record(manager, {
      communityId: 'c',
      actorUserId: null,
      action: 'update',
      entity: 'settlement-settings',
      entityId: 'c',
      before: { iban: 'CZ6508000000192000145399', dueDays: 14 },
      after: { iban: 'CZ5508000000001234567899', czechAccount: null, dueDays: 30 },
      masked: ['iban', 'czechAccount'],
    });
    const [, , , , , , before, after] = calls[0] as string[];
    expect(JSON.parse(before as string)).toEqual({ iban: '****5399', dueDays: 14 });
    expect(JSON.parse(after as string)).toEqual({ iban: '****7899', czechAccount: null, dueDays: 30 });
  });
});
