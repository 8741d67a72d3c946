import { Injectable } from '@nestjs/common';

import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';

import { NotificationsService } from '../notifications.service';

function instantOf(requestedAt: string): number {
  const at = Date.parse(requestedAt);
  return Number.isNaN(at) ? Date.now() : at;
}

@Injectable()
@HandlesJob('notifications.scan')
export class ScanAlertsHandler implements JobHandler<'notifications.scan'> {
  constructor(private readonly notifications: NotificationsService) {}

  handle(payload: JobPayloads['notifications.scan']): Promise<{ communities: number; created: number }> {
    return this.notifications.scan(instantOf(payload.requestedAt));
  }
}

@Injectable()
@HandlesJob('notifications.send')
export class SendNotificationsHandler implements JobHandler<'notifications.send'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle(): Promise<{ sent: number }> {
    return { sent: await this.notifications.sendEmails() };
  }
}

@Injectable()
@HandlesJob('notifications.digest')
export class SendDigestsHandler implements JobHandler<'notifications.digest'> {
  constructor(private readonly notifications: NotificationsService) {}

  async handle(): Promise<{ sent: number }> {
    return { sent: await this.notifications.sendDigests() };
  }
}
