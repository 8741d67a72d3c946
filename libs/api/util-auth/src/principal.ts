/** Roles a user holds in one community; platform administration is a flag on the user, not a membership. */
export type CommunityRole = 'community-admin' | 'member' | 'municipality-accountant';

export const COMMUNITY_ROLES: readonly CommunityRole[] = [
  'community-admin',
  'member',
  'municipality-accountant',
];

/** The caller as the access-token strategy verified it; carries no tenant (services take the community explicitly). */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly platformAdmin: boolean;
  readonly sessionId: string;
}
