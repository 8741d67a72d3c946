import { Inject, Injectable, Optional } from '@nestjs/common';

import { CrossTenantStore, TenantDatabase, type TenantTransaction } from '@sdilna/api/data-access-db';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { AppConfig } from '@sdilna/api/util-config';
import { Mailer, mailLanguageNamed } from '@sdilna/api/util-mail';
import {
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferenceResponse,
} from '@sdilna/shared/util-api-contract';

import {
  allAlerts,
  STORED_OVERDUE_PAYMENTS,
  OVERDUE_PAYMENTS,
  type OverduePaymentsSource,
} from './alert-sources';
import { AlertsStore, DEFAULT_CHANNEL } from './alerts-store';
import type { NotificationListView } from './dtos/notification.dto';
import { digestMail, notificationMail } from './notification-mail';
import { NotificationsException } from './notifications.exception';

/** The newest notifications a list shows. */
export const NOTIFICATION_LIST_LIMIT = 50;

interface UnsentRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  email: string;
  language: string;
}

/**
 * Alerts and notifications (docs/privacy.md): raising the alerts of every community (the hourly scan), mailing
 * them (one mail per event or the daily digest, by each person's preference) and each person's list and
 * preferences in the portal.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly system: CrossTenantStore,
    @Optional()
    @Inject(OVERDUE_PAYMENTS)
    private readonly overdue: OverduePaymentsSource = STORED_OVERDUE_PAYMENTS,
  ) {}

  /** Raises the alerts of one community as of `now`; answers how many notifications were new. */
  async scanCommunity(communityId: string, now = Date.now()): Promise<number> {
    return this.db.run(communityId, async (tx) => {
      const created = await tx.store(AlertsStore).raise(await allAlerts(tx, this.overdue, now));
      return created.length;
    });
  }

  /** The hourly scan over every community with data. */
  async scan(now = Date.now()): Promise<{ communities: number; created: number }> {
    const communities = await this.system.communitiesWithReadings();
    let created = 0;
    for (const communityId of communities) created += await this.scanCommunity(communityId, now);
    return { communities: communities.length, created };
  }

  /** Mails every notification whose recipient chose a mail per event, once (`emailed_at`). */
  async sendEmails(): Promise<number> {
    let sent = 0;
    for (const communityId of await this.system.communitiesWithUnsentNotifications('email')) {
      sent += await this.db.run(communityId, async (tx) => {
        const name = await communityName(tx);
        let count = 0;
        for (const row of await unsent(tx, 'email')) {
          const delivered = await this.mailer.send({
            to: row.email,
            ...notificationMail(mailLanguageNamed(row.language), name, row, this.link()),
          });
          if (!delivered) continue;
          await tx.query(`UPDATE notifications SET emailed_at = now() WHERE id = $1`, [row.id]);
          count++;
        }
        return count;
      });
    }
    return sent;
  }

  /** Mails each person one digest per community of what they chose to hear of daily. */
  async sendDigests(): Promise<number> {
    let sent = 0;
    for (const communityId of await this.system.communitiesWithUnsentNotifications('digest')) {
      sent += await this.db.run(communityId, async (tx) => {
        const name = await communityName(tx);
        const byUser = new Map<string, UnsentRow[]>();
        for (const row of await unsent(tx, 'digest'))
          byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
        let count = 0;
        for (const rows of byUser.values()) {
          const [first] = rows;
          if (!first) continue;
          const delivered = await this.mailer.send({
            to: first.email,
            ...digestMail(mailLanguageNamed(first.language), name, rows, this.link()),
          });
          if (!delivered) continue;
          await tx.query(`UPDATE notifications SET emailed_at = now() WHERE id = ANY($1::uuid[])`, [
            rows.map((row) => row.id),
          ]);
          count++;
        }
        return count;
      });
    }
    return sent;
  }

  /** The caller's newest notifications in the community (not those they turned off) and how many are unread. */
  async list(principal: Principal, communityId: string): Promise<NotificationListView> {
    return this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      const items = await tx.query<{
        id: string;
        kind: NotificationKind;
        params: Record<string, string | number>;
        created_at: Date;
        read_at: Date | null;
      }>(
        `SELECT id, kind, params, created_at, read_at FROM notifications
          WHERE user_id = $1 AND channel <> 'off' ORDER BY created_at DESC, id LIMIT ${NOTIFICATION_LIST_LIMIT}`,
        [principal.userId],
      );
      const [count] = await tx.query<{ unread: number }>(
        `SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND channel <> 'off' AND read_at IS NULL`,
        [principal.userId],
      );
      return {
        items: items.map((row) => ({
          id: row.id,
          kind: row.kind,
          params: row.params,
          createdAt: row.created_at.toISOString(),
          readAt: row.read_at?.toISOString() ?? null,
        })),
        unread: count?.unread ?? 0,
      };
    });
  }

  /** Marks one of the caller's notifications read, or all of them (`notificationId` undefined). */
  async markRead(principal: Principal, communityId: string, notificationId?: string): Promise<void> {
    await this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      const rows = await tx.query<{ id: string }>(
        // A CTE so the driver answers the rows (an UPDATE's own RETURNING comes with its row count).
        `WITH changed AS (
           UPDATE notifications SET read_at = coalesce(read_at, now())
            WHERE user_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid) RETURNING id
         ) SELECT id FROM changed`,
        [principal.userId, notificationId ?? null],
      );
      if (notificationId !== undefined && rows.length === 0)
        throw new NotificationsException('NOTIFICATION_NOT_FOUND', 'No such notification of yours');
    });
  }

  /** The caller's channel for every kind (the default where they have not chosen). */
  async preferences(principal: Principal, communityId: string): Promise<NotificationPreferenceResponse[]> {
    return this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      return readPreferences(tx, principal.userId);
    });
  }

  /** Sets the caller's channels of the kinds given; kinds not named keep theirs. Applies to later alerts. */
  async setPreferences(
    principal: Principal,
    communityId: string,
    preferences: readonly NotificationPreferenceResponse[],
  ): Promise<NotificationPreferenceResponse[]> {
    return this.db.run(communityId, async (tx) => {
      await this.access.resolveIn(tx, principal);
      for (const { kind, channel } of preferences) {
        await tx.query(
          `INSERT INTO notification_preferences (community_id, user_id, kind, channel)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (community_id, user_id, kind) DO UPDATE SET channel = EXCLUDED.channel, updated_at = now()`,
          [tx.communityId, principal.userId, kind, channel],
        );
      }
      return readPreferences(tx, principal.userId);
    });
  }

  private link(): string {
    return this.config.PUBLIC_URL.replace(/\/+$/, '');
  }
}

async function communityName(tx: TenantTransaction): Promise<string> {
  const [row] = await tx.query<{ name: string }>(`SELECT name FROM communities`);
  return row?.name ?? '';
}

/** Notifications of `channel` not mailed yet, locked so two workers never mail one twice. */
function unsent(tx: TenantTransaction, channel: 'email' | 'digest'): Promise<UnsentRow[]> {
  return tx.query<UnsentRow>(
    `SELECT n.id, n.user_id, n.kind, n.params, u.email, u.language
       FROM notifications n JOIN users u ON u.id = n.user_id
      WHERE n.channel = $1 AND n.emailed_at IS NULL
      ORDER BY n.user_id, n.created_at, n.id
      FOR UPDATE OF n SKIP LOCKED`,
    [channel],
  );
}

async function readPreferences(
  tx: TenantTransaction,
  userId: string,
): Promise<NotificationPreferenceResponse[]> {
  const rows = await tx.query<{ kind: NotificationKind; channel: NotificationChannel }>(
    `SELECT kind, channel FROM notification_preferences WHERE user_id = $1`,
    [userId],
  );
  const chosen = new Map(rows.map((row) => [row.kind, row.channel]));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, channel: chosen.get(kind) ?? DEFAULT_CHANNEL }));
}
