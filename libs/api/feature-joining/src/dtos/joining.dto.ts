import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import { IsEan, IsLocalDate } from '@sdilna/api/util-registry';
import {
  type AcceptJoinRequestRequest,
  APPLICANT_KINDS,
  type ApplicantKind,
  type DeclineJoinRequestRequest,
  type EstimateRequest,
  type EstimateResponse,
  JOIN_REQUEST_STATUSES,
  type JoinRequestRequest,
  type JoinRequestResponse,
  type JoinRequestStatus,
  type PublicCommunityResponse,
  type PublicPageRequest,
  type PublicPageResponse,
} from '@sdilna/shared/util-api-contract';

const PRICE_TEXT = /^\d{1,6}([.,]\d{1,5})?$/;
const PRICE_MESSAGE = 'must be a price in Kč per kWh as a string with up to 5 decimals, e.g. "4.50"';
/** 10 GWh a year: more than any single applicant of a community draws. */
export const MAX_YEARLY_KWH = 10_000_000;
/** 12 rows of `month;kwh`, with room for a header and a spreadsheet's quoting. */
const MAX_MONTHLY_CSV = 4_000;

export class PublicPageDto implements PublicPageRequest {
  @ApiProperty({ example: 'lomnice', description: 'the page address /join/<slug>: a–z, 0–9 and "-", 3–60' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/, {
    message: 'slug must be 3–60 characters of a–z, 0–9 and "-", not starting or ending with "-"',
  })
  slug!: string;

  @ApiProperty({ description: 'whether visitors see the page (and may ask to join)' })
  @IsBoolean()
  published!: boolean;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MaxLength(4000)
  description!: string;

  @ApiProperty({ maxLength: 4000, description: 'the sources in words (the registered ones are listed too)' })
  @IsString()
  @MaxLength(4000)
  sources!: string;

  @ApiProperty({ maxLength: 4000, description: 'conditions of membership: fees, notice, prices' })
  @IsString()
  @MaxLength(4000)
  conditions!: string;

  @ApiProperty({
    example: '4.50',
    description: "a typical supplier's net price per kWh the estimate saves against",
  })
  @Matches(PRICE_TEXT, { message: `supplierPricePerKwh ${PRICE_MESSAGE}` })
  supplierPricePerKwh!: string;
}

export class PublicPageView extends PublicPageDto implements PublicPageResponse {
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class GenerationView {
  @ApiProperty({ example: 'pv' })
  kind!: string;

  @ApiProperty({ example: 49.5 })
  installedKw!: number;
}

export class PublicCommunityView implements PublicCommunityResponse {
  @ApiProperty()
  slug!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'energy-community' })
  type!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  sources!: string;

  @ApiProperty()
  conditions!: string;

  @ApiProperty({ example: '4.50' })
  supplierPricePerKwh!: string;

  @ApiProperty({ type: [GenerationView] })
  generation!: GenerationView[];

  @ApiProperty({ description: 'send it back with the join request (the form must stay open a few seconds)' })
  formToken!: string;
}

export class EstimateDto implements EstimateRequest {
  @ApiProperty({ enum: APPLICANT_KINDS })
  @IsIn(APPLICANT_KINDS)
  kind!: ApplicantKind;

