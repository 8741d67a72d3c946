import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { StoredEmail } from '@sdilna/api/util-http';
import { IsDic, IsIco, IsLocalDate, PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';
import { ENTERPRISE_SIZES, type EnterpriseSize } from '@sdilna/shared/domain-core';
import { VAT_STATUSES, type VatStatus } from '@sdilna/shared/domain-settlement';
import {
  MEMBER_KINDS,
  type MemberKind,
  type MemberChangeRequest,
  type MemberRequest,
  type MemberResponse,
} from '@sdilna/shared/util-api-contract';

/**
 * The fields a member may lack: on create null is the same as leaving one out; on update (PATCH) null clears it.
 * The other fields cannot be null (the validation pipe refuses null where the contract does not allow it).
 */
class MemberOptionalFieldsDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @StoredEmail()
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'IČO, 8 digits with a valid check digit',
  })
  @IsOptional()
  @IsIco()
  ico?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '2025-12-01',
    description:
      "a producer's agreement that the community issues its invoices or credit notes (§ 28 odst. 3 ZDPH); self-billed documents state it",
  })
  @IsOptional()
  @IsLocalDate()
  selfBillingAgreedOn?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description: 'for kind municipal-unit: the municipality it belongs to',
  })
  @IsOptional()
  @IsUUID()
  parentMemberId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    enum: ENTERPRISE_SIZES,
    description:
      'the SME declaration: small or medium for kind sme (an SME votes only with it), large for a large enterprise',
  })
  @IsOptional()
  @IsIn(ENTERPRISE_SIZES)
  enterpriseSize?: EnterpriseSize | null;

  @ApiPropertyOptional({
    nullable: true,
    example: 'Semily',
    description: "the ORP where the member's points lie; a voter of a renewable community must be local",
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  orp?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '2026-12-31',
  })
  @IsOptional()
  @IsLocalDate()
  leftOn?: string | null;
}

export class CreateMemberDto extends MemberOptionalFieldsDto implements MemberRequest {
  @ApiProperty({ example: 'Základní škola Lomnice' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: MEMBER_KINDS })
  @IsIn(MEMBER_KINDS)
  kind!: MemberKind;

  @ApiPropertyOptional({
    description:
      'DIČ in force today: CZ + 8 to 10 digits, 8 of them a valid IČO; a payer and an identified person have one, a non-payer none',
    example: 'CZ00245381',
  })
  @IsOptional()
  @IsDic()
  dic?: string;

  @ApiPropertyOptional({
    enum: VAT_STATUSES,
    default: 'non-payer',
    description:
      'VAT status in force today (on create: from the start). Dated changes: PUT …/members/:memberId/vat-statuses',
  })
  @IsOptional()
  @IsIn(VAT_STATUSES)
  vatStatus?: VatStatus;

  @ApiPropertyOptional({
    deprecated: true,
    description: 'deprecated: vatStatus payer (true) or non-payer (false); vatStatus wins when both are sent',
  })
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

  @ApiPropertyOptional({ example: '2026-01-01', description: 'default: today (Prague)' })
  @IsOptional()
  @IsLocalDate()
  joinedOn?: string;
}

/**
 * PATCH: every field optional; `null` clears an optional one (email, phone, address, IČO, self-billing date,
 * parent, enterprise size, ORP, leftOn). Name, kind, votes, joinedOn and the VAT fields cannot be cleared
 * (400 MEMBER_FIELD_REQUIRED; a member's VAT history is changed through its vat-statuses).
 */
export class UpdateMemberDto extends PartialType(CreateMemberDto) implements MemberChangeRequest {}

export class MemberVatStatusDto {
  @ApiProperty({ example: '2026-07-01', description: 'the first day of the status (Prague calendar)' })
  @IsLocalDate()
  validFrom!: string;

  @ApiProperty({ enum: VAT_STATUSES, example: 'payer' })
  @IsIn(VAT_STATUSES)
  status!: VatStatus;

  @ApiPropertyOptional({
    example: 'CZ00245381',
    description: 'needed by a payer and an identified person only',
  })
  @IsOptional()
  @IsDic()
  dic?: string;
}

export class MemberVatStatusesDto {
  @ApiProperty({
    type: [MemberVatStatusDto],
    description: 'the whole history; before its first row the member is a non-payer',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MemberVatStatusDto)
  vatStatuses!: MemberVatStatusDto[];

  @ApiPropertyOptional({
    description:
      'a change over a month with final documents is made only as a correction (re-billed by its correction run)',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}

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

  @ApiProperty({ nullable: true, type: String, description: 'the DIČ in force today' })
  dic!: string | null;

  @ApiProperty({ enum: VAT_STATUSES, description: 'the VAT status in force today' })
  vatStatus!: VatStatus;

  @ApiProperty({ deprecated: true, description: 'vatStatus is payer' })
  vatPayer!: boolean;

  @ApiPropertyOptional({ type: [MemberVatStatusDto], description: 'the dated history (GET of one member)' })
  vatStatuses?: MemberVatStatusDto[];

  @ApiProperty({ nullable: true, type: String, example: '2025-12-01' })
  selfBillingAgreedOn!: string | null;

  @ApiProperty()
  votes!: number;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  parentMemberId!: string | null;

  @ApiProperty({ enum: ENTERPRISE_SIZES, nullable: true, type: String })
  enterpriseSize!: EnterpriseSize | null;

  @ApiProperty({ nullable: true, type: String })
  orp!: string | null;

  @ApiProperty({ example: '2026-01-01' })
  joinedOn!: string;

  @ApiProperty({ nullable: true, type: String })
  leftOn!: string | null;
}

export class MemberPage extends PageMetaDto {
  @ApiProperty({ type: [MemberView] })
  items!: MemberView[];
}
