export type CommunityRole = 'community-admin' | 'member' | 'municipality-accountant';
export type CommunityType = 'active-customer' | 'energy-community' | 'renewable-community';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly platformAdmin: boolean;
}

export interface Membership {
  readonly communityId: string;
  readonly role: CommunityRole;
  /** the member record a `member` or `municipality-accountant` login may see */
  readonly memberId: string | null;
}

export interface Me {
  readonly user: User;
  readonly memberships: readonly Membership[];
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
