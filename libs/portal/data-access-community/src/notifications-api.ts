import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  NotificationListResponse,
  NotificationPreferenceResponse,
} from '@sdilna/shared/util-api-contract';

export { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '@sdilna/shared/util-api-contract';
export type {
  NotificationChannel,
  NotificationKind,
  NotificationListResponse as NotificationList,
  NotificationPreferenceResponse as NotificationPreference,
  NotificationResponse as PortalNotification,
} from '@sdilna/shared/util-api-contract';

/** The caller's own notifications in a community and how they want to hear of each kind (every role). */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  list(communityId: string): Observable<NotificationListResponse> {
    return this.http.get<NotificationListResponse>(`/api/communities/${communityId}/notifications`);
  }

  markRead(communityId: string, notificationId?: string): Observable<void> {
    const path = notificationId === undefined ? 'read' : `${notificationId}/read`;
    return this.http.post<void>(`/api/communities/${communityId}/notifications/${path}`, {});
  }

  preferences(communityId: string): Observable<NotificationPreferenceResponse[]> {
    return this.http.get<NotificationPreferenceResponse[]>(
      `/api/communities/${communityId}/notifications/preferences`,
    );
  }

  setPreferences(
    communityId: string,
    preferences: readonly NotificationPreferenceResponse[],
  ): Observable<NotificationPreferenceResponse[]> {
    return this.http.put<NotificationPreferenceResponse[]>(
      `/api/communities/${communityId}/notifications/preferences`,
      { preferences },
    );
  }
}
