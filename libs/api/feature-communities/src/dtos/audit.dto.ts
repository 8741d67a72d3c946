import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'member',
    description: 'entity kind: community, member, metering-point, …',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entity?: string;

  @ApiPropertyOptional({ description: 'id of one record' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  actorUserId!: string | null;

  @ApiProperty({ enum: ['create', 'update', 'delete', 'import', 'invite', 'accept'] })
  action!: string;

  @ApiProperty()
  entity!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ nullable: true, type: Object })
  before!: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: Object })
  after!: Record<string, unknown> | null;
}

export class AuditPage extends PageMetaDto {
  @ApiProperty({ type: [AuditEntryView] })
  items!: AuditEntryView[];
}
