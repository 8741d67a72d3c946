import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useScratchStorage } from '@sdilna/test-support/scratch-storage';
import {
  expectRefusal,
  ownerRows,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { ImportsModule } from './imports.module';
import { ImportsService } from './imports.service';

const storage = useScratchStorage('imports-service');

/** A file in the scratch folder, as the upload interceptor would have stored it. */
function stored(
  content: string,
  name = 'export.csv',
): { path: string; size: number; sha256: string; originalname: string } {
  const path = join(storage.uploadDir, '..', `${randomUUID()}.part`);
  writeFileSync(path, content);
  return {
    path,
    size: Buffer.byteLength(content),
    sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    originalname: name,
  };
}

describe('ImportsService (service tier, up to the queued batch)', () => {
  let moduleRef: TestingModule;
  let imports: ImportsService;
  let admin: SignedUp;
  let stranger: SignedUp;

  beforeAll(async () => {
    moduleRef = await serviceModule(ImportsModule);
    imports = moduleRef.get(ImportsService);
    admin = await signUpAdmin(moduleRef);
    stranger = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  it('refuses a stranger before reading the file, and removes the file it was given', async () => {
    const file = stored('Datum;Cas od\n');
    await expectRefusal(imports.upload(stranger.principal, admin.communityId, file), 'COMMUNITY_NOT_FOUND');
    expect(existsSync(file.path)).toBe(false);
    expect(await imports.list(admin.principal, admin.communityId)).toEqual([]);
  });

  it('refuses an unknown calculation, a missing file and an empty one, leaving nothing behind', async () => {
    const file = stored('Datum;Cas od\n');
    await expectRefusal(
      imports.upload(admin.principal, admin.communityId, file, 'weekly'),
      'CALCULATION_INVALID',
    );
    expect(existsSync(file.path)).toBe(false);
    await expectRefusal(imports.upload(admin.principal, admin.communityId, undefined), 'FILE_MISSING');
    const empty = stored('');
    await expectRefusal(imports.upload(admin.principal, admin.communityId, empty), 'FILE_EMPTY');
    expect(existsSync(empty.path)).toBe(false);
  });

  it('queues one batch per content: the same file again answers the live batch (duplicate) and keeps one copy', async () => {
    const content = `Datum;Cas od;Cas do\n${randomUUID()}\n`;
    const source = join(storage.uploadDir, '..', `source-${randomUUID()}.csv`);
    writeFileSync(source, content);
    const first = await imports.importFile(admin.communityId, source, { calculation: 'daily' });
    expect(first).toMatchObject({ status: 'queued', duplicate: false });
    const again = await imports.importFile(admin.communityId, source);
    expect(again).toEqual({ id: first.id, status: 'queued', duplicate: true });
    const batches = await ownerRows<{ id: string; requested_calculation: string | null }>(
      `SELECT id, requested_calculation FROM import_batches WHERE community_id = $1`,
      [admin.communityId],
    );
    expect(batches).toEqual([{ id: first.id, requested_calculation: 'daily' }]);
    expect(readdirSync(join(storage.uploadDir, admin.communityId))).toEqual([`${first.id}.csv`]);
    expect(readdirSync(join(storage.uploadDir, 'incoming'))).toEqual([]);
    // the same content in another community is that community's own batch
    const elsewhere = await imports.importFile(stranger.communityId, source);
    expect(elsewhere.duplicate).toBe(false);
    expect((await imports.get(admin.principal, admin.communityId, first.id)).status).toBe('queued');
  });

  it('answers IMPORT_NOT_FOUND for a batch of another community', async () => {
    const [batch] = await imports.list(admin.principal, admin.communityId);
    await expectRefusal(imports.get(stranger.principal, stranger.communityId, batch!.id), 'IMPORT_NOT_FOUND');
    await expectRefusal(imports.status(stranger.communityId, batch!.id), 'IMPORT_NOT_FOUND');
  });
});
