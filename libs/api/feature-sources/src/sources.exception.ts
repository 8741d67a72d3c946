import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const SOURCES_ERRORS = {
  400: ['INVALID_INSTALLED_POWER'],
  404: ['SOURCE_NOT_FOUND', 'SOURCE_POINT_NOT_FOUND'],
  422: ['SOURCE_POINT_NOT_PRODUCTION', 'RENEWABLE_COMMUNITY_REFUSES_NON_RENEWABLE_SOURCE'],
} as const satisfies ErrorStatuses;

export type SourcesErrorCode = ErrorCodeOf<typeof SOURCES_ERRORS>;

export class SourcesException extends moduleException(SOURCES_ERRORS) {}
