import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

import { IsLocalDate } from '@sdilna/api/util-registry';
import type {
  IterationPeriodResponse,
  SharingGroupIterationRequest,
  SharingGroupIterationResponse,
  SharingGroupResponse,
} from '@sdilna/shared/util-api-contract';

export class CreateSharingGroupDto {
  @ApiProperty({ example: 'Obecní budovy' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'number EDC assigned to the group', example: '0000018947' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'edcGroupId must be the digits EDC assigned' })
  edcGroupId?: string;
}

export class UpdateSharingGroupDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: '0000018947' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'edcGroupId must be the digits EDC assigned' })
  edcGroupId?: string;
}

export class SharingGroupView implements SharingGroupResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ nullable: true, type: String })
  edcGroupId!: string | null;

  @ApiProperty({
    description:
      'the group asked EDC for iteration, as recorded for today (Prague calendar); history and changes at .../sharing-groups/:groupId/iteration',
  })
  iterationRequested!: boolean;
}

export class SetIterationDto implements SharingGroupIterationRequest {
  @ApiProperty({
    description:
      'whether the group asked EDC for iteration ("iterační výpočet") at registration, from validFrom on',
  })
  @IsBoolean()
  requested!: boolean;

  @ApiProperty({
    example: '2026-07-01',
    description:
      'first day (Prague calendar); closes the open period the day before, or replaces the period that starts that day',
  })
  @IsLocalDate()
  validFrom!: string;

  @ApiPropertyOptional({
    description:
      'make the change although a month it alters has final documents: the month then shows `revised` on its settlement and is re-billed by a correction run (POST …/settlements { period }). Without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS',
  })
  @IsOptional()
  @IsBoolean()
  asCorrection?: boolean;
}

export class IterationPeriodView implements IterationPeriodResponse {
  @ApiProperty() validFrom!: string;
  @ApiProperty({ nullable: true, type: String, description: 'inclusive; null while open-ended' })
  validTo!: string | null;
  @ApiProperty() requested!: boolean;
}

export class KeyWithOtherMethodView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ nullable: true, type: String }) validTo!: string | null;
  @ApiProperty({ enum: ['static', 'static-iterative'] }) method!: string;
}

export class SharingGroupIterationView implements SharingGroupIterationResponse {
  @ApiProperty({ format: 'uuid' }) sharingGroupId!: string;

  @ApiProperty({ description: 'today (Prague calendar), the day `requested` is for' })
  today!: string;

  @ApiProperty({ description: 'requested today; no period that day means not requested' })
  requested!: boolean;

  @ApiProperty({ type: [IterationPeriodView], description: 'every period, oldest first' })
  periods!: IterationPeriodView[];

  @ApiProperty({
    type: [KeyWithOtherMethodView],
    description:
      'registered key versions whose method (static / static-iterative) disagrees with the request on some of their days; the engine follows the request, so register a new version with the other method from that day',
  })
  keysWithOtherMethod!: KeyWithOtherMethodView[];
}
