import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

import { IsIco } from '@sdilna/api/util-registry';
import {
  COMMUNITY_ROLES,
  COMMUNITY_TYPES,
  type CommunityResponse,
  type CommunityType,
} from '@sdilna/shared/util-api-contract';

export class CreateCommunityDto {
  @ApiProperty({ example: 'Lomnice nad Lužnicí – obecní budovy' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: COMMUNITY_TYPES })
  @IsIn(COMMUNITY_TYPES)
  type!: CommunityType;

  @ApiPropertyOptional({ description: 'IČO of the legal entity (8 digits, checked)', example: '00245381' })
  @IsOptional()
  @IsIco()
  ico?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'ORP (municipalities with extended powers) the community covers',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  territoryOrp?: string[];
}

/** The type is fixed at creation: every registered point, member and key was checked against its rules. */
export class UpdateCommunityDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIco()
  ico?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  territoryOrp?: string[];
}

export class CommunityView implements CommunityResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: COMMUNITY_TYPES })
  type!: CommunityType;

  @ApiProperty({ nullable: true, type: String })
  ico!: string | null;

  @ApiProperty({ nullable: true, type: String })
  address!: string | null;

  @ApiProperty({ type: [String] })
  territoryOrp!: string[];

  @ApiProperty({ format: 'uuid', description: 'the sharing group created with the community' })
  defaultSharingGroupId?: string;
}

export class MyCommunityView extends CommunityView {
  @ApiProperty({ type: [String], enum: COMMUNITY_ROLES })
  roles!: string[];
}
