import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import {
  RECHARGE_DIRECTIONS,
  type RechargeAmounts,
  type RechargeDirection,
  type RechargeDocumentResponse,
  type RechargeMonthResponse,
  type RechargeSummaryResponse,
  type RechargeUnitRowResponse,
} from '@sdilna/shared/util-api-contract';

/** The months are checked by the service (`monthRange`), which names the parameter and the expected form. */
export class RechargeQueryDto {
  @ApiPropertyOptional({
    example: '2026-01',
    description: 'first month, YYYY-MM; default: 11 months before `to`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'last month, YYYY-MM; default: the current month' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  to?: string;
}

class RechargeAmountsView implements RechargeAmounts {
  @ApiProperty({ example: 1356.27, description: 'kWh, at most 2 decimals' }) energyKwh!: number;
  @ApiProperty({ example: '4068.81' }) net!: string;
  @ApiProperty({ example: '0.00' }) vat!: string;
  @ApiProperty({ example: '4068.81' }) gross!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
}

export class RechargeDocumentView extends RechargeAmountsView implements RechargeDocumentResponse {
  @ApiProperty({ format: 'uuid', description: 'GET .../documents/:id/pdf and /isdoc download it' })
  id!: string;
  @ApiProperty({ example: 'PF-2026-000001' }) number!: string;
  @ApiProperty({ enum: ['internal-recharge', 'corrective'] }) kind!: 'internal-recharge' | 'corrective';
  @ApiProperty({ example: '2026-11-03' }) issueDate!: string;
  @ApiProperty({ example: '2026-10-01' }) periodFrom!: string;
  @ApiProperty({ example: '2026-10-31' }) periodTo!: string;
}

export class RechargeUnitRowView extends RechargeAmountsView implements RechargeUnitRowResponse {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ example: 'Základní škola Lomnice nad Lužnicí' }) unitName!: string;
  @ApiPropertyOptional({ example: '70981418' }) unitIco?: string;
  @ApiProperty({
    enum: RECHARGE_DIRECTIONS,
    description:
      'to-unit: the municipality recharges a consuming unit; from-unit: a producing unit supplied it',
  })
  direction!: RechargeDirection;
  @ApiProperty({ type: [RechargeDocumentView] }) documents!: RechargeDocumentView[];
}

export class RechargeMonthView extends RechargeAmountsView implements RechargeMonthResponse {
  @ApiProperty({ example: '2026-10' }) month!: string;
  @ApiProperty({ type: [RechargeUnitRowView] }) rows!: RechargeUnitRowView[];
}

class MunicipalityRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class RechargeSummaryView implements RechargeSummaryResponse {
  @ApiProperty({ type: MunicipalityRef }) municipality!: MunicipalityRef;
  @ApiProperty({ example: '2026-01' }) from!: string;
  @ApiProperty({ example: '2026-12' }) to!: string;
  @ApiProperty({ type: [RechargeMonthView], description: 'months with documents, oldest first' })
  months!: RechargeMonthView[];
  @ApiProperty({ type: RechargeAmountsView, description: 'the sum of every document in the range' })
  totals!: RechargeAmountsView;
}
