import { Module } from '@nestjs/common';

import { MeteringPointsController } from './metering-points.controller';
import { MeteringPointsService } from './metering-points.service';

@Module({
  controllers: [MeteringPointsController],
  providers: [MeteringPointsService],
  exports: [MeteringPointsService],
})
export class MeteringPointsModule {}
