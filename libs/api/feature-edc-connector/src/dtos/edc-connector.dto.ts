import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  EDC_CONNECTOR_STATES,
  EDC_FETCH_KINDS,
  type EdcConnectorState,
  type EdcConnectorStatusResponse,
  type EdcCredentialsRequest,
  type EdcFetchKind,
  type EdcFetchRequest,
  type EdcFetchResponse,
  type EdcGroupResponse,
  type EdcMappingRequest,
} from '@sdilna/shared/util-api-contract';

export class PutCredentialsDto implements EdcCredentialsRequest {
  @ApiProperty({
    description: "the community representative's EDC portal username",
    example: 'zastupce@lomnice.cz',
  })
  @IsString()
  @Length(1, 200)
  username!: string;

  @ApiProperty({
    description: 'the EDC portal password; stored encrypted, never returned',
    format: 'password',
  })
  @IsString()
  @Length(1, 500)
  password!: string;

  @ApiProperty({
    description:
      'must be true: the community consents to Sdílna logging in to the EDC portal with these credentials on its behalf',
  })
  @IsBoolean()
  consent!: boolean;
}

export class MappingEntryDto {
  @ApiProperty({ example: '4711', description: "EDC's numeric id of the sharing group (GET …/groups)" })
  @Matches(/^\d{1,20}$/, { message: 'edcGroupId must be the digits EDC assigned' })
  edcGroupId!: string;

  @ApiProperty({ format: 'uuid', description: 'the Sdílna sharing group it feeds' })
  @IsUUID()
  sharingGroupId!: string;
}

export class PutMappingDto implements EdcMappingRequest {
  @ApiProperty({ type: [MappingEntryDto], description: 'the whole mapping; groups not listed are unmapped' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MappingEntryDto)
  groups!: MappingEntryDto[];
}

export class FetchNowDto implements EdcFetchRequest {
  @ApiProperty({ example: '2026-01-01', description: 'first day (Prague), at most a year before `to`' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date yyyy-mm-dd' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'last day (Prague), at latest yesterday' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date yyyy-mm-dd' })
  to!: string;
}

export class CredentialsView {
  @ApiProperty({
    example: 'za********@lomnice.cz',
    description: 'the username, masked; the password is never shown',
  })
  username!: string;

  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty({ format: 'date-time', description: 'when the consent was given with these credentials' })
  consentAt!: string;
}

export class ProgressView {
  @ApiProperty({ enum: EDC_FETCH_KINDS })
  kind!: EdcFetchKind;

  @ApiProperty({ nullable: true, type: String })
  requestId!: string | null;

  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ description: 'chunks (a month of one group) done' })
  done!: number;

  @ApiProperty()
  total!: number;

  @ApiProperty({ nullable: true, type: String, description: 'the range being fetched now' })
  current!: string | null;

  @ApiProperty()
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
}

export const CONNECTOR_STATES = EDC_CONNECTOR_STATES;
export type ConnectorState = EdcConnectorState;

export class ConnectorStatusView implements EdcConnectorStatusResponse {
  @ApiProperty({
    enum: CONNECTOR_STATES,
    description:
      'unavailable: not offered on this server; not-configured: no credentials; waiting: set, not run yet; running: a run is in progress; ok: the last run succeeded; retrying: the last attempt failed and will be retried; failing: the last run failed',
  })
  state!: ConnectorState;

  @ApiProperty({ type: CredentialsView, nullable: true })
  credentials!: CredentialsView | null;

  @ApiProperty({
    example: '02:17',
    nullable: true,
    type: String,
    description: "the community's minute of the night (Prague)",
  })
  nightlyAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  nextRunAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastRunAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastSuccessAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'what went wrong last, in words' })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastErrorAt!: string | null;

  @ApiProperty({
    description: 'failed runs in a row; the administrators are mailed once it reaches the configured count',
  })
  consecutiveFailures!: number;

  @ApiProperty({ type: ProgressView, nullable: true })
  progress!: ProgressView | null;

  @ApiProperty({
    type: [String],
    example: ['2026-10'],
    description: 'months whose final (monthly) calculation was fetched',
  })
  finalMonths!: string[];

  @ApiProperty({ description: 'mapped EDC groups' })
  mappedGroups!: number;
}

export class EdcGroupView implements EdcGroupResponse {
  @ApiProperty({ example: '4711' })
  edcGroupId!: string;

  @ApiProperty()
  name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the mapped Sdílna sharing group',
  })
  sharingGroupId!: string | null;
}

export class MappingView {
  @ApiProperty({ type: [MappingEntryDto] })
  groups!: MappingEntryDto[];
}

export class FetchAcceptedView implements EdcFetchResponse {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty({ description: 'chunks to fetch (a month of one group each)' })
  chunks!: number;
}
