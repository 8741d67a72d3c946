import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  DOCUMENT_KINDS,
  PAYMENT_SIDES,
  PAYMENT_SOURCES,
  PAYMENT_STATUSES,
  type DocumentKind,
  type DocumentPaymentEntry,
  type DocumentPaymentResponse,
  type IssuedDocumentResponse,
  type PaymentSide,
  type PaymentStatusWord,
} from '@sdilna/shared/util-api-contract';

export { DOCUMENT_KINDS } from '@sdilna/shared/util-api-contract';

export class DocumentListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS)
  kind?: DocumentKind;
}

export class DocumentPaymentEntryView implements DocumentPaymentEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PAYMENT_SOURCES }) source!: DocumentPaymentEntry['source'];
  @ApiProperty({ example: '121.00' }) amount!: string;
  @ApiProperty({
    example: '2026-03-01',
    description: 'booking date of a bank payment, day of a card payment',
  })
  paidOn!: string;
  @ApiPropertyOptional({ format: 'uuid' }) bankEntryId?: string;
}

export class DocumentPaymentView implements DocumentPaymentResponse {
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: PaymentStatusWord;
  @ApiProperty({
    enum: PAYMENT_SIDES,
    description: 'receivable: a member pays the community; payable: the community pays a producer',
  })
  side!: PaymentSide;
  @ApiProperty({ example: '121.00', description: 'gross less reducing corrections' }) amountDue!: string;
  @ApiProperty({ example: '0.00' }) paid!: string;
  @ApiProperty({ example: '121.00' }) outstanding!: string;
  @ApiPropertyOptional({ example: '10.00', description: 'paid beyond what is owed' }) overpaid?: string;
  @ApiProperty({ example: '2026-03-15' }) dueDate!: string;
  @ApiProperty({ type: [DocumentPaymentEntryView] }) payments!: readonly DocumentPaymentEntryView[];
  @ApiPropertyOptional({ description: 'payable documents: already in a payout order' }) exported?: boolean;
}

export class DocumentView implements IssuedDocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: DocumentKind;
  @ApiProperty({ example: 'FV-2026-000001' }) number!: string;
  @ApiProperty({ example: '126000001' }) variableSymbol!: string;
  @ApiProperty({ description: 'member id or "community"' }) sellerId!: string;
  @ApiProperty() sellerName!: string;
  @ApiProperty({ description: 'member id or "community"' }) buyerId!: string;
  @ApiProperty() buyerName!: string;
  @ApiProperty() issueDate!: string;
  @ApiProperty() dueDate!: string;
  @ApiProperty() periodFrom!: string;
  @ApiProperty() periodTo!: string;
  @ApiProperty({ example: '100.00' }) net!: string;
  @ApiProperty({ example: '21.00' }) vat!: string;
  @ApiProperty({ example: '121.00' }) gross!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
  @ApiPropertyOptional({ description: 'SPAYD ("QR Platba") of the amount due, when there is one' })
  spayd?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'a corrective document (kind corrective): the document it corrects, by a storno or by the difference a correction run re-bills',
  })
  correctsDocumentId?: string;
  @ApiPropertyOptional({
    type: DocumentPaymentView,
    description: 'unpaid, partially paid, paid or overdue, with its payments',
  })
  payment?: DocumentPaymentView;
  @ApiProperty({ description: 'lines as printed' }) lines!: Array<{
    lineNumber: number;
    description: string;
    energyKwh: number;
    unitPricePerKwh: string;
    vatRatePercent: number;
    net: string;
    vat: string;
    gross: string;
  }>;
}
