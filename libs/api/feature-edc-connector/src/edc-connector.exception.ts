import { ApiException } from '@sdilna/api/util-http';

export type EdcConnectorErrorCode =
  | 'CONNECTOR_UNAVAILABLE'
  | 'CONNECTOR_NOT_CONFIGURED'
  | 'CONSENT_REQUIRED'
  | 'CREDENTIALS_UNREADABLE'
  | 'NO_GROUP_MAPPED'
  | 'FETCH_IN_PROGRESS'
  | 'INVALID_RANGE'
  | 'SHARING_GROUP_NOT_FOUND'
  | 'MAPPING_DUPLICATE'
  | 'EDC_CREDENTIALS_REFUSED'
  | 'EDC_PORTAL_UNAVAILABLE'
  | 'EDC_PORTAL_CHANGED';

function statusOf(code: EdcConnectorErrorCode): number {
  switch (code) {
    case 'INVALID_RANGE':
      return 400;
    case 'SHARING_GROUP_NOT_FOUND':
      return 404;
    case 'CONNECTOR_UNAVAILABLE':
    case 'CONNECTOR_NOT_CONFIGURED':
    case 'CREDENTIALS_UNREADABLE':
    case 'NO_GROUP_MAPPED':
    case 'FETCH_IN_PROGRESS':
      return 409;
    case 'CONSENT_REQUIRED':
    case 'MAPPING_DUPLICATE':
    case 'EDC_CREDENTIALS_REFUSED':
      return 422;
    // The portal's fault, not the caller's: a gateway error, with the reason in words.
    case 'EDC_PORTAL_UNAVAILABLE':
    case 'EDC_PORTAL_CHANGED':
      return 502;
  }
}

export class EdcConnectorException extends ApiException {
  readonly status: number;

  constructor(code: EdcConnectorErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
