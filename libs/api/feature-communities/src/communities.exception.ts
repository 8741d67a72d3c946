import { ApiException } from '@sdilna/api/util-http';

export type CommunitiesErrorCode =
  | 'SHARING_GROUP_NOT_FOUND'
  | 'EDC_GROUP_ID_TAKEN'
  | 'ITERATION_PERIOD_CONFLICT'
  | 'ITERATION_PERIOD_NOT_FOUND'
  | 'INVITATION_NOT_FOUND'
  | 'INVITATION_MEMBER_NOT_FOUND'
  | 'ACCOUNTANT_NEEDS_MUNICIPALITY'
  | 'AUDIT_FILTER_INVALID';

function statusOf(code: CommunitiesErrorCode): number {
  switch (code) {
    case 'SHARING_GROUP_NOT_FOUND':
    case 'ITERATION_PERIOD_NOT_FOUND':
    case 'INVITATION_NOT_FOUND':
    case 'INVITATION_MEMBER_NOT_FOUND':
      return 404;
    case 'EDC_GROUP_ID_TAKEN':
    case 'ITERATION_PERIOD_CONFLICT':
      return 409;
    case 'ACCOUNTANT_NEEDS_MUNICIPALITY':
      return 422;
    case 'AUDIT_FILTER_INVALID':
      return 400;
  }
}

export class CommunitiesException extends ApiException {
  readonly status: number;

  constructor(code: CommunitiesErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
