import { Module } from '@nestjs/common';

import { CommunitiesModule } from '@sdilna/api/feature-communities';
import { MembersModule } from '@sdilna/api/feature-members';
import { MeteringPointsModule } from '@sdilna/api/feature-metering-points';
import { SharingModule } from '@sdilna/api/feature-sharing';

import { JoiningController, PublicJoiningController } from './joining.controller';
import { OnboardingController } from './onboarding.controller';
import { JoiningService } from './joining.service';
import { NewcomerEstimateService } from './newcomer-estimate.service';
import { OnboardingService } from './onboarding.service';

/** The public "does joining pay?" page, join requests and bulk onboarding (issue 23 items 1 and 5). */
@Module({
  imports: [CommunitiesModule, MembersModule, MeteringPointsModule, SharingModule],
  controllers: [PublicJoiningController, JoiningController, OnboardingController],
  providers: [JoiningService, NewcomerEstimateService, OnboardingService],
  exports: [JoiningService, NewcomerEstimateService],
})
export class JoiningModule {}
