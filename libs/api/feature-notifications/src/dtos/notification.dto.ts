import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, ValidateNested } from 'class-validator';

import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationListResponse,
  type NotificationPreferenceResponse,
  type NotificationResponse,
} from '@sdilna/shared/util-api-contract';

export class NotificationView implements NotificationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description:
      'what the text of the kind names: ean, month, period, number, fileName, days, intervals, dueDate',
  })
  params!: Record<string, string | number>;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  readAt!: string | null;
}

export class NotificationListView implements NotificationListResponse {
  @ApiProperty({ type: [NotificationView], description: 'the newest 50' })
  items!: NotificationView[];

  @ApiProperty({ description: 'unread notifications in all' })
  unread!: number;
}

export class NotificationPreferenceDto implements NotificationPreferenceResponse {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS)
  kind!: NotificationKind;

  @ApiProperty({
    enum: NOTIFICATION_CHANNELS,
    description:
      'portal: the list only; email: a mail per event; digest: the daily mail (default); off: nowhere',
  })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: NotificationChannel;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: [NotificationPreferenceDto] })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  preferences!: NotificationPreferenceDto[];
}
