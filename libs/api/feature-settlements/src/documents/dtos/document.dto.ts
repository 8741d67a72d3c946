import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  type IssuedDocumentResponse,
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
