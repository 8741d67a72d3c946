import type { ImportIssueCode } from '@sdilna/shared/util-api-contract';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed' | 'superseded';
export const IMPORT_STATUSES: readonly ImportStatus[] = ['queued', 'running', 'done', 'failed', 'superseded'];

export type ImportSource = 'upload' | 'inbox' | 'api';

/** Which EDC report a batch holds, read from the file's header when the import runs. */
export type ImportKind = 'standard' | 'pair';

/** EDC's calculation: `daily` values are preliminary, `monthly` ones final. */
export type ImportCalculation = 'daily' | 'monthly';

/**
 * A problem of an import, positioned in the file where it has a position (EDC reader issues do). `code` and
 * `params` let a client say it in its language; rows stored before codes existed have only the message.
 */
export interface ImportIssue {
  readonly message: string;
  readonly code: ImportIssueCode;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly ean?: string;
}

/** One attempt to bring one EDC file into a community, kept as history even after a revision supersedes it. */
@Entity({ name: 'import_batches' })
export class ImportBatchEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  status!: ImportStatus;

  @Column({ type: 'text' })
  source!: ImportSource;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'stored_path', type: 'text' })
  storedPath!: string;

  @Column({ name: 'file_size', type: 'bigint' })
  fileSize!: string;

  @Column({ name: 'file_sha256', type: 'text' })
  fileSha256!: string;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'real' })
  progress!: number;

  @Column({ name: 'period_from', type: 'date', nullable: true })
  periodFrom!: string | null;

  @Column({ name: 'period_to', type: 'date', nullable: true })
  periodTo!: string | null;

  @Column({ name: 'sharing_group_ids', type: 'uuid', array: true })
  sharingGroupIds!: string[];

  @Column({ name: 'point_count', type: 'integer', nullable: true })
  pointCount!: number | null;

  @Column({ name: 'day_count', type: 'integer', nullable: true })
  dayCount!: number | null;

  @Column({ name: 'interval_count', type: 'integer', nullable: true })
  intervalCount!: number | null;

  @Column({ name: 'value_count', type: 'bigint', nullable: true })
  valueCount!: string | null;

  /** a done import's warnings; a failed one's problems (the first of them is `error`) */
  @Column({ type: 'jsonb' })
  warnings!: ImportIssue[];

  @Column({ type: 'jsonb', nullable: true })
  error!: ImportIssue | null;

  @Column({ type: 'text' })
  kind!: ImportKind;

  /** what the uploader or the connector said the file is; null: inferred by the import */
  @Column({ name: 'requested_calculation', type: 'text', nullable: true })
  requestedCalculation!: ImportCalculation | null;

  /** what the import decided (null until it is done) */
  @Column({ type: 'text', nullable: true })
  calculation!: ImportCalculation | null;

  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy!: string | null;
}
