import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CommunitiesModule, CommunitiesService } from '@sdilna/api/feature-communities';

import {
  expectRefusal,
  ownerRows,
  seedPoints,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { AllocationKeysModule } from './allocation-keys.module';
import { AllocationKeysService } from './allocation-keys.service';

describe('AllocationKeysService (service tier)', () => {
  let moduleRef: TestingModule;
  let keys: AllocationKeysService;
  let admin: SignedUp;
  let producer: string;
  let consumers: [string, string];

  beforeAll(async () => {
    moduleRef = await serviceModule(CommunitiesModule, AllocationKeysModule);
    keys = moduleRef.get(AllocationKeysService);
    admin = await signUpAdmin(moduleRef);
    const { points } = await seedPoints(admin.communityId, admin.groupId, [
      'production',
      'consumption',
      'consumption',
    ]);
    producer = points[0]!.ean;
    consumers = [points[1]!.ean, points[2]!.ean];
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  const allocations = () => [
    { producer, consumer: consumers[0], percent: 40 },
    { producer, consumer: consumers[1], percent: 20 },
  ];

  it('refuses a period that ends before it starts (INVALID_PERIOD)', async () => {
    await expectRefusal(
      keys.create(admin.principal, admin.communityId, {
        validFrom: '2026-03-01',
        validTo: '2026-02-01',
        method: 'static',
        allocations: allocations(),
      }),
      'INVALID_PERIOD',
    );
  });

  it('refuses a key for a group without a production point (GROUP_NEEDS_PRODUCTION_POINT)', async () => {
    const empty = await signUpAdmin(moduleRef);
    await expectRefusal(
      keys.create(empty.principal, empty.communityId, {
        validFrom: '2026-03-01',
        method: 'static',
        allocations: allocations(),
      }),
      'GROUP_NEEDS_PRODUCTION_POINT',
    );
  });

  it('refuses a pair whose point is not in the group (KEY_POINT_NOT_IN_GROUP)', async () => {
    const other = await signUpAdmin(moduleRef);
    const { points } = await seedPoints(other.communityId, other.groupId, ['consumption']);
    await expectRefusal(
      keys.create(admin.principal, admin.communityId, {
        validFrom: '2026-01-01',
        validTo: '2026-01-31',
        method: 'static',
        allocations: [{ producer, consumer: points[0]!.ean, percent: 10 }],
      }),
      'KEY_POINT_NOT_IN_GROUP',
    );
  });

  it('refuses static-iterative where the group did not ask EDC for iteration', async () => {
    await expectRefusal(
      keys.create(admin.principal, admin.communityId, {
        validFrom: '2026-02-01',
        validTo: '2026-02-28',
        method: 'static-iterative',
        allocations: allocations(),
      }),
      'KEY_METHOD_CONTRADICTS_ITERATION',
    );
  });

  it('closes an open-ended version the day before the next one, and refuses a version inside another', async () => {
    const first = await keys.create(admin.principal, admin.communityId, {
      validFrom: '2026-03-01',
      method: 'static',
      allocations: allocations(),
    });
    expect(first.validTo).toBeNull();
    const second = await keys.create(admin.principal, admin.communityId, {
      validFrom: '2026-04-01',
      method: 'static',
      allocations: allocations(),
    });
    expect((await keys.get(admin.principal, admin.communityId, first.id)).validTo).toBe('2026-03-31');
    expect(second.validTo).toBeNull();
    await expectRefusal(
      keys.create(admin.principal, admin.communityId, {
        validFrom: '2026-03-15',
        validTo: '2026-03-20',
        method: 'static',
        allocations: allocations(),
      }),
      'KEY_PERIOD_OVERLAP',
    );
    const audit = await ownerRows<{ action: string }>(
      `SELECT action FROM audit_log WHERE community_id = $1 AND entity = 'allocation-key' AND entity_id = $2 ORDER BY at`,
      [admin.communityId, first.id],
    );
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'update']);
    const exported = await keys.export(admin.principal, admin.communityId, second.id);
    expect(exported.validFrom).toBe('2026-04-01');
    // the EDC registration table next to the key file: the same percentages, two decimals, decimal comma
    const edc = await keys.exportEdc(admin.principal, admin.communityId, second.id);
    expect(edc.validFrom).toBe('2026-04-01');
    const rows = edc.csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe('EAN výrobny;EAN odběrného místa;Alokační klíč [%];Priorita');
    expect(rows.slice(1).sort()).toEqual(
      [`${producer};${consumers[0]};40,00;1`, `${producer};${consumers[1]};20,00;1`].sort(),
    );
  });

  it('answers KEY_NOT_FOUND for an unknown key and for a key of another community', async () => {
    await expectRefusal(keys.get(admin.principal, admin.communityId, randomUUID()), 'KEY_NOT_FOUND');
    const other = await signUpAdmin(moduleRef);
    const listed = await keys.list(admin.principal, admin.communityId, {}, { limit: 10, offset: 0 });
    expect(listed.total).toBeGreaterThan(0);
    await expectRefusal(keys.get(other.principal, other.communityId, listed.items[0]!.id), 'KEY_NOT_FOUND');
  });

  it('is read by the communities feature: the key shows up where its method contradicts a later iteration request', async () => {
    await moduleRef.get(CommunitiesService).setIteration(admin.principal, admin.communityId, admin.groupId, {
      requested: true,
      validFrom: '2026-05-01',
    });
    const view = await moduleRef
      .get(CommunitiesService)
      .getIteration(admin.principal, admin.communityId, admin.groupId);
    expect(view.keysWithOtherMethod.map((key) => key.validFrom)).toContain('2026-04-01');
  });
});
