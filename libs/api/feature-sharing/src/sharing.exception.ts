import { ApiException } from '@sdilna/api/util-http';

export type SharingErrorCode = 'PERIOD_INVALID' | 'EAN_NOT_FOUND' | 'SIMULATION_KEY_INVALID';

function statusOf(code: SharingErrorCode): number {
  switch (code) {
    case 'PERIOD_INVALID':
    case 'SIMULATION_KEY_INVALID':
      return 400;
    case 'EAN_NOT_FOUND':
      return 404;
  }
}

export class SharingException extends ApiException {
  readonly status: number;

  constructor(code: SharingErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.status = statusOf(code);
  }
}
