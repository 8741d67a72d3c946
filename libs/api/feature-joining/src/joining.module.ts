import { Module } from '@nestjs/common';

import { CommunitiesModule } from '@sdilna/api/feature-communities';
import { MembersModule } from '@sdilna/api/feature-members';
import { MeteringPointsModule } from '@sdilna/api/feature-metering-points';
import { SharingModule } from '@sdilna/api/feature-sharing';

import { JoiningController, PublicJoiningController } from './joining.controller';
import { JoiningService } from './joining.service';
import { NewcomerEstimateService } from './newcomer-estimate.service';

/** The public "does joining pay?" page and join requests (issue 23 item 1). */
@Module({
  imports: [CommunitiesModule, MembersModule, MeteringPointsModule, SharingModule],
  controllers: [PublicJoiningController, JoiningController],
  providers: [JoiningService, NewcomerEstimateService],
  exports: [JoiningService, NewcomerEstimateService],
})
export class JoiningModule {}
