import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { NotificationChannel, NotificationKind } from '@sdilna/shared/util-api-contract';

/** Who hears of an alert: the community's administrators, the logins of one member, or both. */
export interface AlertAudience {
  readonly admins: boolean;
  readonly memberId?: string;
}

/**
 * One event worth telling people about. `key` identifies the event within the community (`data-gap:<point>:<month>`,
 * `import-failed:<batch>`...): raising the same key again tells nobody anything new.
 */
export interface Alert {
  readonly kind: NotificationKind;
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly audience: AlertAudience;
}

/** The channel of a kind for someone who has not chosen: the portal's list and the daily digest. */
export const DEFAULT_CHANNEL: NotificationChannel = 'digest';

/** Who may hear of what: the member's own documents and payments go to its logins, operations to administrators. */
export const ADMIN_ALERT: AlertAudience = { admins: true };

/**
 * Raises alerts in the transaction's community: one notification per recipient and alert, once (the table's
 * unique key on the dedupe key; a second raise inserts nothing). The recipient's preference for the kind at that
 * moment is stored with it (`channel`), so the mail jobs know what to send. Answers the notifications it created.
 */
export class AlertsStore {
  constructor(private readonly tx: TenantTransaction) {}

  async raise(
    alerts: readonly Alert[],
  ): Promise<Array<{ userId: string; kind: NotificationKind; channel: NotificationChannel }>> {
    if (alerts.length === 0) return [];
    const created: Array<{ userId: string; kind: NotificationKind; channel: NotificationChannel }> = [];
    for (const alert of alerts) {
      const rows = await this.tx.query<{
        user_id: string;
        kind: NotificationKind;
        channel: NotificationChannel;
      }>(
        `WITH recipients AS (
           SELECT DISTINCT m.user_id FROM memberships m
            WHERE ($3::boolean AND m.role = 'community-admin')
               OR ($4::uuid IS NOT NULL AND m.role = 'member' AND m.member_id = $4::uuid)
         )
         INSERT INTO notifications (community_id, user_id, kind, dedupe_key, params, channel)
         SELECT $5::uuid, r.user_id, $1, $2, $6::jsonb, coalesce(p.channel, $7)
           FROM recipients r
           LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.kind = $1
         ON CONFLICT (community_id, user_id, dedupe_key) DO NOTHING
         RETURNING user_id, kind, channel`,
        [
          alert.kind,
          alert.key,
          alert.audience.admins,
          alert.audience.memberId ?? null,
          this.tx.communityId,
          JSON.stringify(alert.params),
          DEFAULT_CHANNEL,
        ],
      );
      created.push(...rows.map((row) => ({ userId: row.user_id, kind: row.kind, channel: row.channel })));
    }
    return created;
  }
}
