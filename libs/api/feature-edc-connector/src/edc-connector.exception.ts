import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const EDC_CONNECTOR_ERRORS = {
  400: ['INVALID_RANGE'],
  404: ['SHARING_GROUP_NOT_FOUND'],
  409: [
    'CONNECTOR_UNAVAILABLE',
    'CONNECTOR_NOT_CONFIGURED',
    'CREDENTIALS_UNREADABLE',
    'NO_GROUP_MAPPED',
    'FETCH_IN_PROGRESS',
  ],
  422: ['CONSENT_REQUIRED', 'MAPPING_DUPLICATE', 'EDC_CREDENTIALS_REFUSED'],
  // The portal's fault, not the caller's: a gateway error, with the reason in words.
  502: ['EDC_PORTAL_UNAVAILABLE', 'EDC_PORTAL_CHANGED'],
} as const satisfies ErrorStatuses;

export type EdcConnectorErrorCode = ErrorCodeOf<typeof EDC_CONNECTOR_ERRORS>;

export class EdcConnectorException extends moduleException(EDC_CONNECTOR_ERRORS) {}
