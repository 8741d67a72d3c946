export { MeteringPointsException } from './metering-points.exception';
export type { MeteringPointsErrorCode } from './metering-points.exception';
export { MeteringPointsModule } from './metering-points.module';
export { MeteringPointsService, toPointView } from './metering-points.service';
