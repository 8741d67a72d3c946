import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { IsDic, IsLocalDate, IsLocalMonth } from '@sdilna/api/util-registry';
import {
  SETTLEMENT_WARNING_CODES,
  VAT_STATUSES,
  type VatStatus,
  type SettlementWarning,
  type SettlementWarningCode,
} from '@sdilna/shared/domain-settlement';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  JOB_STATUSES,
  type JobStatus,
  SETTLEMENT_RUN_KINDS,
  SETTLEMENT_STATUSES,
  type SettlementMemberRevision,
  type SettlementDataGap,
  type SettlementRequest,
  type SettlementRevision,
  type SettlementRunKind,
  type SettlementRunResponse,
  type SettlementStatus,
} from '@sdilna/shared/util-api-contract';

export class RequestSettlementDto implements SettlementRequest {
  @ApiProperty({ example: '2026-04', description: 'the month to settle (Prague calendar)' })
  @IsLocalMonth()
  period!: string;

  @ApiPropertyOptional({
    example: 'Opravená data EDC za duben',
    description:
      'only for a correction run (a final month whose inputs changed): the reason printed on its corrective documents; ignored for an original run',
  })
  @IsOptional()
  @IsString()
  @Length(3, 300)
  reason?: string;

  @ApiPropertyOptional({
    example: true,
    description:
      'settle the month although its EDC data are missing or preliminary (otherwise 409 SETTLEMENT_DATA_INCOMPLETE with the points and days); recorded in the audit log and shown on the run as `settledAnyway`',
  })
  @IsOptional()
  @IsBoolean()
  settleAnyway?: boolean;
}

export class SettlementDataGapView implements SettlementDataGap {
  @ApiProperty({ example: '859182400000000001' }) ean!: string;
  @ApiPropertyOptional({ example: 'Škola – kotelna' }) label?: string;
  @ApiProperty({
    type: [String],
    example: ['2026-10-30', '2026-10-31'],
    description: 'no or too few measured intervals',
  })
  missingDays!: string[];
  @ApiProperty({
    type: [String],
    example: ['2026-10-29'],
    description: 'measured, but EDC has not evaluated the sharing or only from its daily calculation',
  })
  preliminaryDays!: string[];
}

export class SuggestedPeriodView {
  @ApiPropertyOptional({
    example: '2026-10',
    description:
      'the newest month before the current one whose EDC data are complete and final; absent when none is',
  })
  period?: string;
  @ApiProperty({ description: 'whether that month already has a settlement run' }) hasRun!: boolean;
}

export class CorrectDocumentDto {
  @ApiProperty({
    example: 'Chybně zadaná cena',
    description: 'why the document is cancelled; printed on the correction',
  })
  @IsString()
  @Length(3, 300)
  reason!: string;
}

export class AmountsView {
  @ApiProperty({ example: '100.00' }) net!: string;
  @ApiProperty({ example: '21.00' }) vat!: string;
  @ApiProperty({ example: '121.00' }) gross!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
}

export class LinePointView {
  @ApiProperty({ example: '859182400000000001' }) ean!: string;
  @ApiPropertyOptional({ example: 'Byt 12' }) label?: string;
}

export class SettlementLineView {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: ['community', 'direct', 'internal'] }) channel!: string;
  @ApiProperty({ description: 'member id or "community"' }) sellerId!: string;
  @ApiProperty({ description: 'member id or "community"' }) buyerId!: string;
  @ApiProperty({ description: 'who issues and numbers the document of this line' }) issuerId!: string;
  @ApiPropertyOptional() consumerMemberId?: string;
  @ApiPropertyOptional() producerMemberId?: string;
  @ApiProperty({ example: 'base' }) band!: string;
  @ApiProperty({ example: 100 }) energyKwh!: number;
  @ApiProperty({ example: '3.00', description: 'net Kč per kWh' }) unitPricePerKwh!: string;
  @ApiProperty({ example: 21 }) vatRatePercent!: number;
  @ApiProperty() net!: string;
  @ApiProperty() vat!: string;
  @ApiProperty() gross!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
  @ApiProperty({ type: [String] }) meteringPoints!: string[];
  @ApiPropertyOptional({
    type: [LinePointView],
    description: 'on GET of one run: the metering points of the line with their labels',
  })
  points?: LinePointView[];
  @ApiPropertyOptional({ example: '2026-06-01', description: 'on GET of one run: the period the line bills' })
  periodFrom?: string;
  @ApiPropertyOptional({ example: '2026-06-30' }) periodTo?: string;
}

