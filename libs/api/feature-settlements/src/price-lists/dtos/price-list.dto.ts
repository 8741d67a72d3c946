import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

import { IsEan, IsLocalDate } from '@sdilna/api/util-registry';
import type { PriceListRequest, PriceListResponse } from '@sdilna/shared/util-api-contract';

/** Kč per kWh with up to 5 decimals ("3.00", "2,5"): 0.00001 Kč/kWh is exactly 1 haléř per MWh. */
const PRICE_TEXT = /^\d{1,6}([.,]\d{1,5})?$/;
const PRICE_MESSAGE = 'must be a price in Kč per kWh as a string with up to 5 decimals, e.g. "3.00"';

export class TimeWindowDto {
  @ApiProperty({ example: '08:00' })
  @Matches(/^\d{2}:\d{2}$/, { message: 'from must be HH:mm' })
  from!: string;

  @ApiProperty({ example: '20:00', description: '"24:00" allowed; to < from wraps past midnight' })
  @Matches(/^\d{2}:\d{2}$/, { message: 'to must be HH:mm' })
  to!: string;
}

export class TimeBandDto {
  @ApiProperty({ example: 'VT', description: 'short code, used as a key of bandPrices' })
  @Matches(/^[A-Za-z0-9]{1,10}$/, { message: 'id must be 1–10 letters or digits' })
  id!: string;

  @ApiProperty({ example: 'Vysoký tarif' })
  @IsString()
  @Length(1, 60)
  label!: string;

  @ApiPropertyOptional({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description: 'ISO weekdays, 1 = Monday; omitted = every day',
  })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays?: number[];

  @ApiProperty({ type: [TimeWindowDto], description: 'Prague wall clock of the interval start' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TimeWindowDto)
  windows!: TimeWindowDto[];
}

export class PriceRuleDto {
  @ApiPropertyOptional({
    description: 'production EAN: a per-producer price (with consumerEan: a per-pair price)',
  })
  @IsOptional()
  @IsEan()
  producerEan?: string;

  @ApiPropertyOptional({
    description: 'consumption EAN: a per-consumer price (with producerEan: a per-pair price)',
  })
  @IsOptional()
  @IsEan()
  consumerEan?: string;

  @ApiProperty({ example: '3.00', description: 'net Kč per shared kWh' })
  @Matches(PRICE_TEXT, { message: `pricePerKwh ${PRICE_MESSAGE}` })
  pricePerKwh!: string;

  @ApiPropertyOptional({
    example: { VT: '3.50' },
    description: 'prices per time band id; other bands use pricePerKwh',
  })
  @IsOptional()
  @IsObject()
  bandPrices?: Record<string, string>;
}

export class CreatePriceListDto implements PriceListRequest {
  @ApiPropertyOptional({ example: 'Ceník 2026' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsLocalDate()
  validFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'inclusive; omitted = open-ended' })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;

  @ApiProperty({ example: '3.00', description: 'the community price: net Kč per shared kWh' })
  @Matches(PRICE_TEXT, { message: `pricePerKwh ${PRICE_MESSAGE}` })
  pricePerKwh!: string;

  @ApiPropertyOptional({ example: { NT: '2.50' } })
  @IsOptional()
  @IsObject()
  bandPrices?: Record<string, string>;

  @ApiPropertyOptional({
    default: 21,
    description: 'VAT rate in percent applied when the seller is a VAT payer',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  vatRatePercent?: number;

  @ApiPropertyOptional({
    deprecated: true,
    description:
      "deprecated: the community's VAT status is a dated setting (PUT settlement-settings, vatStatuses). When sent, " +
      'it records the community as a payer (true) or non-payer (false) from validFrom',
  })
  @IsOptional()
  @IsBoolean()
  sellerVatPayer?: boolean;

  @ApiPropertyOptional({
    example: '0.20',
    description: 'what the community keeps per shared kWh (community-clearing only)',
  })
  @IsOptional()
  @Matches(PRICE_TEXT, { message: `marginPerKwh ${PRICE_MESSAGE}` })
  marginPerKwh?: string;

  @ApiPropertyOptional({ type: [TimeBandDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TimeBandDto)
  bands?: TimeBandDto[];

  @ApiPropertyOptional({
    type: [PriceRuleDto],
    description: 'per-producer, per-consumer and per-pair overrides',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => PriceRuleDto)
  rules?: PriceRuleDto[];

  @ApiPropertyOptional({
    description:
      'make the change although a month it alters has final documents: the month then shows `revised` on its settlement and is re-billed by a correction run (POST …/settlements { period }). Without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}

export class PriceRuleView {
  @ApiPropertyOptional() producerEan?: string;
  @ApiPropertyOptional() consumerEan?: string;
  @ApiProperty({ example: '3.00' }) pricePerKwh!: string;
  @ApiPropertyOptional({ example: { VT: '3.50' } }) bandPrices?: Record<string, string>;
}

export class PriceListView implements PriceListResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() validFrom!: string;
  @ApiPropertyOptional() validTo?: string;
  @ApiProperty({ example: '3.00' }) pricePerKwh!: string;
  @ApiPropertyOptional() bandPrices?: Record<string, string>;
  @ApiProperty({ example: 21 }) vatRatePercent!: number;
  @ApiProperty({
    deprecated: true,
    description: 'whether the community is a VAT payer on validFrom (from its dated VAT statuses)',
  })
  sellerVatPayer!: boolean;
  @ApiProperty({ example: '0.00' }) marginPerKwh!: string;
  @ApiProperty({ example: 'CZK' }) currency!: 'CZK';
  @ApiProperty({ type: [TimeBandDto] }) bands!: TimeBandDto[];
  @ApiProperty({ type: [PriceRuleView], description: 'overrides (the community price is pricePerKwh)' })
  rules!: PriceRuleView[];
  @ApiProperty() createdAt!: string;
}
