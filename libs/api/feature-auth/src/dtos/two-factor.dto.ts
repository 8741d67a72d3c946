import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type {
  SessionInfoResponse,
  TwoFactorChallengeResponse,
  TwoFactorEnrollmentResponse,
} from '@sdilna/shared/util-api-contract';

const CODE_RULE = /^\d{6}$/;
const CODE_MESSAGE = 'code must be the 6 digits your authenticator app shows';

export class TwoFactorChallengeView implements TwoFactorChallengeResponse {
  @ApiProperty({ enum: [true], description: 'the password was right; send a code to finish signing in' })
  twoFactorRequired!: true;

  @ApiProperty({ description: 'give it to POST /api/auth/login/two-factor within 5 minutes' })
  challengeToken!: string;
}

/** The second factor: the current code of the authenticator app, or one of the recovery codes. */
class SecondFactorDto {
  @ApiPropertyOptional({ example: '123456', description: 'the current code of the authenticator app' })
  @IsOptional()
  @Matches(CODE_RULE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({
    example: 'abcd-efgh',
    description: 'one of the recovery codes instead (each works once)',
  })
  @IsOptional()
  @IsString()
  @Length(8, 20)
  recoveryCode?: string;
}

export class CompleteTwoFactorSignInDto extends SecondFactorDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  challengeToken!: string;
}

export class TwoFactorCodeDto {
  @ApiProperty({ example: '123456' })
  @Matches(CODE_RULE, { message: CODE_MESSAGE })
  code!: string;
}

export class DisableTwoFactorDto extends SecondFactorDto {
  @ApiProperty({ description: "the account's password" })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class EnrollmentView implements TwoFactorEnrollmentResponse {
  @ApiProperty({ description: 'base32 secret, to type into the app if the QR code cannot be scanned' })
  secret!: string;

  @ApiProperty({ example: 'otpauth://totp/Sd%C3%ADlna:jana%40example.cz?secret=…&issuer=Sd%C3%ADlna' })
  otpauthUri!: string;

  @ApiProperty({ description: 'the otpauth URI as a PNG QR code (data URL)' })
  qrCode!: string;
}

export class RecoveryCodesView {
  @ApiProperty({
    type: [String],
    description: 'ten single-use codes for when the phone is lost; shown once, stored only as hashes',
  })
  recoveryCodes!: string[];
}

export class ConfirmedEnrollmentView extends RecoveryCodesView {
  @ApiProperty({ description: 'a new access token of this session, which now counts as two-factor' })
  accessToken!: string;
}

export class SessionView implements SessionInfoResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ description: 'the browser or client that signed in' })
  userAgent?: string;

  @ApiProperty({ description: 'signed in with a second factor' })
  twoFactor!: boolean;

  @ApiProperty({ description: 'the session of this request' })
  current!: boolean;
}

export class TwoFactorPolicyDto {
  @ApiProperty({
    description: 'administrators and accountants of the community must sign in with two factors',
  })
  @IsBoolean()
  required!: boolean;
}

export class TwoFactorPolicyView {
  @ApiProperty()
  required!: boolean;
}