export class SettlementMemberView {
  @ApiProperty() memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() receivedKwh!: number;
  @ApiProperty() suppliedKwh!: number;
  @ApiProperty() ownSharedKwh!: number;
  @ApiProperty({ type: AmountsView }) purchases!: AmountsView;
  @ApiProperty({ type: AmountsView }) sales!: AmountsView;
  @ApiPropertyOptional({
    example: '100.00',
    description: 'Σ shared × (supplier price − internal price), net',
  })
  consumerSaving?: string;
  @ApiPropertyOptional({ example: '100.00', description: 'Σ shared × (price received − feed-in price), net' })
  producerGain?: string;
  @ApiProperty({ type: [SettlementLineView], description: 'lines where the member buys or sells' })
  lines!: SettlementLineView[];
}

export class SettlementTotalsView {
  @ApiProperty() sharedKwh!: number;
  @ApiProperty({ example: '1000.00' }) consumersPay!: string;
  @ApiProperty({ example: '1000.00' }) producersReceive!: string;
  @ApiProperty({ example: '0.00', description: 'consumersPay − producersReceive' }) communityMargin!: string;
  @ApiPropertyOptional({
    example: '0.00',
    description: 'VAT the community charges consumers (absent on runs computed before issue 20)',
  })
  communityOutputVat?: string;
  @ApiPropertyOptional({ example: '104.85', description: 'VAT producers charge the community' })
  communityInputVat?: string;
  @ApiPropertyOptional({
    example: '104.85',
    description: 'input VAT the community cannot deduct (it is not a VAT payer on the DUZP): its cost',
  })
  communityNonDeductibleVat?: string;
  @ApiPropertyOptional({
    example: '-69.19',
    description: 'what the community keeps: communityMargin − communityNonDeductibleVat',
  })
  communityResult?: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
}

export class FinalizeSettlementDto {
  @ApiPropertyOptional({
    example: '2026-05-04',
    description: "the documents' issue date: not before their DUZP; default today (Prague)",
  })
  @IsOptional()
  @IsLocalDate()
  issueDate?: string;
}

export class SettlementWarningView implements SettlementWarning {
  @ApiProperty({ enum: SETTLEMENT_WARNING_CODES, example: 'PRICE_MISSING' }) code!: SettlementWarningCode;
  @ApiProperty({
    example: 'Jana Nováková has no supplier price on 2026-06-01 – 2026-06-30: savings are not computed',
  })
  message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    example: { member: 'Jana Nováková', memberId: '…', price: 'supplier', days: '2026-06-01 – 2026-06-30' },
    description: 'what the code names: members, points, days as ranges',
  })
  params!: Record<string, string | number>;
}

export class SettlementMemberRevisionView implements SettlementMemberRevision {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: -1.5, description: 'change of the energy on the member’s lines, kWh' })
  deltaKwh!: number;
  @ApiProperty({
    example: '-4.50',
    description: 'change of what the member pays, gross (negative: pays less or is paid more)',
  })
  deltaAmount!: string;
}

