import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import type { MeteringPointRole, PriceKind } from '@sdilna/api/data-access-registry';
import { IsEan, IsLocalDate, PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';
import {
  type MeteringPointChangeRequest,
  type MeteringPointRequest,
  type MeteringPointResponse,
  POINT_PRICE_KINDS,
  POINT_ROLES,
  type PointPriceRequest,
  type PointPriceResponse,
  type PointSuccessorRequest,
} from '@sdilna/shared/util-api-contract';

const ROLES: readonly MeteringPointRole[] = POINT_ROLES;
const PRICE_KINDS: readonly PriceKind[] = POINT_PRICE_KINDS;

export class CreateMeteringPointDto implements MeteringPointRequest {
  @ApiProperty({ example: '859182400123456789', description: '18 digits, prefix 8591824, GS1 check digit' })
  @IsEan()
  ean!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: MeteringPointRole;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsLocalDate()
  validFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'inclusive; open-ended when absent' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;

  @ApiPropertyOptional({ example: 'ČOV – FVE' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'default: the community’s only sharing group' })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;
}

/** EAN and role identify the registration at EDC; a different EAN is a new point. */
export class UpdateMeteringPointDto implements MeteringPointChangeRequest {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'end the point’s membership in the group' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({
    description:
      'make the change although a month it alters has final documents: the month then shows `revised` on its settlement and is re-billed by a correction run (POST …/settlements { period }). Without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}

/**
 * The point's next period from `validFrom` (issue 17): another member, another sharing group or both. The
 * current period ends the day before; the EAN, role and (unless given) label stay.
 */
export class PointSuccessorDto implements PointSuccessorRequest {
  @ApiProperty({ example: '2026-06-01', description: 'first day of the next period' })
  @IsLocalDate()
  validFrom!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the member from validFrom; default: the same member' })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the sharing group from validFrom; default: the same group',
  })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;

  @ApiPropertyOptional({ example: 'ČOV – FVE' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
}

export class MeteringPointListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: MeteringPointRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;

  @ApiPropertyOptional({ description: 'exact EAN' })
  @IsOptional()
  @Matches(/^\d{18}$/)
  ean?: string;

  @ApiPropertyOptional({ description: 'only points valid on this day', example: '2026-06-01' })
  @IsOptional()
  @IsLocalDate()
  activeOn?: string;
}

export class MeteringPointView implements MeteringPointResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  ean!: string;

  @ApiProperty({ enum: ROLES })
  role!: MeteringPointRole;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ format: 'uuid' })
  sharingGroupId!: string;

  @ApiProperty()
  validFrom!: string;

  @ApiProperty({ nullable: true, type: String })
  validTo!: string | null;

  @ApiProperty({ nullable: true, type: String })
  label!: string | null;
}

export class MeteringPointPage extends PageMetaDto {
  @ApiProperty({ type: [MeteringPointView] })
  items!: MeteringPointView[];
}

export class CreatePriceDto implements PointPriceRequest {
  @ApiProperty({
    enum: PRICE_KINDS,
    description: 'supplier-energy for consumption points, feed-in for production points',
  })
  @IsIn(PRICE_KINDS)
  kind!: PriceKind;

  @ApiProperty({ example: '6.50', description: 'Kč per kWh without VAT, up to 4 decimals' })
  @Matches(/^\d{1,6}(\.\d{1,4})?$/, {
    message: 'pricePerKwh must be a decimal string like "6.50" (up to 4 decimals)',
  })
  pricePerKwh!: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsLocalDate()
  validFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;

  @ApiPropertyOptional({
    description:
      'make the change although a month it alters has final documents: the month then shows `revised` on its settlement and is re-billed by a correction run (POST …/settlements { period }). Without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}

export class PriceView implements PointPriceResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: PRICE_KINDS })
  kind!: PriceKind;

  @ApiProperty({ example: '6.50' })
  pricePerKwh!: string;

  @ApiProperty({ example: 'CZK' })
  currency!: 'CZK';

  @ApiProperty()
  validFrom!: string;

  @ApiProperty({ nullable: true, type: String })
  validTo!: string | null;
}
