/** Roles a user holds in one community; platform administration is a flag on the user, not a membership. */
export type CommunityRole = 'community-admin' | 'member' | 'municipality-accountant';

export const COMMUNITY_ROLES: readonly CommunityRole[] = [
  'community-admin',
  'member',
  'municipality-accountant',
];

/**
 * What a verified access token says: who, and in which session. On routes marked `@SessionCheckedInQuery()` this
 * is all the guard establishes; whether the session still lives is checked by the route's own statement.
 */
export interface SessionClaims {
  readonly userId: string;
  readonly sessionId: string;
}

/** The caller as the access-token strategy verified it, session included; carries no tenant (services take the community explicitly). */
export interface Principal extends SessionClaims {
  readonly email: string;
  readonly platformAdmin: boolean;
  /** the session may only enrol a second factor (its community requires one; see TWO_FACTOR_ENROLLMENT_KEY) */
  readonly twoFactorPending?: boolean;
}
