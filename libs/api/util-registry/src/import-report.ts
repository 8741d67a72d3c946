import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ImportRowProblem {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty()
  message!: string;
}

export class ImportRowResult {
  @ApiProperty({ description: 'line in the file (the header is line 1)' })
  line!: number;

  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the created record (only when the whole file was imported)',
  })
  id?: string;

  @ApiPropertyOptional({ type: [ImportRowProblem] })
  problems?: ImportRowProblem[];
}

/** Answer of a CSV import: all rows are imported, or none and the report says which rows failed and why. */
export class ImportReport {
  @ApiProperty({ description: 'rows imported: all of them, or 0 when any row failed' })
  imported!: number;

  @ApiProperty({ type: [ImportRowResult] })
  rows!: ImportRowResult[];
}