export class SettlementRevisionView implements SettlementRevision {
  @ApiProperty({
    format: 'uuid',
    description: 'the month’s latest final run, which the figures are compared with',
  })
  settledRunId!: string;
  @ApiProperty({ example: 3, description: 'how many members a correction run would bill' })
  memberCount!: number;
  @ApiProperty({ example: -2.5, description: 'change of the month’s shared energy, kWh' }) deltaKwh!: number;
  @ApiProperty({ example: '-7.50', description: 'change of what consumers pay, net (totals.consumersPay)' })
  deltaAmount!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
  @ApiProperty({ type: [SettlementMemberRevisionView] }) members!: SettlementMemberRevisionView[];
}

export class SettlementRunView implements SettlementRunResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-04' }) period!: string;
  @ApiProperty({
    enum: SETTLEMENT_RUN_KINDS,
    description:
      'original: the month’s settlement; correction: re-bills what changed since its latest final run',
  })
  kind!: SettlementRunKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'for a correction: the final run it corrects' })
  correctsRunId?: string;
  @ApiPropertyOptional({ description: 'for a correction: the reason printed on its corrective documents' })
  correctionReason?: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: SETTLEMENT_STATUSES }) status!: SettlementStatus;
  @ApiProperty({ enum: JOB_STATUSES }) computeStatus!: JobStatus;
  @ApiProperty({ enum: ['community-clearing', 'direct'] }) mode!: string;
  @ApiProperty() communityVatPayer!: boolean;
  @ApiProperty({ type: SettlementTotalsView }) totals!: SettlementTotalsView;
  @ApiProperty({ type: [SettlementWarningView] }) warnings!: SettlementWarning[];
  @ApiPropertyOptional() error?: { code: string; message: string };
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() computedAt?: string;
  @ApiPropertyOptional() approvedAt?: string;
  @ApiPropertyOptional() finalizedAt?: string;
  @ApiPropertyOptional({
    type: [SettlementDataGapView],
    description:
      'the month was settled although its data were incomplete ("settle anyway"): the gaps accepted then',
  })
  settledAnyway?: SettlementDataGapView[];
  @ApiPropertyOptional({ type: [SettlementMemberView], description: 'only on GET of one run' })
  members?: SettlementMemberView[];
  @ApiPropertyOptional({ description: 'number of documents issued when the run was finalised' })
  documentCount?: number;
  @ApiPropertyOptional({
    type: SettlementRevisionView,
    description:
      'on GET of a final run (administrators): how the month’s current data, prices and keys differ from what it was billed; absent when they do not. POST the period to bill it with a correction run',
  })
  revised?: SettlementRevisionView;
  @ApiPropertyOptional({
    type: SettlementRevisionView,
    description:
      'on GET of a computed correction run (administrators): what it bills, its figures against those of the run it corrects; finalising issues a corrective document for each affected document',
  })
  difference?: SettlementRevisionView;
}

export class CommunityVatStatusDto {
  @ApiProperty({ example: '2026-07-01', description: 'the first day of the status (Prague calendar)' })
  @IsLocalDate()
  validFrom!: string;

  @ApiProperty({ enum: VAT_STATUSES, example: 'payer' })
  @IsIn(VAT_STATUSES)
  status!: VatStatus;
}

export class SettlementSettingsDto {
  @ApiProperty({
    enum: ['community-clearing', 'direct'],
    description:
      'community-clearing: the community invoices consumers and self-bills producers; direct: producers invoice consumers',
  })
  @IsIn(['community-clearing', 'direct'])
  mode!: 'community-clearing' | 'direct';

  @ApiPropertyOptional({ example: 'CZ6508000000192000145399' })
  @IsOptional()
  @Matches(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, { message: 'iban must be an IBAN without spaces' })
  iban?: string;

  @ApiPropertyOptional({ example: '19-2000145399/0800' })
  @IsOptional()
  @Matches(/^(\d{1,6}-)?\d{2,10}\/\d{4}$/, { message: 'czechAccount must look like 19-2000145399/0800' })
  czechAccount?: string;

