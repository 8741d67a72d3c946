import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { IsLocalDate } from '@sdilna/api/util-registry';
import {
  PAYMENT_SIDES,
  PAYMENT_STATUSES,
  PAYOUT_FORMATS,
  STATEMENT_FORMATS,
  type AssignEntryRequest,
  type BankEntryResponse,
  type BankStatementResponse,
  type ManualPaymentRequest,
  type PaymentSettingsRequest,
  type PaymentSettingsResponse,
  type PaymentSide,
  type PaymentStatusWord,
  type PayoutFormat,
  type PayoutRequest,
  type StatementFormatWord,
} from '@sdilna/shared/util-api-contract';

export class BankStatementView implements BankStatementResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: STATEMENT_FORMATS }) format!: StatementFormatWord;
  @ApiProperty() fileName!: string;
  @ApiProperty({ example: 'CZ6508000000192000145399', description: 'IBAN (camt.053) or prefix-number (GPC)' })
  account!: string;
  @ApiPropertyOptional() bankStatementId?: string;
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
  @ApiProperty() entryCount!: number;
  @ApiProperty({ description: 'entries not booked from an earlier statement' }) newEntryCount!: number;
  @ApiProperty() uploadedAt!: string;
}

export class BankEntryView implements BankEntryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) statementId!: string;
  @ApiProperty({ enum: ['credit', 'debit'] }) direction!: 'credit' | 'debit';
  @ApiProperty({ example: '121.00' }) amount!: string;
  @ApiProperty({ example: 'CZK' }) currency!: string;
  @ApiProperty() bookingDate!: string;
  @ApiPropertyOptional() variableSymbol?: string;
  @ApiPropertyOptional() constantSymbol?: string;
  @ApiPropertyOptional() specificSymbol?: string;
  @ApiPropertyOptional() counterpartyName?: string;
  @ApiPropertyOptional() counterpartyAccount?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional() bankReference?: string;
  @ApiPropertyOptional({ format: 'uuid' }) documentId?: string;
  @ApiPropertyOptional() documentNumber?: string;
  @ApiPropertyOptional({ enum: ['variable-symbol', 'manual'] }) matchedBy?: 'variable-symbol' | 'manual';
}

export class UploadedEntryView extends BankEntryView {
  @ApiProperty({ enum: ['paid', 'partially-paid', 'overpaid', 'unmatched'] })
  outcome!: 'paid' | 'partially-paid' | 'overpaid' | 'unmatched';
}

export class StatementUploadView {
  @ApiProperty({ type: BankStatementView }) statement!: BankStatementView;
  @ApiProperty({ description: 'this very file was uploaded before; nothing changed' }) duplicate!: boolean;
  @ApiProperty({ type: [UploadedEntryView], description: 'the new entries and what each did' })
  entries!: readonly UploadedEntryView[];
  @ApiProperty({ description: 'entries of the file booked from an earlier, overlapping statement' })
  alreadyBooked!: number;
}

export class EntryListQueryDto {
  @ApiPropertyOptional({ description: 'true: only entries not assigned to a document' })
  @IsOptional()
  // 'true' or 'false' only: anything else stays as sent and fails @IsBoolean (a 400 naming the field)
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unmatched?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  statementId?: string;
}

export class AssignEntryDto implements AssignEntryRequest {
  @ApiProperty({ format: 'uuid', description: 'the document this entry pays' })
  @IsUUID()
  documentId!: string;
}

export class PaymentOverviewQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatusWord;

  @ApiPropertyOptional({ enum: PAYMENT_SIDES })
  @IsOptional()
  @IsIn(PAYMENT_SIDES)
  side?: PaymentSide;
}

export class PaymentSettingsDto implements PaymentSettingsRequest {
  @ApiProperty({ type: [Number], example: [7, 21], description: 'days after the due date, 1–365, at most 5' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(365, { each: true })
  reminderDays!: number[];
}

export class PaymentSettingsView implements PaymentSettingsResponse {
  @ApiProperty({ type: [Number], example: [7, 21] }) reminderDays!: number[];
}

export class PayoutRequestDto implements PayoutRequest {
  @ApiProperty({
    enum: PAYOUT_FORMATS,
    description: 'pain001: SEPA credit transfer XML in CZK; abo: ABO (KPC)',
  })
  @IsIn(PAYOUT_FORMATS)
  format!: PayoutFormat;

  @ApiPropertyOptional({ type: [String], description: 'absent: every payable document not exported yet' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  documentIds?: string[];

  @ApiPropertyOptional({ description: 'also documents exported before' })
  @IsOptional()
  @IsBoolean()
  includeExported?: boolean;

  @ApiPropertyOptional({ example: '2026-03-20', description: 'the day the bank pays; absent: today' })
  @IsOptional()
  @IsLocalDate()
  executionDate?: string;
}

export class PayoutDocumentView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty() number!: string;
  @ApiProperty() partyName!: string;
  @ApiProperty({ example: '1234.50' }) amount!: string;
}

export class PayoutExportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PAYOUT_FORMATS }) format!: PayoutFormat;
  @ApiProperty() executionDate!: string;
  @ApiProperty({ example: '1234.50' }) total!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ example: 'payout-2026-03-20.xml' }) fileName!: string;
  @ApiProperty({ type: [PayoutDocumentView] }) documents!: PayoutDocumentView[];
}

export class ManualPaymentDto implements ManualPaymentRequest {
  @ApiProperty({ example: '1234.50', description: 'CZK, more than zero, at most 2 decimals' })
  @IsString({ message: 'amount must be a string of CZK, e.g. "1234.50"' })
  @Matches(/^(?!0+(\.0+)?$)\d{1,9}(\.\d{1,2})?$/, {
    message: 'amount must be CZK above zero with at most 2 decimals and a dot, e.g. "1234.50"',
  })
  amount!: string;

  @ApiProperty({ example: '2026-12-01', description: 'the day it was paid; not in the future' })
  @IsLocalDate()
  paidOn!: string;

  @ApiPropertyOptional({
    example: 'hotově na schůzi',
    description: 'what the payment was (at most 500 characters)',
  })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(500, { message: 'note must be at most 500 characters' })
  note?: string;
}
