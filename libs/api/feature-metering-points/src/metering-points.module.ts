import { Module } from '@nestjs/common';

import { MeteringPointsImportController } from './metering-points-import.controller';
import { MeteringPointsController } from './metering-points.controller';
import { MeteringPointPricesService } from './metering-point-prices.service';
import { MeteringPointsImportService } from './metering-points-import.service';
import { MeteringPointsService } from './metering-points.service';

@Module({
  controllers: [MeteringPointsController, MeteringPointsImportController],
  providers: [MeteringPointsService, MeteringPointPricesService, MeteringPointsImportService],
  exports: [MeteringPointsService, MeteringPointPricesService, MeteringPointsImportService],
})
export class MeteringPointsModule {}
