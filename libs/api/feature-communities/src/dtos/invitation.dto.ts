import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsUUID } from 'class-validator';

import { COMMUNITY_ROLES, type CommunityRole } from '@sdilna/api/util-auth';

export class CreateInvitationDto {
  @ApiProperty({ example: 'ucetni@lomnice.example' })
  @IsEmail()
  email!: string;

  @ApiProperty({ enum: COMMUNITY_ROLES })
  @IsIn(COMMUNITY_ROLES)
  role!: CommunityRole;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'required for member (the record the login may see) and municipality-accountant (the municipality)',
  })
  @IsOptional()
  @IsUUID()
  memberId?: string;
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: COMMUNITY_ROLES })
  role!: CommunityRole;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  memberId!: string | null;

  @ApiProperty({ enum: ['pending', 'accepted', 'expired', 'revoked'] })
  status!: 'pending' | 'accepted' | 'expired' | 'revoked';

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiPropertyOptional({ description: 'only when just created: whether the SMTP server accepted the mail' })
  mailDelivered?: boolean;
}
