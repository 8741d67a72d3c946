import type { TenantTransaction } from '@sdilna/api/data-access-db';

/** Reminders are mailed 7 and 21 days after the due date unless the administrator says otherwise. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 21];

/** A community's payment settings (the reminder steps), bound to one tenant transaction. */
export class PaymentSettingsStore {
  constructor(private readonly tx: TenantTransaction) {}

  async reminderDays(): Promise<number[]> {
    const [row] = await this.tx.query<{ reminder_days: number[] }>(
      `SELECT reminder_days FROM payment_settings`,
    );
    return row ? [...row.reminder_days] : [...DEFAULT_REMINDER_DAYS];
  }

  async save(reminderDays: readonly number[]): Promise<void> {
    await this.tx.query(
      `INSERT INTO payment_settings (community_id, reminder_days, updated_at) VALUES ($1, $2::integer[], now())
       ON CONFLICT (community_id) DO UPDATE SET reminder_days = EXCLUDED.reminder_days, updated_at = now()`,
      [this.tx.communityId, reminderDays],
    );
  }
}
