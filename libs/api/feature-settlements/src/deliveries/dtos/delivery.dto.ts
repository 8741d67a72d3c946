import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DELIVERY_STATUSES,
  DOCUMENT_KINDS,
  type DeliveryStatus,
  type DocumentDeliveryResponse,
  type DocumentKind,
} from '@sdilna/shared/util-api-contract';

export class DeliveryView implements DocumentDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ example: 'FV-2026-000001' }) number!: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: DocumentKind;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the member it is mailed to: the buyer, the producer of self-billed documents',
  })
  memberId?: string;
  @ApiPropertyOptional() memberName?: string;
  @ApiPropertyOptional({ description: 'absent when the member has no e-mail (status no-address)' })
  email?: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiPropertyOptional({ description: 'why the last attempt failed (the SMTP answer, a dropped connection)' })
  reason?: string;
  @ApiProperty({ description: 'attempts of the current delivery (a resend starts at 0)' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) queuedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
}
