import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';

import type { ClosePeriodRequest } from '@sdilna/shared/util-api-contract';

import { IsLocalDate } from './validators';

/** The body of every "end this period" route (PATCH …/:id or …/close) of issue 17. */
export class ClosePeriodDto implements ClosePeriodRequest {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    example: '2026-05-14',
    description:
      'last valid day (inclusive, Prague calendar); the next period may start the day after. null makes the period open-ended again',
  })
  @ValidateIf((_, value) => value !== null)
  @IsLocalDate()
  validTo!: string | null;

  @ApiPropertyOptional({
    description:
      'reserved for corrections of months with final documents (issue 17, item 3); true answers 409 CORRECTION_NOT_SUPPORTED for now',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}
