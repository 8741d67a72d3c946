export { CurrentClaims, CurrentUser, principalOf } from './current-user.decorator';
export { COMMUNITY_ROLES } from './principal';
export type { CommunityRole, Principal, SessionClaims } from './principal';
export { hashSecret, isUuid, newSecret, secretMatches, splitToken } from './secret-token';
export { SESSION_CHECKED_IN_QUERY_KEY, SessionCheckedInQuery } from './session-checked-in-query.decorator';
export {
  AllowedDuringTwoFactorEnrollment,
  TWO_FACTOR_ENROLLMENT_KEY,
} from './two-factor-enrollment.decorator';
