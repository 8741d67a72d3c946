import type { EdcConnectorState, EdcFetchKind } from './vocabulary';

export interface EdcConnectorStatusResponse {
  readonly state: EdcConnectorState;
  readonly credentials: {
    readonly username: string;
    readonly since: string;
    readonly consentAt: string;
  } | null;
  readonly nightlyAt: string | null;
  readonly nextRunAt: string | null;
  readonly lastRunAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly consecutiveFailures: number;
  readonly progress: {
    readonly kind: EdcFetchKind;
    readonly from: string;
    readonly to: string;
    readonly done: number;
    readonly total: number;
    readonly current: string | null;
  } | null;
  readonly finalMonths: readonly string[];
  readonly mappedGroups: number;
}

export interface EdcCredentialsRequest {
  readonly username: string;
  readonly password: string;
  readonly consent: boolean;
}

export interface EdcGroupResponse {
  readonly edcGroupId: string;
  readonly name: string;
  readonly sharingGroupId: string | null;
}

export interface EdcMappingRequest {
  readonly groups: ReadonlyArray<{ readonly edcGroupId: string; readonly sharingGroupId: string }>;
}

export interface EdcFetchRequest {
  readonly from: string;
  readonly to: string;
}

export interface EdcFetchResponse {
  readonly requestId: string;
  readonly chunks: number;
}
