import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject } from 'class-validator';

import { IsLocalDate } from '@sdilna/api/util-registry';
import {
  POINT_ROLES,
  type SimulationRequest,
  type SimulationResponse,
} from '@sdilna/shared/util-api-contract';

export class SimulationRequestDto {
  @ApiProperty({ example: '2026-04-01' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ example: '2026-04-30' })
  @IsLocalDate()
  to!: string;

  @ApiProperty({
    description:
      'a key file (contract.md section 1): { method, rounds?, allocations: [{ producer, consumer, percent, priority? }] }. `static-iterative` simulates the group with iteration requested at EDC; without `rounds` the key runs the rounds EDC derives for the group each day, an explicit 1..5 is a what-if.',
    example: {
      method: 'static-iterative',
      allocations: [
        { producer: '859182400611447671', consumer: '859182400611941803', percent: 9, priority: 1 },
      ],
    },
  })
  @IsDefined()
  @IsObject()
  key!: Record<string, unknown>;
}

/** What the portal sends (the contract's request) must be a request this DTO accepts: a drift fails typecheck. */
const _portalRequestFits = (request: SimulationRequest): Partial<SimulationRequestDto> => ({
  ...request,
  key: { ...request.key },
});

const MONEY = { type: String, nullable: true, example: '123.45' } as const;

export class SimulationTotalsView {
  @ApiProperty() sharedKwh!: number;
  @ApiProperty() missedKwh!: number;
  @ApiProperty({
    ...MONEY,
    description:
      "net Kč of the shared energy at the community's internal price (priced as a settlement prices it); null when no price list covers it",
  })
  valueCzk!: string | null;
  @ApiProperty({
    ...MONEY,
    description:
      "Σ of the members' savings against their supplier prices, net Kč; null when a price is missing",
  })
  savingCzk!: string | null;
}

export class SimulationMoneyUnknownView {
  @ApiProperty({ example: 'NO_PRICE_LIST' }) code!: string;
  @ApiProperty() message!: string;
}

export class SimulationPointView {
  @ApiProperty() ean!: string;
  @ApiProperty({ enum: POINT_ROLES }) role!: string;
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
  @ApiProperty({ ...MONEY, description: "what the member's points received, at the internal price, net Kč" })
  registeredValueCzk!: string | null;
  @ApiProperty(MONEY) simulatedValueCzk!: string | null;
  @ApiProperty({ ...MONEY, description: 'simulated − registered value' }) changeCzk!: string | null;
  @ApiProperty({ ...MONEY, description: "the member's saving against its supplier price, net Kč" })
  registeredSavingCzk!: string | null;
  @ApiProperty(MONEY) simulatedSavingCzk!: string | null;
  @ApiProperty({ ...MONEY, description: 'simulated − registered saving' }) savingChangeCzk!: string | null;
}

export class SimulationRoundsView {
  @ApiProperty({ description: 'days with data that ran these rounds' }) days!: number;
  @ApiProperty({ description: "EDC's rounds for the group with its registered request for iteration" })
  registeredRounds!: number;
  @ApiProperty({ description: 'rounds the simulated key ran (its what-if `rounds` where it has one)' })
  simulatedRounds!: number;
  @ApiProperty({ description: "EDC's rounds for the simulated key's method (what EDC would run)" })
  simulatedEdcRounds!: number;
}

export class SimulationView implements SimulationResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ format: 'uuid' }) sharingGroupId!: string;
  @ApiProperty({ description: 'days with measured data in the period' }) days!: number;
  @ApiProperty({ type: SimulationTotalsView, description: 'the key versions registered for those days' })
  registered!: SimulationTotalsView;
  @ApiProperty({ type: SimulationTotalsView }) simulated!: SimulationTotalsView;
  @ApiProperty({ description: 'simulated − registered shared' }) changeKwh!: number;
  @ApiProperty({ ...MONEY, description: 'simulated − registered value at the internal price' })
  changeCzk!: string | null;
  @ApiProperty({
    type: SimulationMoneyUnknownView,
    nullable: true,
    description: "why the Kč are null: settlement's code and message",
  })
  moneyUnknown!: SimulationMoneyUnknownView | null;
  @ApiProperty({ type: [SimulationRoundsView], description: 'the rounds run, per distinct combination' })
  rounds!: SimulationRoundsView[];
  @ApiProperty({ type: [SimulationPointView] }) points!: SimulationPointView[];
  @ApiProperty({ type: [SimulationMemberView] }) members!: SimulationMemberView[];
}
