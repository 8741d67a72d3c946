export { CurrentUser } from './current-user.decorator';
export { COMMUNITY_ROLES } from './principal';
export type { CommunityRole, Principal } from './principal';
export { hashSecret, newSecret, secretMatches, splitToken } from './secret-token';
