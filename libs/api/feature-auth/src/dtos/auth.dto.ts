import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';

import { StoredEmail } from '@sdilna/api/util-http';
import { CommunityView, CreateCommunityDto } from '@sdilna/api/feature-communities';
import {
  type AcceptInvitationRequest,
  COMMUNITY_ROLES,
  type CommunityRole,
  type MembershipResponse,
  type MeResponse,
  type SignupRequest,
  type TokenPair,
  type UserResponse,
} from '@sdilna/shared/util-api-contract';

const PASSWORD_RULE = 'at least 10 characters';

export class SignupDto implements SignupRequest {
  @ApiProperty({ example: 'starosta@lomnice.example' })
  @StoredEmail()
  email!: string;

  @ApiProperty({ description: PASSWORD_RULE, minLength: 10 })
  @IsString()
  @Length(10, 200)
  password!: string;

  @ApiProperty({ example: 'Jana Nováková' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: CreateCommunityDto })
  @ValidateNested()
  @Type(() => CreateCommunityDto)
  community!: CreateCommunityDto;
}

export class LoginDto {
  @ApiProperty({ example: 'starosta@lomnice.example' })
  @StoredEmail()
  email!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'the refresh token of the last answer; each one works once' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty()
  @IsEmail()
  email!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'the token from the mailed link' })
  @IsString()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ description: PASSWORD_RULE, minLength: 10 })
  @IsString()
  @Length(10, 200)
  password!: string;
}

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiProperty({ description: 'the token from the mailed link' })
  @IsString()
  @MaxLength(300)
  token!: string;

  @ApiProperty({
    description: `the new account's password (${PASSWORD_RULE}), or the existing account's password`,
  })
  @IsString()
  @Length(1, 200)
  password!: string;

  @ApiPropertyOptional({ description: 'required when the invited e-mail has no account yet' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class TokenPairView implements TokenPair {
  @ApiProperty({ description: 'JWT, 15 minutes; send as Authorization: Bearer' })
  accessToken!: string;

  @ApiProperty({ description: 'opaque, 30 days, single use: POST /api/auth/refresh' })
  refreshToken!: string;
}

export class UserView implements UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  platformAdmin!: boolean;
}

export class SignupView extends TokenPairView {
  @ApiProperty({ type: UserView })
  user!: UserView;

  @ApiProperty({ type: CommunityView })
  community!: CommunityView;
}

export class AcceptedInvitationView extends TokenPairView {
  @ApiProperty({ format: 'uuid' })
  communityId!: string;

  @ApiProperty({ enum: COMMUNITY_ROLES })
  role!: CommunityRole;
}

export class MembershipView implements MembershipResponse {
  @ApiProperty({ format: 'uuid' })
  communityId!: string;

  @ApiProperty({ enum: COMMUNITY_ROLES })
  role!: CommunityRole;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  memberId!: string | null;
}

export class MeView implements MeResponse {
  @ApiProperty({ type: UserView })
  user!: UserView;

  @ApiProperty({ type: [MembershipView] })
  memberships!: MembershipView[];

  @ApiProperty({ description: 'the account signs in with an authenticator app' })
  twoFactorEnabled!: boolean;

  @ApiProperty({
    description:
      'a community of the caller requires two-factor sign-in and this session has none: only enrolment is open',
  })
  twoFactorRequired!: boolean;
}
