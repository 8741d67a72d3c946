import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import { type CommunityCaller, InCommunity } from '@sdilna/api/util-registry';

import {
  ConnectorStatusView,
  EdcGroupView,
  FetchAcceptedView,
  FetchNowDto,
  MappingView,
  PutCredentialsDto,
  PutMappingDto,
} from './dtos/edc-connector.dto';
import { EdcConnectorService } from './edc-connector.service';

/** The EDC portal connector of a community (docs/edc.md); administrators only, off until credentials with consent. */
@ApiTags('edc-connector')
@ApiBearerAuth()
@RequireCommunityRole('community-admin')
@Controller('communities/:communityId/edc-connector')
export class EdcConnectorController {
  constructor(private readonly connector: EdcConnectorService) {}

  @Get()
  @ApiOperation({ summary: 'Status: credentials (masked), schedule, last success, last error, progress' })
  @ApiOkResponse({ type: ConnectorStatusView })
  status(@InCommunity() caller: CommunityCaller): Promise<ConnectorStatusView> {
    return this.connector.status(caller.principal, caller.communityId);
  }

  @Put('credentials')
  @ApiOperation({
    summary:
      "Stores the representative's EDC log-in (encrypted) with the community's consent and enables the nightly fetch",
  })
  @ApiOkResponse({ type: ConnectorStatusView })
  @ApiUnprocessableEntityResponse({ description: 'CONSENT_REQUIRED' })
  @ApiConflictResponse({ description: 'CONNECTOR_UNAVAILABLE (no EDC_CREDENTIALS_KEYS on this server)' })
  putCredentials(
    @InCommunity() caller: CommunityCaller,
    @Body() body: PutCredentialsDto,
  ): Promise<ConnectorStatusView> {
    return this.connector.putCredentials(caller.principal, caller.communityId, body);
  }

  @Delete('credentials')
  @HttpCode(204)
  @ApiOperation({ summary: 'Wipes the credentials and the schedule; the connector is off again' })
  @ApiNoContentResponse()
  removeCredentials(@InCommunity() caller: CommunityCaller): Promise<void> {
    return this.connector.removeCredentials(caller.principal, caller.communityId);
  }

  @Get('groups')
  @ApiOperation({
    summary: "Logs in to the EDC portal and lists the account's sharing groups with their mapping",
  })
  @ApiOkResponse({ type: [EdcGroupView] })
  @ApiConflictResponse({
    description: 'CONNECTOR_NOT_CONFIGURED, CREDENTIALS_UNREADABLE, CONNECTOR_UNAVAILABLE',
  })
  @ApiUnprocessableEntityResponse({ description: 'EDC_CREDENTIALS_REFUSED' })
  @ApiBadGatewayResponse({ description: 'EDC_PORTAL_UNAVAILABLE, EDC_PORTAL_CHANGED' })
  groups(@InCommunity() caller: CommunityCaller): Promise<EdcGroupView[]> {
    return this.connector.groups(caller.principal, caller.communityId);
  }

  @Put('mapping')
  @ApiOperation({ summary: 'Maps each EDC group to a Sdílna sharing group (the whole mapping at once)' })
  @ApiOkResponse({ type: MappingView })
  @ApiUnprocessableEntityResponse({ description: 'MAPPING_DUPLICATE' })
  putMapping(@InCommunity() caller: CommunityCaller, @Body() body: PutMappingDto): Promise<MappingView> {
    return this.connector.putMapping(caller.principal, caller.communityId, body);
  }

  @Post('fetch')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Fetch now: backfills [from, to] (at most a year) in month chunks; progress in the status',
  })
  @ApiAcceptedResponse({ type: FetchAcceptedView })
  @ApiBadRequestResponse({ description: 'INVALID_RANGE' })
  @ApiConflictResponse({ description: 'CONNECTOR_NOT_CONFIGURED, NO_GROUP_MAPPED, FETCH_IN_PROGRESS' })
  fetch(@InCommunity() caller: CommunityCaller, @Body() body: FetchNowDto): Promise<FetchAcceptedView> {
    return this.connector.fetchNow(caller.principal, caller.communityId, body);
  }
}
