import { ApiProperty } from '@nestjs/swagger';

import {
  SHARING_FRESHNESS,
  type SharingFreshness,
  type SharingStatusResponse,
  type StaleMonthResponse,
} from '@sdilna/shared/util-api-contract';

export class StaleMonthView implements StaleMonthResponse {
  @ApiProperty({ example: '2026-05' })
  month!: string;

  @ApiProperty({ enum: ['stale', 'recomputing'] })
  state!: 'stale' | 'recomputing';

  @ApiProperty({
    format: 'date',
    example: '2026-05-01',
    description: 'first day of the month the changes touched',
  })
  fromDay!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-05-31',
    description: 'last day of the month the changes touched',
  })
  toDay!: string;

  @ApiProperty({
    type: [String],
    example: ['allocation key 2026-05-01..2026-05-31'],
    description: 'what changed',
  })
  reasons!: string[];

  @ApiProperty({ description: 'when a change last marked the month' })
  markedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  recomputingSince!: string | null;
}

export class SharingStatusView implements SharingStatusResponse {
  @ApiProperty({
    enum: SHARING_FRESHNESS,
    description:
      'current: every stored figure is of the inputs valid now; stale: a change (key, point in a group, request for iteration) waits for its recompute; recomputing: the recompute runs. Figures of the listed months are of superseded inputs until current',
  })
  state!: SharingFreshness;

  @ApiProperty({
    type: [String],
    example: ['2026-05'],
    description: 'every month whose figures are of superseded inputs: waiting for or in a recompute',
  })
  staleMonths!: string[];

  @ApiProperty({ type: [String], example: [], description: 'months being recomputed now' })
  recomputingMonths!: string[];

  @ApiProperty({ type: [StaleMonthView] })
  months!: StaleMonthView[];
}
