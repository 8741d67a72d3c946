import type { CommunityRole, CommunityType } from './vocabulary';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

export interface UserResponse {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly platformAdmin: boolean;
}

export interface MembershipResponse {
  readonly communityId: string;
  readonly role: CommunityRole;
  /** the member record a `member` or `municipality-accountant` login may see */
  readonly memberId: string | null;
}

/** GET /api/auth/me */
export interface MeResponse {
  readonly user: UserResponse;
  readonly memberships: readonly MembershipResponse[];
  /** the account signs in with an authenticator app */
  readonly twoFactorEnabled?: boolean;
  /** a community requires a second factor and this session has none: only enrolment is open */
  readonly twoFactorRequired?: boolean;
}

/** The password was right; the account has two-factor sign-in, so a code finishes it. */
export interface TwoFactorChallengeResponse {
  readonly twoFactorRequired: true;
  readonly challengeToken: string;
}

export interface TwoFactorEnrollmentResponse {
  readonly secret: string;
  readonly otpauthUri: string;
  /** PNG data URL of the otpauth URI */
  readonly qrCode: string;
}

export interface SessionInfoResponse {
  readonly id: string;
  readonly createdAt: string;
  readonly userAgent?: string;
  readonly twoFactor: boolean;
  readonly current: boolean;
}

export interface SignupRequest {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly community: { readonly name: string; readonly type: CommunityType; readonly ico?: string };
}

export interface AcceptInvitationRequest {
  readonly token: string;
  readonly password: string;
  readonly name?: string;
}
