import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { type CommunityCaller, IdParamPipe, InCommunity } from '@sdilna/api/util-registry';

import {
  NotificationListView,
  NotificationPreferenceDto,
  NotificationPreferencesDto,
} from './dtos/notification.dto';
import { NotificationsService } from './notifications.service';

/** Every role: each person sees and sets only their own notifications in the community. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('communities/:communityId/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationListView, description: "the caller's newest notifications" })
  list(@InCommunity() caller: CommunityCaller): Promise<NotificationListView> {
    return this.notifications.list(caller.principal, caller.communityId);
  }

  @Post('read')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "marks all the caller's notifications read" })
  async readAll(@InCommunity() caller: CommunityCaller): Promise<void> {
    await this.notifications.markRead(caller.principal, caller.communityId);
  }

  @Get('preferences')
  @ApiOkResponse({ type: [NotificationPreferenceDto], description: 'the channel of every kind' })
  preferences(@InCommunity() caller: CommunityCaller): Promise<NotificationPreferenceDto[]> {
    return this.notifications.preferences(caller.principal, caller.communityId);
  }

  @Put('preferences')
  @ApiOkResponse({
    type: [NotificationPreferenceDto],
    description: 'the channel of every kind, after the change',
  })
  setPreferences(
    @InCommunity() caller: CommunityCaller,
    @Body() body: NotificationPreferencesDto,
  ): Promise<NotificationPreferenceDto[]> {
    return this.notifications.setPreferences(caller.principal, caller.communityId, body.preferences);
  }

  @Post(':notificationId/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'NOTIFICATION_NOT_FOUND, also for notifications of someone else' })
  async read(
    @InCommunity() caller: CommunityCaller,
    @Param('notificationId', IdParamPipe) notificationId: string,
  ): Promise<void> {
    await this.notifications.markRead(caller.principal, caller.communityId, notificationId);
  }
}
