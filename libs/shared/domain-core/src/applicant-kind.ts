/**
 * Kinds a prospective member says they are on the public page (issue 23); each has its own typical load profile
 * (domain-allocation's typical-load-profile.ts). Here, not beside the profiles, so the API contract names them
 * without pulling the allocation engine into the portal or the settlement path.
 */
export const APPLICANT_KINDS = ['household', 'housing-association', 'sme', 'municipality'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
