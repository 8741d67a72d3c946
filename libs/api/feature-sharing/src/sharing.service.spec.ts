import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import type { TenantDatabase } from '@sdilna/api/data-access-db';
import type { OneStatementReads } from '@sdilna/api/data-access-readings';
import type { CommunityAccess } from '@sdilna/api/data-access-registry';

import { SharingException } from './sharing.exception';
import { PERIODS_KEPT, SharingService } from './sharing.service';

const CALLER = { userId: randomUUID(), sessionId: randomUUID() };

/** The group overview over stub reads: what the period check lets through, first and again. */
function overviewService(): { service: SharingService; periods: { size: number } } {
  const reads = {
    groupPeriodTotals: () => Promise.resolve({ caller: undefined, data: [] }),
  } as unknown as OneStatementReads;
  const access = { fromRow: () => ({}), requireAdmin: () => undefined } as unknown as CommunityAccess;
  const service = new SharingService({} as TenantDatabase, access, reads);
  return { service, periods: (service as unknown as { periods: { size: number } }).periods };
}

async function refusal(answer: Promise<unknown>): Promise<string> {
  try {
    await answer;
    return 'answered';
  } catch (error) {
    if (!(error instanceof SharingException)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

describe('SharingService period check', () => {
  it('answers a period it has checked before as the first time', async () => {
    const { service, periods } = overviewService();
    const query = { from: '2026-04-01', to: '2026-04-30' };
    const first = await service.groups(CALLER, randomUUID(), query);
    const again = await service.groups(CALLER, randomUUID(), query);
    expect(again).toEqual(first);
    expect(periods.size).toBe(1);
  });

  it('refuses a reversed or too long period every time with the same error, remembering none', async () => {
    const { service, periods } = overviewService();
    for (const query of [
      { from: '2026-04-30', to: '2026-04-01' },
      { from: '2000-01-01', to: '2026-04-01' },
    ]) {
      const first = await refusal(service.groups(CALLER, randomUUID(), query));
      expect(first).toMatch(/^PERIOD_INVALID: /);
      expect(await refusal(service.groups(CALLER, randomUUID(), query))).toBe(first);
    }
    expect(periods.size).toBe(0);
  });

  it(`remembers at most ${PERIODS_KEPT} periods`, async () => {
    const { service, periods } = overviewService();
    for (let day = 0; day < PERIODS_KEPT + 10; day++) {
      const to = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      await service.groups(CALLER, randomUUID(), { from: '2026-01-01', to });
    }
    expect(periods.size).toBe(PERIODS_KEPT);
  });
});
