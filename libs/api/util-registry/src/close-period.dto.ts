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
      'make the change although a month it alters has final documents: the month then shows `revised` on its settlement and is re-billed by a correction run (POST …/settlements { period }). Without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}
