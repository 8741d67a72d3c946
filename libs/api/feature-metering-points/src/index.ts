export { MeteringPointsException } from './metering-points.exception';
export type { MeteringPointsErrorCode } from './metering-points.exception';
export { MeteringPointsModule } from './metering-points.module';
export { MeteringPointPricesService } from './metering-point-prices.service';
export { toPointView } from './metering-point-views';
export { MeteringPointsImportService } from './metering-points-import.service';
export { MeteringPointsService } from './metering-points.service';
