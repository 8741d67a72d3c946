import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const MEMBERS_ERRORS = {
  400: ['IMPORT_INVALID_FILE'],
  404: ['MEMBER_NOT_FOUND'],
  409: ['MEMBER_ICO_TAKEN', 'MEMBER_IN_USE'],
  422: [
    'MEMBER_PARENT_INVALID',
    'VAT_PAYER_NEEDS_DIC',
    'VAT_STATUS_INVALID',
    'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE',
    'ENTERPRISE_SIZE_CONFLICT',
    'SME_DECLARATION_MISSING',
    'ENTERPRISE_MAY_NOT_VOTE',
    'VOTER_NOT_LOCAL',
    'VOTING_NOT_APPLICABLE',
    'VOTE_SHARE_EXCEEDED',
    'IMPORT_REJECTED',
  ],
} as const satisfies ErrorStatuses;

export type MembersErrorCode = ErrorCodeOf<typeof MEMBERS_ERRORS>;

export class MembersException extends moduleException(MEMBERS_ERRORS) {}
