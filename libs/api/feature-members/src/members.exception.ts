import { ApiException } from '@sdilna/api/util-http';

export type MembersErrorCode =
  | 'MEMBER_NOT_FOUND'
  | 'MEMBER_PARENT_INVALID'
  | 'MEMBER_ICO_TAKEN'
  | 'MEMBER_IN_USE'
  | 'VAT_PAYER_NEEDS_DIC'
  | 'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE'
  | 'VOTING_NOT_APPLICABLE'
  | 'VOTE_SHARE_EXCEEDED'
  | 'IMPORT_INVALID_FILE'
  | 'IMPORT_REJECTED';

function statusOf(code: MembersErrorCode): number {
  switch (code) {
    case 'MEMBER_NOT_FOUND':
      return 404;
    case 'MEMBER_ICO_TAKEN':
    case 'MEMBER_IN_USE':
      return 409;
    case 'IMPORT_INVALID_FILE':
      return 400;
    case 'MEMBER_PARENT_INVALID':
    case 'VAT_PAYER_NEEDS_DIC':
    case 'RENEWABLE_COMMUNITY_REFUSES_LARGE_ENTERPRISE':
    case 'VOTING_NOT_APPLICABLE':
    case 'VOTE_SHARE_EXCEEDED':
    case 'IMPORT_REJECTED':
      return 422;
  }
}

export class MembersException extends ApiException {
  readonly status: number;

  constructor(code: MembersErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
