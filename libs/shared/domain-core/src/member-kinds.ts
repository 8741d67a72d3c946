/**
 * Kinds of community members (domain.md section 2): what admission (a renewable community refuses a large
 * enterprise) and settlement (a municipality's units, internal recharges) look at. The API contract names the same
 * words; its spec checks that they agree.
 */
export const MEMBER_KINDS = [
  'household',
  'sme',
  'large-enterprise',
  'municipality',
  'municipal-unit',
  'other',
] as const;

export type MemberKind = (typeof MEMBER_KINDS)[number];
