import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';

import {
  CONSENT_KINDS,
  CONSENT_SOURCES,
  type ConsentKind,
  type ConsentSource,
} from '@sdilna/shared/domain-core';

import type { ConsentsView, ConsentView, ErasureView } from '../privacy.service';

export class RecordConsentDto {
  @ApiProperty({
    enum: CONSENT_KINDS,
    description: 'data-processing, edc-mandate (registering the points at EDC) or email',
  })
  @IsIn(CONSENT_KINDS)
  kind!: ConsentKind;

  @ApiProperty({ description: 'true: the member gives the consent; false: withdraws it' })
  @IsBoolean()
  granted!: boolean;
}

export class ConsentDto implements ConsentView {
  @ApiProperty({ enum: CONSENT_KINDS })
  kind!: ConsentKind;

  @ApiProperty()
  granted!: boolean;

  @ApiProperty({ example: '2026-12-01', description: 'the version (effective date) of the terms' })
  version!: string;

  @ApiProperty({ format: 'date-time' })
  givenAt!: string;

  @ApiProperty({ enum: CONSENT_SOURCES })
  source!: ConsentSource;
}

export class ConsentsDto implements ConsentsView {
  @ApiProperty({ type: [ConsentDto], description: 'the newest statement of each kind' })
  current!: ConsentDto[];

  @ApiProperty({ type: [ConsentDto], description: 'every statement, newest first' })
  history!: ConsentDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'data-processing': '2026-12-01', 'edc-mandate': '2026-12-01', email: '2026-12-01' },
  })
  termsVersions!: Record<ConsentKind, string>;
}

export class ErasureDto implements ErasureView {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ format: 'date-time' })
  erasedAt!: string;

  @ApiProperty({ description: 'issued tax documents of the member, kept intact' })
  documentsKept!: number;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the last day the newest kept document must be kept',
  })
  retainedUntil!: string | null;

  @ApiProperty({ description: 'logins that belonged nowhere else and were anonymised' })
  loginsErased!: number;
}
