/**
 * Alerts and notifications (docs/privacy.md section "Alerts"): what happened, for whom, and how each person wants
 * to hear of each kind.
 */
export const NOTIFICATION_KINDS = [
  'data-gap',
  'import-failed',
  'discrepancy',
  'draft-waiting',
  'new-document',
  'overdue-payment',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** portal: the list only; email: a mail of its own too; digest: in the daily mail; off: nowhere. */
export const NOTIFICATION_CHANNELS = ['portal', 'email', 'digest', 'off'] as const;

export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotificationResponse {
  readonly id: string;
  readonly kind: NotificationKind;
  /** what the text of the kind names: ean, month, period, document number, file name, counts... */
  readonly params: Readonly<Record<string, string | number>>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface NotificationListResponse {
  readonly items: readonly NotificationResponse[];
  readonly unread: number;
}

export interface NotificationPreferenceResponse {
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
}
