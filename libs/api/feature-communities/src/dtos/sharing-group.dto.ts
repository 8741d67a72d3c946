import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

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

export class SharingGroupView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ nullable: true, type: String })
  edcGroupId!: string | null;
}
