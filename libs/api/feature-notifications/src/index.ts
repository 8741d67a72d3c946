export {
  allAlerts,
  DATA_GAP_GRACE_DAYS,
  dataGapAlerts,
  isMonthDue,
  monthDueBy,
  NO_OVERDUE_PAYMENTS,
  OVERDUE_PAYMENTS,
} from './alert-sources';
export type { OverduePayment, OverduePaymentsSource } from './alert-sources';
export { ADMIN_ALERT, AlertsStore, DEFAULT_CHANNEL } from './alerts-store';
export type { Alert, AlertAudience } from './alerts-store';
export { NotificationsException } from './notifications.exception';
export type { NotificationsErrorCode } from './notifications.exception';
export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export { NotificationsWorkerModule } from './notifications-worker.module';
