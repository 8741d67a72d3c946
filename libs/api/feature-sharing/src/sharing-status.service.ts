import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { CommunityAccess, StaleMonthsStore } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';

import type { SharingStatusView } from './dtos/sharing-status.dto';

/** Whether the stored sharing is of the inputs valid now (issue 17, item 2), and which months are not. */
@Injectable()
export class SharingStatusService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
  ) {}

  async status(principal: Principal, communityId: string): Promise<SharingStatusView> {
    return this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      const marks = await tx.store(StaleMonthsStore).list();
      const months = marks.map((mark) => ({
        month: mark.month,
        state: mark.recomputingSince === null ? ('stale' as const) : ('recomputing' as const),
        fromDay: mark.fromDay,
        toDay: mark.toDay,
        reasons: [...mark.reasons],
        markedAt: new Date(mark.markedAt).toISOString(),
        recomputingSince: mark.recomputingSince,
      }));
      const recomputingMonths = months.filter((m) => m.state === 'recomputing').map((m) => m.month);
      return {
        state: months.length === 0 ? 'current' : recomputingMonths.length > 0 ? 'recomputing' : 'stale',
        staleMonths: months.map((m) => m.month),
        recomputingMonths,
        months,
      };
    });
  }
}
