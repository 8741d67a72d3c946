import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject } from 'class-validator';

import { IsLocalDate } from '@sdilna/api/util-registry';

export class SimulationRequestDto {
  @ApiProperty({ example: '2026-04-01' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ example: '2026-04-30' })
  @IsLocalDate()
  to!: string;

  @ApiProperty({
    description:
      'a key file (contract.md section 1): { method, rounds?, allocations: [{ producer, consumer, percent, priority? }] }',
    example: {
      method: 'static-iterative',
      rounds: 5,
      allocations: [
        { producer: '859182400611447671', consumer: '859182400611941803', percent: 9, priority: 1 },
      ],
    },
  })
  @IsDefined()
  @IsObject()
  key!: Record<string, unknown>;
}

export class SimulationTotalsView {
  @ApiProperty() sharedKwh!: number;
  @ApiProperty() missedKwh!: number;
}

export class SimulationPointView {
  @ApiProperty() ean!: string;
  @ApiProperty({ enum: ['production', 'consumption'] }) role!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() measuredKwh!: number;
  @ApiProperty({ description: 'shared with the registered key' }) registeredSharedKwh!: number;
  @ApiProperty({ description: 'shared with the simulated key' }) simulatedSharedKwh!: number;
  @ApiProperty({ description: 'simulated − registered' }) changeKwh!: number;
}

export class SimulationMemberView {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() registeredSharedKwh!: number;
  @ApiProperty() simulatedSharedKwh!: number;
  @ApiProperty() changeKwh!: number;
}

export class SimulationView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ format: 'uuid' }) sharingGroupId!: string;
  @ApiProperty({ description: 'days with measured data in the period' }) days!: number;
  @ApiProperty({ type: SimulationTotalsView, description: 'the key versions registered for those days' })
  registered!: SimulationTotalsView;
  @ApiProperty({ type: SimulationTotalsView }) simulated!: SimulationTotalsView;
  @ApiProperty({ description: 'simulated − registered shared' }) changeKwh!: number;
  @ApiProperty({ type: [SimulationPointView] }) points!: SimulationPointView[];
  @ApiProperty({ type: [SimulationMemberView] }) members!: SimulationMemberView[];
}
