import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { IsIco, IsLocalDate, PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';
import {
  MEMBER_KINDS,
  type MemberKind,
  type MemberRequest,
  type MemberResponse,
} from '@sdilna/shared/util-api-contract';

export class CreateMemberDto implements MemberRequest {
  @ApiProperty({ example: 'Základní škola Lomnice' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: MEMBER_KINDS })
  @IsIn(MEMBER_KINDS)
  kind!: MemberKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ description: 'IČO, 8 digits with a valid check digit' })
  @IsOptional()
  @IsIco()
  ico?: string;

  @ApiPropertyOptional({ description: 'DIČ, CZ + 8 to 10 digits', example: 'CZ00245381' })
  @IsOptional()
  @Matches(/^CZ\d{8,10}$/, { message: 'dic must be CZ followed by 8 to 10 digits' })
  dic?: string;

  @ApiPropertyOptional({ default: false, description: 'VAT payer (needs a DIČ)' })
  @IsOptional()
  @IsBoolean()
  vatPayer?: boolean;

  @ApiPropertyOptional({
    default: 0,
    description:
      "voting weight; 0 = no voting rights. No member may hold more than the rules' cap (10 %) of all votes",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  votes?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'for kind municipal-unit: the municipality it belongs to',
  })
  @IsOptional()
  @IsUUID()
  parentMemberId?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'default: today (Prague)' })
  @IsOptional()
  @IsLocalDate()
  joinedOn?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsLocalDate()
  leftOn?: string;
}

export class UpdateMemberDto extends PartialType(CreateMemberDto) {}

export class MemberListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEMBER_KINDS })
  @IsOptional()
  @IsIn(MEMBER_KINDS)
  kind?: MemberKind;

  @ApiPropertyOptional({ description: 'part of the name, IČO or e-mail (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'true: only members who have not left by today' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class MemberView implements MemberResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: MEMBER_KINDS })
  kind!: MemberKind;

  @ApiProperty({ nullable: true, type: String })
  email!: string | null;

  @ApiProperty({ nullable: true, type: String })
  phone!: string | null;

  @ApiProperty({ nullable: true, type: String })
  address!: string | null;

  @ApiProperty({ nullable: true, type: String })
  ico!: string | null;

  @ApiProperty({ nullable: true, type: String })
  dic!: string | null;

  @ApiProperty()
  vatPayer!: boolean;

  @ApiProperty()
  votes!: number;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  parentMemberId!: string | null;

  @ApiProperty({ example: '2026-01-01' })
  joinedOn!: string;

  @ApiProperty({ nullable: true, type: String })
  leftOn!: string | null;
}

export class MemberPage extends PageMetaDto {
  @ApiProperty({ type: [MemberView] })
  items!: MemberView[];
}
