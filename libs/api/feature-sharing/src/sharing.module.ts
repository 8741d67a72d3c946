import { Module } from '@nestjs/common';

import { CompletenessService } from './completeness.service';
import { DiscrepanciesService } from './discrepancies.service';
import { SharingController } from './sharing.controller';
import { SharingService } from './sharing.service';
import { SharingStatusService } from './sharing-status.service';
import { SimulationService } from './simulation.service';

/** The HTTP side (API process): sharing, completeness, discrepancies, simulations. */
@Module({
  controllers: [SharingController],
  providers: [
    SharingService,
    SharingStatusService,
    CompletenessService,
    DiscrepanciesService,
    SimulationService,
  ],
  exports: [SharingService, SimulationService],
})
export class SharingModule {}
