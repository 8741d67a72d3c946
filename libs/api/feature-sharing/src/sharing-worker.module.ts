import { Global, Module } from '@nestjs/common';

import { SHARING_RECOMPUTE } from '@sdilna/api/data-access-settlement';

import { CompletenessService } from './completeness.service';
import { CompletenessCheckHandler } from './jobs/completeness-check.handler';
import { KeyAdviceHandler } from './key-advice/key-advice.handler';
import { KeyAdviceRunner } from './key-advice/key-advice-runner';
import { NightlyRecomputeHandler } from './jobs/nightly-recompute.handler';
import { RecomputeHandler } from './jobs/recompute.handler';
import { RecomputeRunner } from './jobs/recompute-runner';
import { RecomputeStaleHandler } from './jobs/recompute-stale.handler';

/**
 * The worker side: recompute and reconciliation after imports, the nightly recompute, the completeness check,
 * the key advice's search.
 * Global so that settlement finds the recompute by its token without importing this library (and the engine).
 */
@Global()
@Module({
  providers: [
    RecomputeRunner,
    CompletenessService,
    RecomputeHandler,
    RecomputeStaleHandler,
    NightlyRecomputeHandler,
    CompletenessCheckHandler,
    KeyAdviceRunner,
    KeyAdviceHandler,
    { provide: SHARING_RECOMPUTE, useExisting: RecomputeRunner },
  ],
  exports: [RecomputeRunner, CompletenessService, SHARING_RECOMPUTE],
})
export class SharingWorkerModule {}
