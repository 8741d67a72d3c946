import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { IsLocalDate, PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  type AuditAction,
  type AuditEntity,
} from '@sdilna/shared/util-api-contract';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ENTITIES, example: 'member', description: 'the kind of entity changed' })
  @IsOptional()
  @IsIn(AUDIT_ENTITIES)
  entity?: AuditEntity;

  @ApiPropertyOptional({ description: 'id of one record (a member, a run, an import, …)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the person who made the changes' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'first day (Prague time), inclusive',
  })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-30',
    description: 'last day (Prague time), inclusive; not before `from` (400 AUDIT_FILTER_INVALID)',
  })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'null: the system (the worker, a schedule)',
  })
  actorUserId!: string | null;

  @ApiProperty({ nullable: true, type: String, description: "the actor's e-mail while the account exists" })
  actorEmail!: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @ApiProperty({ enum: AUDIT_ENTITIES })
  entity!: AuditEntity;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'the entity before the change; bank accounts show only their last four digits',
  })
  before!: unknown;

  @ApiProperty({ nullable: true, type: Object, description: 'the entity after the change' })
  after!: unknown;
}

export class AuditPage extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryView] })
  items!: AuditEntryView[];
}
