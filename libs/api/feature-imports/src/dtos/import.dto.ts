import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { ImportIssue } from '@sdilna/api/data-access-readings';
import {
  EDC_CALCULATIONS,
  type EdcCalculation,
  IMPORT_ISSUE_CODES,
  IMPORT_KINDS,
  type ImportIssueCode,
  IMPORT_STATUSES,
  type ImportKind,
  type ImportStatusResponse,
  type ImportStatusValue,
} from '@sdilna/shared/util-api-contract';

export class ImportIssueView implements ImportIssue {
  @ApiProperty({ example: 'IN-859182400611447671-D: expected a number with a decimal comma, found "1.28"' })
  message!: string;

  @ApiProperty({
    enum: IMPORT_ISSUE_CODES,
    description:
      'what kind of problem; a client tells it in its language with params (absent on problems stored before codes)',
    example: 'EAN_NOT_REGISTERED',
  })
  code!: ImportIssueCode;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'the values of the problem (EAN, role, counts, the offending cell), named per code',
    example: { ean: '859182400611447671', role: 'production' },
  })
  params?: Record<string, string | number>;

  @ApiPropertyOptional({ example: 'group-a-2026-04.csv' })
  file?: string;

  @ApiPropertyOptional({ description: '1-based line in the file (the header is line 1)', example: 17 })
  line?: number;

  @ApiPropertyOptional({
    description: '1-based field index within the line; 0 for the whole line',
    example: 4,
  })
  column?: number;

  @ApiPropertyOptional({ example: '859182400611447671' })
  ean?: string;
}

export class ImportAcceptedView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status!: ImportStatusValue;

  @ApiProperty({ description: 'true when the same file was already imported or queued; nothing new happens' })
  duplicate!: boolean;
}

export class PeriodView {
  @ApiProperty({ example: '2026-04-01' })
  from!: string;

  @ApiProperty({ example: '2026-04-30' })
  to!: string;
}

export class ImportCountsView {
  @ApiProperty() points!: number;
  @ApiProperty() days!: number;
  @ApiProperty() intervals!: number;
  @ApiProperty({ description: 'stored 15-minute values (measured and shared)' }) values!: number;
}

export class ImportView implements ImportStatusResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status!: ImportStatusValue;

  @ApiProperty({ minimum: 0, maximum: 1 })
  progress!: number;

  @ApiProperty({
    description: 'how often the worker started this import (a retry after a crash starts from scratch)',
  })
  attempts!: number;

  @ApiProperty({ enum: ['upload', 'inbox', 'api'] })
  source!: string;

  @ApiProperty()
  fileName!: string;

  @ApiProperty()
  fileSize!: number;

  @ApiProperty({ description: 'SHA-256 of the file, hex' })
  sha256!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  uploadedBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt!: string | null;

  @ApiProperty({ type: PeriodView, nullable: true })
  period!: PeriodView | null;

  @ApiProperty({ type: ImportCountsView, nullable: true })
  counts!: ImportCountsView | null;

  @ApiProperty({
    enum: IMPORT_KINDS,
    description: 'which EDC report the file is, read from its header',
  })
  kind!: ImportKind;

  @ApiProperty({
    enum: EDC_CALCULATIONS,
    nullable: true,
    type: String,
    description: 'the calculation the uploader or the connector stated; null: inferred from the file',
  })
  requestedCalculation!: EdcCalculation | null;

  @ApiProperty({
    enum: EDC_CALCULATIONS,
    nullable: true,
    type: String,
    description:
      'daily = preliminary values, monthly = final values (they replace preliminary ones; a daily file never replaces final days); null until done',
  })
  calculation!: EdcCalculation | null;

  @ApiProperty({ type: [ImportIssueView] })
  warnings!: ImportIssueView[];

  @ApiPropertyOptional({
    type: ImportIssueView,
    description: 'why the import failed, with line and column when known',
  })
  error?: ImportIssueView;

  @ApiPropertyOptional({
    type: [ImportIssueView],
    description: "a failed import's problems in file order, the first 100 (error is the first of them)",
  })
  problems?: ImportIssueView[];

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the later import that replaced this one',
  })
  supersededBy!: string | null;
}
