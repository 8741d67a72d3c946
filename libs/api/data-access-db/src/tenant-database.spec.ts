import type { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';

import { TenantDatabase } from './tenant-database';

describe('TenantDatabase', () => {
  const dataSource = { transaction: vi.fn(), createQueryRunner: vi.fn() } as unknown as DataSource;
  const db = new TenantDatabase(dataSource);

  it('refuses to run tenant work without a community id, before touching the database', async () => {
    for (const id of ['', 'undefined', 'not-a-uuid', undefined as unknown as string]) {
      await expect(db.run(id, async () => 'never')).rejects.toThrow(/needs a community id/);
      await expect(db.runForUser(id, async () => 'never')).rejects.toThrow(/needs a user id/);
    }
    expect(dataSource.transaction).not.toHaveBeenCalled();
    expect(dataSource.createQueryRunner).not.toHaveBeenCalled();
  });
});
