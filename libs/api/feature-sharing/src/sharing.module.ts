import { Module } from '@nestjs/common';

import { CompletenessService } from './completeness.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { DiscrepanciesService } from './discrepancies.service';
import { KeyAdviceController } from './key-advice/key-advice.controller';
import { KeyAdviceService } from './key-advice/key-advice.service';
import { MissedSharingController } from './missed-sharing/missed-sharing.controller';
import { MissedSharingService } from './missed-sharing/missed-sharing.service';
import { SharingController } from './sharing.controller';
import { SharingService } from './sharing.service';
import { SharingStatusService } from './sharing-status.service';
import { SimulationService } from './simulation.service';

/** The HTTP side (API process): sharing, completeness, discrepancies, simulations, the admin dashboard. */
@Module({
  controllers: [SharingController, DashboardController, MissedSharingController, KeyAdviceController],
  providers: [
    DashboardService,
    SharingService,
    SharingStatusService,
    CompletenessService,
    DiscrepanciesService,
    SimulationService,
    MissedSharingService,
    KeyAdviceService,
  ],
  exports: [SharingService, SimulationService],
})
export class SharingModule {}
