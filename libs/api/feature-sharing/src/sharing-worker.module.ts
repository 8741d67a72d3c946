import { Module } from '@nestjs/common';

import { CompletenessService } from './completeness.service';
import { CompletenessCheckHandler } from './jobs/completeness-check.handler';
import { NightlyRecomputeHandler } from './jobs/nightly-recompute.handler';
import { RecomputeHandler } from './jobs/recompute.handler';
import { RecomputeRunner } from './jobs/recompute-runner';

/** The worker side: recompute and reconciliation after imports, the nightly recompute, the completeness check. */
@Module({
  providers: [
    RecomputeRunner,
    CompletenessService,
    RecomputeHandler,
    NightlyRecomputeHandler,
    CompletenessCheckHandler,
  ],
  exports: [RecomputeRunner, CompletenessService],
})
export class SharingWorkerModule {}
