import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import {
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  type NotificationKind,
  NotificationsApi,
  type PortalNotification,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { I18n, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * The caller's notifications in the community (newest first, unread marked) and, per kind, how they want to hear
 * of it: the portal only, a mail per event, the daily digest or not at all. Administrators and members alike.
 */
@Component({
  selector: 'sd-notifications-page',
  imports: [TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'notifications.title' | t }}</h1>
    <sd-api-error [error]="call.error()" />
    @if (list.hasValue()) {
      @let answer = list.value();
      <p role="status" data-testid="notifications-unread">
        {{ 'notifications.unread' | t: { count: answer.unread } }}
        @if (answer.unread > 0) {
          <button type="button" class="link" (click)="readAll()" [disabled]="call.busy()">
            {{ 'notifications.readAll' | t }}
          </button>
        }
      </p>
      @if (answer.items.length === 0) {
        <p>{{ 'notifications.empty' | t }}</p>
      } @else {
        <ul class="notifications" data-testid="notifications-list">
          @for (item of answer.items; track item.id) {
            <li [class.unread]="item.readAt === null">
              <span>{{ 'notification.' + item.kind | t: item.params }}</span>
              <small class="hint">{{ when(item.createdAt) }}</small>
              @if (item.readAt === null) {
                <button type="button" class="link" (click)="read(item)" [disabled]="call.busy()">
                  {{ 'notifications.markRead' | t }}
                </button>
              }
            </li>
          }
        </ul>
      }
    }
    <h2>{{ 'notifications.preferences' | t }}</h2>
    <p class="hint">{{ 'notifications.preferencesHelp' | t }}</p>
    @if (preferences.hasValue()) {
      <div class="preferences">
        @for (preference of preferences.value(); track preference.kind) {
          <div class="field">
            <label [for]="'pref-' + preference.kind">{{ 'notificationKind.' + preference.kind | t }}</label>
            <select
              [id]="'pref-' + preference.kind"
              [value]="preference.channel"
              (change)="choose(preference.kind, $any($event.target).value)"
            >
              @for (channel of channels; track channel) {
                <option [value]="channel">{{ 'notificationChannel.' + channel | t }}</option>
              }
            </select>
          </div>
        }
      </div>
    }
  `,
  styles: `
    .notifications {
      list-style: none;
      padding: 0;
    }
    .notifications li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--sd-border, #ccc);
    }
    .notifications li.unread span {
      font-weight: 600;
    }
    .preferences {
      display: grid;
      gap: 0.5rem;
      max-width: 30rem;
    }
  `,
})
export class NotificationsPage {
  private readonly api = inject(NotificationsApi);
  private readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly channels = NOTIFICATION_CHANNELS;
  protected readonly call = new ApiCall();
  protected readonly list = rxResource({
    params: () => ({ communityId: this.communityId() }),
    stream: ({ params }) => this.api.list(params.communityId),
  });
  protected readonly preferences = rxResource({
    params: () => ({ communityId: this.communityId() }),
    stream: ({ params }) => this.api.preferences(params.communityId),
  });

  protected when(at: string): string {
    return new Date(at).toLocaleString(this.i18n.language() === 'cs' ? 'cs-CZ' : 'en-GB', {
      timeZone: 'Europe/Prague',
    });
  }

  protected async read(item: PortalNotification): Promise<void> {
    if (await this.call.run(() => firstValueFrom(this.api.markRead(this.communityId(), item.id))))
      this.list.reload();
  }

  protected async readAll(): Promise<void> {
    if (await this.call.run(() => firstValueFrom(this.api.markRead(this.communityId())))) this.list.reload();
  }

  protected async choose(kind: NotificationKind, channel: NotificationChannel): Promise<void> {
    await this.call.run(() =>
      firstValueFrom(this.api.setPreferences(this.communityId(), [{ kind, channel }])),
    );
    this.preferences.reload();
  }
}
