import { type ErrorCodeOf, type ErrorStatuses, moduleException } from '@sdilna/api/util-http';

const NOTIFICATIONS_ERRORS = {
  404: ['NOTIFICATION_NOT_FOUND'],
} as const satisfies ErrorStatuses;

export type NotificationsErrorCode = ErrorCodeOf<typeof NOTIFICATIONS_ERRORS>;

export class NotificationsException extends moduleException(NOTIFICATIONS_ERRORS) {}
