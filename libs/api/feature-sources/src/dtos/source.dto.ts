import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Max } from 'class-validator';

import { PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';
import {
  SOURCE_KINDS,
  type SourceChangeRequest,
  type SourceKind,
  type SourceRequest,
  type SourceResponse,
} from '@sdilna/shared/util-api-contract';

export class CreateSourceDto implements SourceRequest {
  @ApiProperty({ example: 'FVE ČOV' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS)
  kind!: SourceKind;

  @ApiProperty({ example: 31.9, description: 'installed power in kW (kWp for PV), at most 2 decimals' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Max(10_000_000)
  installedKw!: number;

  @ApiProperty({ format: 'uuid', description: 'the production metering point the plant exports through' })
  @IsUUID()
  meteringPointId!: string;
}

export class UpdateSourceDto implements SourceChangeRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 35.2 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Max(10_000_000)
  installedKw?: number;
}

export class SourceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meteringPointId?: string;
}

export class SourceView implements SourceResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: SOURCE_KINDS })
  kind!: SourceKind;

  @ApiProperty({ example: 31.9 })
  installedKw!: number;

  @ApiProperty({ description: 'derived from the kind' })
  renewable!: boolean;

  @ApiProperty({ format: 'uuid' })
  meteringPointId!: string;
}

export class SourcePage extends PageMetaDto {
  @ApiProperty({ type: [SourceView] })
  items!: SourceView[];
}
