import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

import { StoredEmail } from '@sdilna/api/util-http';
import {
  COMMUNITY_ROLES,
  type CommunityRole,
  INVITATION_STATUSES,
  type InvitationRequest,
  type InvitationResponse,
  type InvitationStatus,
} from '@sdilna/shared/util-api-contract';

export class CreateInvitationDto implements InvitationRequest {
  @ApiProperty({ example: 'ucetni@lomnice.example' })
  @StoredEmail()
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

export class InvitationView implements InvitationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: COMMUNITY_ROLES })
  role!: CommunityRole;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  memberId!: string | null;

  @ApiProperty({ enum: INVITATION_STATUSES })
  status!: InvitationStatus;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiPropertyOptional({
    description:
      'only when just created: whether the mail was queued for the worker, which sends it with retries',
  })
  mailQueued?: boolean;
}
