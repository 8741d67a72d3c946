import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, InCommunity } from '@sdilna/api/util-registry';
import type { PaymentOverviewResponse } from '@sdilna/shared/util-api-contract';

import { PaymentOverviewQueryDto, PaymentSettingsDto, PaymentSettingsView } from '../payments.dto';
import { PaymentsOverviewService } from './payments-overview.service';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('communities/:communityId/payments')
export class PaymentsOverviewController {
  constructor(private readonly overview: PaymentsOverviewService) {}

  @Get()
  @ApiOkResponse({
    description:
      'every document with its payment status (filter by status and side) and the totals outstanding: receivable (members owe), of it overdue, payable (owed to producers)',
  })
  list(
    @InCommunity() caller: CommunityCaller,
    @Query() query: PaymentOverviewQueryDto,
  ): Promise<PaymentOverviewResponse> {
    return this.overview.overview(caller.principal, caller.communityId, query);
  }

  @Get('settings')
  @ApiOkResponse({ type: PaymentSettingsView })
  settings(@InCommunity() caller: CommunityCaller): Promise<PaymentSettingsView> {
    return this.overview.settings(caller.principal, caller.communityId) as Promise<PaymentSettingsView>;
  }

  @Put('settings')
  @RequireCommunityRole('community-admin')
  @ApiOkResponse({
    type: PaymentSettingsView,
    description: 'reminder steps, days after the due date; audited',
  })
  @ApiUnprocessableEntityResponse({ description: 'PAYMENT_SETTINGS_INVALID' })
  save(
    @InCommunity() caller: CommunityCaller,
    @Body() body: PaymentSettingsDto,
  ): Promise<PaymentSettingsView> {
    return this.overview.saveSettings(
      caller.principal,
      caller.communityId,
      body.reminderDays,
    ) as Promise<PaymentSettingsView>;
  }
}