  @ApiPropertyOptional({ example: 3500, description: 'kWh a year (whole kWh); required without monthlyCsv' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_YEARLY_KWH)
  yearlyConsumptionKwh?: number;

  @ApiPropertyOptional({
    example:
      'month;kwh\n1;420\n2;380\n3;330\n4;260\n5;220\n6;190\n7;180\n8;190\n9;230\n10;300\n11;370\n12;430',
    description: 'a year of your own monthly consumption: header month;kwh, 12 rows (month 1–12 or YYYY-MM)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MONTHLY_CSV)
  monthlyCsv?: string;

  @ApiPropertyOptional({ example: '4.80', description: "your supplier's net price per kWh" })
  @IsOptional()
  @Matches(PRICE_TEXT, { message: `supplierPricePerKwh ${PRICE_MESSAGE}` })
  supplierPricePerKwh?: string;
}

export class EstimateView implements EstimateResponse {
  @ApiProperty({ enum: APPLICANT_KINDS })
  kind!: ApplicantKind;

  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty()
  days!: number;

  @ApiProperty()
  yearlyConsumptionKwh!: number;

  @ApiProperty({ enum: ['typical', 'monthly'] })
  consumptionSource!: 'typical' | 'monthly';

  @ApiProperty({ enum: APPLICANT_KINDS })
  profile!: ApplicantKind;

  @ApiProperty()
  consumptionOnDataDaysKwh!: number;

  @ApiProperty()
  sharedKwh!: number;

  @ApiProperty()
  sharedPercent!: number;

  @ApiProperty()
  leftoverKwh!: number;

  @ApiProperty({ example: '4.50' })
  supplierPricePerKwh!: string;

  @ApiProperty({ nullable: true, type: String, example: '2.50' })
  communityPricePerKwh!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '1234.56' })
  savingsCzk!: string | null;

  @ApiProperty()
  unpricedKwh!: number;
}

export class JoinRequestDto extends EstimateDto implements JoinRequestRequest {
  @ApiProperty({ example: 'Jana Nováková' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'jana@example.cz' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: '+420 601 234 567' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiProperty({ example: 'Lomnice 12, 123 45 Lomnice' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address!: string;

  @ApiProperty({
    type: [String],
    example: ['859182400100000016'],
    description: '1–10 EANs of consumption points',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEan({ each: true })
  eans!: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;

  @ApiProperty({ description: 'consent to the processing of personal data (required)' })
  @IsBoolean()
  consentDataProcessing!: boolean;

  @ApiProperty({ description: 'the EDC mandate: the community registers the points at EDC (required)' })
  @IsBoolean()
  consentEdcMandate!: boolean;

  @ApiProperty({ description: 'messages by e-mail' })
  @IsBoolean()
  consentEmail!: boolean;

  @ApiProperty({ description: 'formToken of GET /api/public/communities/:slug' })
  @IsString()
  @MaxLength(200)
  formToken!: string;

  @ApiPropertyOptional({ description: 'leave empty (a field people do not see)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string;
}

export class JoinRequestSentView {
  @ApiProperty({ description: 'the confirmation link went to this address' })
  email!: string;

  @ApiProperty({ type: EstimateView })
  estimate!: EstimateView;
}

export class ConfirmJoinRequestDto {
  @ApiProperty({ description: 'the token of the confirmation link' })
  @IsString()
  @MaxLength(300)
  token!: string;
}

export class JoinConfirmedView {
  @ApiProperty()
  communityName!: string;
}

export class ConsentView {
  @ApiProperty({ example: 'data-processing' })
  kind!: string;

  @ApiProperty({ example: '2026-12-01' })
  version!: string;

  @ApiProperty()
  granted!: boolean;
}

export class JoinRequestView implements JoinRequestResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ nullable: true, type: String })
  phone!: string | null;

  @ApiProperty()
  address!: string;

  @ApiProperty({ enum: APPLICANT_KINDS })
  kind!: ApplicantKind;

  @ApiProperty({ type: [String] })
  eans!: string[];

  @ApiProperty()
  yearlyConsumptionKwh!: number;

  @ApiProperty({ type: EstimateView })
  estimate!: EstimateView;

  @ApiProperty({ type: [ConsentView] })
  consents!: ConsentView[];

  @ApiProperty({ nullable: true, type: String })
  message!: string | null;

  @ApiProperty({ enum: JOIN_REQUEST_STATUSES })
  status!: JoinRequestStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  confirmedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  decidedAt!: string | null;

  @ApiProperty({ nullable: true, type: String })
  declineReason!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  memberId!: string | null;
}

export class JoinRequestListQueryDto {
  @ApiPropertyOptional({ enum: JOIN_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(JOIN_REQUEST_STATUSES)
  status?: JoinRequestStatus;
}

export class AcceptJoinRequestDto implements AcceptJoinRequestRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "the points' sharing group; the only one when omitted",
  })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'first day of membership and points; today when omitted',
  })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;
}

export class DeclineJoinRequestDto implements DeclineJoinRequestRequest {
  @ApiProperty({ example: 'The PV of the community is fully shared this year.', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
