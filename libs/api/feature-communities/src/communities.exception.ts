import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const COMMUNITIES_ERRORS = {
  400: ['AUDIT_FILTER_INVALID'],
  404: [
    'SHARING_GROUP_NOT_FOUND',
    'ITERATION_PERIOD_NOT_FOUND',
    'INVITATION_NOT_FOUND',
    'INVITATION_MEMBER_NOT_FOUND',
  ],
  409: ['EDC_GROUP_ID_TAKEN', 'ITERATION_PERIOD_CONFLICT'],
  422: ['ACCOUNTANT_NEEDS_MUNICIPALITY', 'TERRITORY_TOO_LARGE'],
} as const satisfies ErrorStatuses;

export type CommunitiesErrorCode = ErrorCodeOf<typeof COMMUNITIES_ERRORS>;

export class CommunitiesException extends moduleException(COMMUNITIES_ERRORS) {}
