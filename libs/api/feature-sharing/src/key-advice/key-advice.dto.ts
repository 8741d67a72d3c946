import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Max,
  Min,
} from 'class-validator';

import { IsLocalMonth } from '@sdilna/api/util-registry';
import {
  KEY_ADVICE_STATES,
  type KeyAdviceJobResponse,
  type KeyAdviceRequest,
  type KeyAdviceResult,
  type KeyAdviceState,
} from '@sdilna/shared/util-api-contract';

export const MAX_ADVICE_MONTHS = 6;

export class KeyAdviceRequestDto implements KeyAdviceRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "default: the community's only sharing group" })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;

  @ApiProperty({
    example: ['2026-04', '2026-05'],
    description: `past months (1–${MAX_ADVICE_MONTHS}) the key is fitted on; the walk-forward backtest fits on the months before each later one`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ADVICE_MONTHS)
  @IsLocalMonth({ each: true })
  months!: string[];

  @ApiPropertyOptional({
    example: 1,
    description: 'fairness: every pair at least this percentage (≤ 2 decimals)',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  minPercent?: number;

  @ApiPropertyOptional({
    example: 5,
    description: 'stability: no pair moves more than this many percentage points from the current key',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  maxChange?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5,
    description: "a what-if instead of EDC's rounds; such a proposal cannot be registered",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rounds?: number;
}

export class KeyAdviceErrorView {
  @ApiProperty({
    example: 'KEY_ADVICE_CONSTRAINTS',
    description:
      'KEY_ADVICE_CONSTRAINTS (no key meets them), KEY_ADVICE_NO_DATA (a month without measured values), KEY_ADVICE_NO_PAIRS, KEY_ADVICE_GROUP_REQUIRED, KEY_ADVICE_FAILED',
  })
  code!: string;
  @ApiProperty() message!: string;
}

export class KeyAdviceJobView implements KeyAdviceJobResponse {
  @ApiProperty({ example: 'key-advice:…', description: 'deterministic per community and request' })
  jobId!: string;
  @ApiProperty({ enum: KEY_ADVICE_STATES }) state!: KeyAdviceState;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: KeyAdviceRequestDto }) request!: KeyAdviceRequestDto;
  @ApiProperty({
    type: Object,
    nullable: true,
    description:
      'when done: { sharingGroupId, key (key file), edcRegistrationCsv, current, validFrom, registrable, startKept, months: [{ month, currentSharedKwh, proposalSharedKwh }], backtest: [{ fitted, judged, currentSharedKwh, proposalSharedKwh, plainSharedKwh }], totals, moneyUnknown, members: [{ memberId, name, currentSharedKwh, proposalSharedKwh, changeKwh, current, proposal, changeCzk, savingChangeCzk }] } (util-api-contract KeyAdviceResult)',
  })
  result!: KeyAdviceResult | null;
  @ApiProperty({ type: KeyAdviceErrorView, nullable: true }) error!: KeyAdviceErrorView | null;
}
