import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches, MaxLength, ValidateIf } from 'class-validator';

import { IsLocalDate } from '@sdilna/api/util-registry';
import {
  ACCOUNTING_EXPORT_FORMATS,
  type AccountingExportFormat,
  type AccountingExportSettingsRequest,
  type AccountingExportSettingsResponse,
  POHODA_CODE_MAX_LENGTH,
} from '@sdilna/shared/util-api-contract';

export class AccountingExportFormatDto {
  @ApiProperty({
    enum: ACCOUNTING_EXPORT_FORMATS,
    description:
      'isdoc-zip: a ZIP with one ISDOCX (ISDOC 6.0.2 with the PDF embedded) per document; pohoda: a Pohoda XML data pack of the issued and received documents',
  })
  @IsIn(ACCOUNTING_EXPORT_FORMATS)
  format!: AccountingExportFormat;
}

export class AccountingExportRangeDto extends AccountingExportFormatDto {
  @ApiProperty({ format: 'date', example: '2026-07-01', description: 'first issue date (inclusive)' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-07-31', description: 'last issue date (inclusive)' })
  @IsLocalDate()
  to!: string;
}

const codeProperty = (description: string, example: string) =>
  ApiProperty({ type: String, nullable: true, maxLength: POHODA_CODE_MAX_LENGTH, example, description });

/** A Pohoda record id, or null for Pohoda's default. */
function PohodaCode(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_, value) => value !== null)(target, key);
    MaxLength(POHODA_CODE_MAX_LENGTH, {
      message: `${String(key)} must be at most ${POHODA_CODE_MAX_LENGTH} characters (a Pohoda code)`,
    })(target, key);
    Matches(/\S/, { message: `${String(key)} must not be blank; send null for Pohoda's default` })(
      target,
      key,
    );
  };
}

export class AccountingExportSettingsDto implements AccountingExportSettingsRequest {
  @codeProperty('předkontace of issued documents (sales), e.g. a pair of accounts 311/602', '311/602')
  @PohodaCode()
  issuedAccounting!: string | null;

  @codeProperty('předkontace of received documents (purchases from producers), e.g. 501/321', '501/321')
  @PohodaCode()
  receivedAccounting!: string | null;

  @codeProperty("Pohoda's number series of issued documents (the documents keep their own numbers)", 'FV')
  @PohodaCode()
  issuedNumberSeries!: string | null;

  @codeProperty(
    "Pohoda's number series that numbers received documents (their number stays the original)",
    'FP',
  )
  @PohodaCode()
  receivedNumberSeries!: string | null;
}

export class AccountingExportSettingsView implements AccountingExportSettingsResponse {
  @ApiProperty({ type: String, nullable: true }) issuedAccounting!: string | null;
  @ApiProperty({ type: String, nullable: true }) receivedAccounting!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedNumberSeries!: string | null;
  @ApiProperty({ type: String, nullable: true }) receivedNumberSeries!: string | null;
}
