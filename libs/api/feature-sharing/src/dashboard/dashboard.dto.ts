import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import {
  DASHBOARD_WARNING_CODES,
  type DashboardResponse,
  type DashboardWarning,
  type DashboardWarningCode,
  type DashboardWarningItem,
} from '@sdilna/shared/util-api-contract';

/** Data this many days old are fresh: EDC publishes a day's values the next day, a person uploads monthly. */
export const DEFAULT_STALE_AFTER_DAYS = 7;

export class DashboardQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    default: DEFAULT_STALE_AFTER_DAYS,
    description: 'warn (DATA_OUTDATED) when the newest imported day is more than this many days before today',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  staleAfterDays?: number;
}

export class DashboardWarningItemView implements DashboardWarningItem {
  @ApiProperty({ description: 'the point (EAN), import or settlement run the item names' })
  id!: string;

  @ApiProperty({ description: 'what a person reads: "EAN (label)", a file name, a month' })
  label!: string;

  @ApiPropertyOptional({ description: 'days missing (MISSING_DAYS)' })
  count?: number;

  @ApiPropertyOptional({
    example: '2026-10',
    description: 'the month of a settlement run (DRAFT_SETTLEMENT)',
  })
  period?: string;
}

export class DashboardWarningView implements DashboardWarning {
  @ApiProperty({
    enum: DASHBOARD_WARNING_CODES,
    description:
      'MISSING_DAYS {points, days, from, to}: points without (complete) measured values on days of the newest 30 imported; ' +
      'FAILED_IMPORTS {count}: imports that failed since the newest successful one; ' +
      'DRAFT_SETTLEMENT {count, period}: runs not final yet, waiting for approval or finalisation; ' +
      'DATA_OUTDATED {days, lastDay}: the newest imported day is older than staleAfterDays',
  })
  code!: DashboardWarningCode;

  @ApiProperty({ type: Object, example: { points: 2, days: 5, from: '2026-10-02', to: '2026-10-31' } })
  params!: Record<string, string | number>;

  @ApiPropertyOptional({ type: [DashboardWarningItemView], description: 'at most 10, the worst first' })
  items?: DashboardWarningItemView[];
}

export class DashboardView implements DashboardResponse {
  @ApiProperty({
    description: 'imports that finished (done or since superseded); failed ones are not counted',
  })
  importCount!: number;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'the newest day any import stored',
  })
  lastDataDay!: string | null;

  @ApiProperty({ type: [DashboardWarningView] })
  warnings!: DashboardWarningView[];
}