  @ApiPropertyOptional({ example: 'GIBACZPX' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, { message: 'bic must be 8 or 11 letters or digits' })
  bic?: string;

  @ApiPropertyOptional({ default: 14 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  dueDays?: number;

  @ApiPropertyOptional({
    example: 'CZ12345679',
    description:
      "the community's DIČ: CZ + 8 to 10 digits, 8 of them a valid IČO; needed while it is a payer or an identified person, and not printed otherwise",
  })
  @IsOptional()
  @IsDic()
  dic?: string;

  @ApiPropertyOptional({
    type: [CommunityVatStatusDto],
    description:
      "the community's VAT status from each day on (its whole history; omitted: unchanged). Before the first row it is a non-payer. A change over a month with final documents is refused",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CommunityVatStatusDto)
  vatStatuses?: CommunityVatStatusDto[];

  @ApiPropertyOptional({
    enum: ['period-end', 'issue-date'],
    default: 'period-end',
    description: "the DUZP of a run's documents: the last day of the settled month, or their issue date",
  })
  @IsOptional()
  @IsIn(['period-end', 'issue-date'])
  taxPoint?: 'period-end' | 'issue-date';

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class SettlementSettingsView extends SettlementSettingsDto {
  @ApiProperty({ description: 'false while the defaults apply' }) saved!: boolean;
  @ApiProperty({ enum: VAT_STATUSES, description: "the community's VAT status today" }) vatStatus!: VatStatus;
  @ApiProperty({ type: [CommunityVatStatusDto] }) declare vatStatuses: CommunityVatStatusDto[];
  @ApiProperty({ enum: ['period-end', 'issue-date'] }) declare taxPoint: 'period-end' | 'issue-date';
}

export class DocumentPreviewLineView {
  @ApiProperty() lineNumber!: number;
  @ApiProperty({ description: 'as it will be printed' }) description!: string;
  @ApiProperty({ example: 100 }) energyKwh!: number;
  @ApiProperty({ example: '3.0000' }) unitPricePerKwh!: string;
  @ApiProperty({ example: 21 }) vatRatePercent!: number;
  @ApiProperty({ example: '300.00' }) net!: string;
  @ApiProperty({ example: '63.00' }) vat!: string;
  @ApiProperty({ example: '363.00' }) gross!: string;
  @ApiProperty({ type: [String], description: 'EANs of the metering points the line bills' })
  meteringPoints!: string[];
}

export class DocumentPreviewView {
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: DocumentKind;
  @ApiProperty({ description: 'who will number the document: a member id or "community"' }) issuerId!: string;
  @ApiProperty({ example: 'FV' }) series!: string;
  @ApiProperty() sellerName!: string;
  @ApiProperty() buyerName!: string;
  @ApiProperty() periodFrom!: string;
  @ApiProperty() periodTo!: string;
  @ApiProperty({ example: '300.00' }) net!: string;
  @ApiProperty({ example: '63.00' }) vat!: string;
  @ApiProperty({ example: '363.00' }) gross!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
  @ApiPropertyOptional({ description: 'a corrective document: the number of the document it corrects' })
  correctsNumber?: string;
  @ApiProperty({ type: [DocumentPreviewLineView] }) lines!: DocumentPreviewLineView[];
}

export class DocumentKindSumView {
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: DocumentKind;
  @ApiProperty() count!: number;
  @ApiProperty({ example: '300.00' }) net!: string;
  @ApiProperty({ example: '63.00' }) vat!: string;
  @ApiProperty({ example: '363.00' }) gross!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
}

export class RunPreviewView {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ description: 'the issue date the preview assumes (today); finalising uses its own day' })
  issueDate!: string;
  @ApiProperty({ type: [DocumentPreviewView], description: 'unnumbered: numbers are assigned on finalising' })
  documents!: DocumentPreviewView[];
  @ApiProperty({ type: [DocumentKindSumView], description: 'the documents summed per kind' })
  byKind!: DocumentKindSumView[];
}
