import { randomBytes, randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pragueToday } from '@sdilna/api/util-registry';
import { addDays } from '@sdilna/shared/domain-core';

import {
  expectRefusal,
  ownerRows,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { EdcConnectorModule } from './edc-connector.module';
import { EdcConnectorService } from './edc-connector.service';

const credentials = { username: 'spravce@lomnice.example', password: 'portal secret 123', consent: true };

describe('EdcConnectorService (service tier)', () => {
  let moduleRef: TestingModule;
  let connector: EdcConnectorService;
  let admin: SignedUp;
  let stranger: SignedUp;

  beforeAll(async () => {
    process.env['EDC_CREDENTIALS_KEYS'] = `service:${randomBytes(32).toString('base64')}`;
    moduleRef = await serviceModule(EdcConnectorModule);
    connector = moduleRef.get(EdcConnectorService);
    admin = await signUpAdmin(moduleRef);
    stranger = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
    delete process.env['EDC_CREDENTIALS_KEYS'];
  });

  it('needs consent (CONSENT_REQUIRED) and stores nothing without it', async () => {
    await expectRefusal(
      connector.putCredentials(admin.principal, admin.communityId, { ...credentials, consent: false }),
      'CONSENT_REQUIRED',
    );
    expect(
      await ownerRows(`SELECT 1 FROM edc_connectors WHERE community_id = $1`, [admin.communityId]),
    ).toEqual([]);
  });

  it('stores the credentials encrypted, shows only the masked username and audits no password', async () => {
    const status = await connector.putCredentials(admin.principal, admin.communityId, credentials);
    expect(status.credentials?.username).not.toContain('spravce@');
    expect(status.nightlyAt).toMatch(/^\d{2}:\d{2}$/);
    const [row] = await ownerRows<{ credentials: string }>(
      `SELECT credentials FROM edc_connectors WHERE community_id = $1`,
      [admin.communityId],
    );
    expect(row?.credentials).toMatch(/^v1:service:/);
    expect(row?.credentials).not.toContain('portal secret');
    const audit = await ownerRows<{ after: unknown }>(
      `SELECT after FROM audit_log WHERE community_id = $1 AND entity = 'edc-connector'`,
      [admin.communityId],
    );
    expect(JSON.stringify(audit)).not.toContain('portal secret');
  });

  it('maps each EDC group to one sharing group of the community', async () => {
    await expectRefusal(
      connector.putMapping(admin.principal, admin.communityId, {
        groups: [
          { edcGroupId: '1001', sharingGroupId: admin.groupId },
          { edcGroupId: '1001', sharingGroupId: randomUUID() },
        ],
      }),
      'MAPPING_DUPLICATE',
    );
    await expectRefusal(
      connector.putMapping(admin.principal, admin.communityId, {
        groups: [{ edcGroupId: '1002', sharingGroupId: stranger.groupId }],
      }),
      'SHARING_GROUP_NOT_FOUND',
    );
    const mapped = await connector.putMapping(admin.principal, admin.communityId, {
      groups: [{ edcGroupId: '1003', sharingGroupId: admin.groupId }],
    });
    expect(mapped.groups).toEqual([{ edcGroupId: '1003', sharingGroupId: admin.groupId }]);
  });

  it('fetches only past days EDC has, at most a year at once (INVALID_RANGE)', async () => {
    const yesterday = addDays(pragueToday(), -1);
    for (const range of [
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-01' },
      { from: yesterday, to: pragueToday() },
      { from: addDays(yesterday, -400), to: yesterday },
    ])
      await expectRefusal(connector.fetchNow(admin.principal, admin.communityId, range), 'INVALID_RANGE');
  });

  it('fetches nothing before the connector is set up and a group is mapped', async () => {
    const yesterday = addDays(pragueToday(), -1);
    await expectRefusal(
      connector.fetchNow(stranger.principal, stranger.communityId, { from: yesterday, to: yesterday }),
      'CONNECTOR_NOT_CONFIGURED',
    );
    await connector.putCredentials(stranger.principal, stranger.communityId, credentials);
    await expectRefusal(
      connector.fetchNow(stranger.principal, stranger.communityId, { from: yesterday, to: yesterday }),
      'NO_GROUP_MAPPED',
    );
  });

  it('removes the credentials and keeps answering when removed twice', async () => {
    await connector.removeCredentials(stranger.principal, stranger.communityId);
    await connector.removeCredentials(stranger.principal, stranger.communityId);
    expect((await connector.status(stranger.principal, stranger.communityId)).credentials).toBeNull();
    const deletes = await ownerRows(
      `SELECT 1 FROM audit_log WHERE community_id = $1 AND entity = 'edc-connector' AND action = 'delete'`,
      [stranger.communityId],
    );
    expect(deletes).toHaveLength(1);
  });

  it('lets no stranger read or change the connector', async () => {
    await expectRefusal(connector.status(stranger.principal, admin.communityId), 'COMMUNITY_NOT_FOUND');
    await expectRefusal(
      connector.removeCredentials(stranger.principal, admin.communityId),
      'COMMUNITY_NOT_FOUND',
    );
    expect(
      await ownerRows(`SELECT 1 FROM edc_connectors WHERE community_id = $1`, [admin.communityId]),
    ).toHaveLength(1);
  });
});
