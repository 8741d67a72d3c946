export { PaymentsModule } from './payments.module';
export { PaymentsWorkerModule } from './payments-worker.module';
export { SEND_REMINDERS_SCHEDULER_ID } from './jobs/reminder-schedule';
export { parseStatement } from './statements/statements.service';
export { PaymentsException } from './payments.exception';
export type { PaymentsErrorCode } from './payments.exception';
export { reminderJobId } from './jobs/send-reminders.handler';
