import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { IsEan, IsLocalDate } from '@sdilna/api/util-registry';
import {
  GRANULARITIES,
  type Granularity,
  type GroupSharing,
  type GroupsResponse,
  POINT_ROLES,
  type PointRole,
  SHARING_SOURCES,
  type SharingOfPoint,
  type SharingQuery,
  type SharingResponse,
  type SharingSample,
  type SharingSource,
  type SharingTotals,
} from '@sdilna/shared/util-api-contract';

export { GRANULARITIES, type Granularity } from '@sdilna/shared/util-api-contract';
export const SOURCES = SHARING_SOURCES;
export type Source = SharingSource;

/** What the portal sends (the contract's query) must be a query this DTO accepts: a drift fails typecheck. */
const _portalQueryFits = (query: SharingQuery): Partial<SharingQueryDto> => query;

export class SharingQueryDto {
  @ApiProperty({ example: '2026-04-01', description: 'first Prague day, inclusive' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ example: '2026-04-30', description: 'last Prague day, inclusive' })
  @IsLocalDate()
  to!: string;

  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day' })
  @IsOptional()
  @IsIn(GRANULARITIES, { message: 'granularity must be one of 15m, day, month' })
  granularity?: Granularity;

  @ApiPropertyOptional({ example: '859182400611447671', description: 'only this metering point' })
  @IsOptional()
  @IsEan()
  ean?: string;

  @ApiPropertyOptional({
    enum: SOURCES,
    default: 'edc',
    description: "edc: EDC's own sharing (OUT); computed: our engine with the registered key",
  })
  @IsOptional()
  @IsIn(SOURCES, { message: 'source must be edc or computed' })
  source?: Source;
}

export class SharingEntryView implements SharingSample {
  @ApiProperty({
    description:
      '15m: the interval start as an ISO instant (UTC); day: YYYY-MM-DD; month: YYYY-MM (Prague calendar)',
    example: '2026-04-01',
  })
  start!: string;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'export (production) or import (consumption), kWh; null = no data',
  })
  measuredKwh!: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'shared kWh; null where EDC has not evaluated the interval yet',
  })
  sharedKwh!: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'measured − shared: sold to the trader or bought from the supplier',
  })
  residualKwh!: number | null;
}

export class EnergyTotalsView implements SharingTotals {
  @ApiProperty() measuredKwh!: number;
  @ApiProperty() sharedKwh!: number;
  @ApiProperty() residualKwh!: number;
}

export class PointSharingView implements SharingOfPoint {
  @ApiProperty() ean!: string;
  @ApiProperty({ enum: POINT_ROLES }) role!: PointRole;
  @ApiProperty({ format: 'uuid' }) meteringPointId!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty({ type: [SharingEntryView] }) series!: SharingEntryView[];
  @ApiProperty({ type: EnergyTotalsView }) totals!: EnergyTotalsView;
}

export class GroupSharingView implements GroupSharing {
  @ApiProperty({ format: 'uuid' }) sharingGroupId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'measured export of the producers' }) productionKwh!: number;
  @ApiProperty({ description: 'measured import of the consumers' }) consumptionKwh!: number;
  @ApiProperty() sharedKwh!: number;
  @ApiProperty() residualExportKwh!: number;
  @ApiProperty() residualImportKwh!: number;
  @ApiProperty({
    description:
      'Σ per interval of min(residual export, residual import): what a better key could have shared',
  })
  missedKwh!: number;
  @ApiProperty({ description: 'point-intervals where EDC and the registered key disagree (computed source)' })
  discrepancies!: number;
}

export class SharingView implements SharingResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: GRANULARITIES }) granularity!: Granularity;
  @ApiProperty({ enum: SOURCES }) source!: Source;
  @ApiProperty({ type: [PointSharingView] }) points!: PointSharingView[];
  @ApiProperty({
    type: [GroupSharingView],
    description: 'group totals; administrators only (empty for members)',
  })
  groups!: GroupSharingView[];
}

export class SharingGroupsQueryDto {
  @ApiProperty({ example: '2026-04-01', description: 'first Prague day, inclusive' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ example: '2026-04-30', description: 'last Prague day, inclusive' })
  @IsLocalDate()
  to!: string;

  @ApiPropertyOptional({
    enum: SOURCES,
    default: 'edc',
    description: "edc: EDC's own sharing (OUT); computed: our engine with the registered key",
  })
  @IsOptional()
  @IsIn(SOURCES, { message: 'source must be edc or computed' })
  source?: Source;
}

export class GroupsView implements GroupsResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: SOURCES }) source!: Source;
  @ApiProperty({
    type: [GroupSharingView],
    description: 'the same group totals as `groups` of GET .../sharing, for groups with stored days',
  })
  groups!: GroupSharingView[];
}
