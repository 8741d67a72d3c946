import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsOptional, IsUUID } from 'class-validator';

import { IsLocalDate, PageMetaDto, PageQueryDto } from '@sdilna/api/util-registry';
import { ALLOCATION_METHODS, type AllocationMethod } from '@sdilna/shared/domain-allocation';
import type { AllocationKeyVersionResponse } from '@sdilna/shared/util-api-contract';

export class KeyAllocationDto {
  @ApiProperty({ example: '859182400611447671', description: 'EAN of a production point of the group' })
  producer!: string;

  @ApiProperty({ example: '859182400611941803', description: 'EAN of a consumption point of the group' })
  consumer!: string;

  @ApiProperty({ example: 9, description: '0..100, at most 2 decimals' })
  percent!: number;

  @ApiPropertyOptional({
    example: 1,
    description: '1..5: the order in which the consumer draws from its producers',
  })
  priority?: number;
}

/**
 * The key file of contract.md section 1 plus its validity. `method`, `rounds` and `allocations` are checked by
 * domain-allocation's key-file validation (the same as the CLI's), so they are only declared here.
 */
export class CreateAllocationKeyDto {
  @ApiProperty({ example: '2026-07-01', description: 'first day the key applies (Prague calendar)' })
  @IsLocalDate()
  validFrom!: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'last day; open-ended when absent (the next version closes it)',
  })
  @IsOptional()
  @IsLocalDate()
  validTo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'default: the community’s only sharing group' })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;

  @ApiProperty({
    enum: ALLOCATION_METHODS,
    description:
      '`static-iterative` only where the group asked EDC for iteration on every day of the key (sharing-groups/:groupId/iteration), `static` only where it did not; otherwise 409 KEY_METHOD_CONTRADICTS_ITERATION',
  })
  @Allow()
  method!: AllocationMethod;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5,
    description:
      'leave out: EDC derives the rounds from the group each day (domain.md §3.2). A value other than the rounds EDC runs on validFrom is refused (422 KEY_ROUNDS_NOT_EDC, details { rounds, edcRounds }); it is never stored',
  })
  @Allow()
  rounds?: number;

  @ApiProperty({ type: [KeyAllocationDto] })
  @Allow()
  allocations!: unknown;

  @ApiPropertyOptional({
    description:
      'make the change although a month it alters has final documents: the month then shows `revised` on its settlement and is re-billed by a correction run (POST …/settlements { period }). Without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}

export class AllocationKeyListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sharingGroupId?: string;

  @ApiPropertyOptional({ description: 'only the version valid on this day', example: '2026-07-15' })
  @IsOptional()
  @IsLocalDate()
  activeOn?: string;
}

export class AllocationKeyView implements AllocationKeyVersionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  sharingGroupId!: string;

  @ApiProperty()
  validFrom!: string;

  @ApiProperty({ nullable: true, type: String })
  validTo!: string | null;

  @ApiProperty({
    enum: ALLOCATION_METHODS,
    description: 'rounds are not part of a key: EDC derives them from the group on each day',
  })
  method!: AllocationMethod;

  @ApiProperty({ type: [KeyAllocationDto] })
  allocations!: KeyAllocationDto[];
}

export class AllocationKeyPage extends PageMetaDto {
  @ApiProperty({ type: [AllocationKeyView] })
  items!: AllocationKeyView[];
}

export class KeyFileView {
  @ApiProperty({ enum: ALLOCATION_METHODS })
  method!: AllocationMethod;

  @ApiProperty({ type: [KeyAllocationDto] })
  allocations!: KeyAllocationDto[];
}
