import { Module } from '@nestjs/common';

import { SettlementDataModule } from '@sdilna/api/data-access-settlement';

import { RechargesController } from './recharges.controller';
import { RechargesService } from './recharges.service';

/** The municipality's view: its internal recharges per organisational unit and month, with exports. */
@Module({
  imports: [SettlementDataModule],
  controllers: [RechargesController],
  providers: [RechargesService],
})
export class MunicipalityModule {}
