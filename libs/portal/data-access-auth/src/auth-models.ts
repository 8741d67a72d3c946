/** The API's auth shapes, from the contract; the portal's names stay as aliases (no copies). */
export type {
  AcceptInvitationRequest,
  CommunityRole,
  CommunityType,
  MeResponse as Me,
  MembershipResponse as Membership,
  SessionInfoResponse as SessionInfo,
  SignupRequest,
  TokenPair,
  TwoFactorChallengeResponse as TwoFactorChallenge,
  TwoFactorEnrollmentResponse as TwoFactorEnrollment,
  UserResponse as User,
} from '@sdilna/shared/util-api-contract';
