import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

import { IsEan, IsLocalDate } from '@sdilna/api/util-registry';
import {
  type DiscrepancyPageResponse,
  type DiscrepancyResponse,
  POINT_ROLES,
  type PointRole,
} from '@sdilna/shared/util-api-contract';

export class DiscrepancyQueryDto {
  @ApiProperty({ example: '2026-04-01' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ example: '2026-04-30' })
  @IsLocalDate()
  to!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEan()
  ean?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class DiscrepancyView implements DiscrepancyResponse {
  @ApiProperty() ean!: string;
  @ApiProperty({ enum: POINT_ROLES }) role!: PointRole;
  @ApiProperty({ description: 'interval start, ISO instant (UTC)' }) start!: string;
  @ApiProperty({ example: '2026-04-01' }) date!: string;
  @ApiProperty({ description: "shared according to EDC's OUT" }) edcSharedKwh!: number;
  @ApiProperty({ description: 'shared by our engine with the registered key' }) computedSharedKwh!: number;
  @ApiProperty({ description: 'EDC − computed' }) differenceKwh!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) keyId!: string | null;
}

export class DiscrepancyPageView implements DiscrepancyPageResponse {
  @ApiProperty({
    description: 'differing point-intervals in the period (exact, also beyond the stored detail rows)',
  })
  total!: number;
  @ApiProperty({ description: 'detail rows matching the filter' }) stored!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [DiscrepancyView] }) items!: DiscrepancyView[];
}

export class PairDiscrepancyView {
  @ApiProperty({ description: 'production EAN of the pair' }) producerEan!: string;
  @ApiProperty({ description: 'consumption EAN of the pair' }) consumerEan!: string;
  @ApiProperty({ description: 'interval start, ISO instant (UTC)' }) start!: string;
  @ApiProperty({ example: '2026-04-01' }) date!: string;
  @ApiProperty({
    description: "shared in this pair according to EDC's pair report (0: the report has no such pair)",
  })
  edcSharedKwh!: number;
  @ApiProperty({
    description: "the engine's pair result with the registered key (0: the key has no such pair)",
  })
  computedSharedKwh!: number;
  @ApiProperty({ description: 'EDC − computed' }) differenceKwh!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) keyId!: string | null;
}

export class PairDiscrepancyPageView {
  @ApiProperty({
    description:
      'differing pair-intervals stored for the period and filter (detail rows are capped at 50 000 per recompute)',
  })
  total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [PairDiscrepancyView] }) items!: PairDiscrepancyView[];
}
