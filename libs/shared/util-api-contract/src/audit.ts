/**
 * The audit log (issue 17 item 5) and the administrator's dashboard warnings (issue 18 item 5): the words the API
 * writes and the portal translates, and the shapes of their answers.
 */

/** What happened to an entity; `import` … `cancel` name the steps of imports and settlement runs. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'invite',
  'accept',
  'upload',
  'fail',
  'revise',
  'approve',
  'finalize',
  'cancel',
  'export',
  'erase',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of entity an audit entry names; the API filters by them and refuses any other. */
export const AUDIT_ENTITIES = [
  'community',
  'member',
  'metering-point',
  'metering-point-price',
  'generation-source',
  'sharing-group',
  'sharing-group-iteration',
  'invitation',
  'allocation-key',
  'price-list',
  'import',
  'settlement-run',
  'document',
  'settlement-settings',
  'accounting-export-settings',
  'two-factor-policy',
  'edc-connector',
  'edc-group-mapping',
  'bank-statement',
  'bank-entry',
  'document-payment',
  'payout',
  'payment-settings',
  'public-page',
  'join-request',
  'consent',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** One change: who (null for the system: the worker, a schedule), when, and the entity before and after it. */
export interface AuditEntryResponse {
  readonly id: string;
  readonly at: string;
  readonly actorUserId: string | null;
  /** the actor's e-mail while the person exists */
  readonly actorEmail: string | null;
  readonly action: AuditAction;
  readonly entity: AuditEntity;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditPageResponse {
  readonly items: readonly AuditEntryResponse[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** `GET /api/communities/:id/audit-log` filters; `from`/`to` are days (Prague) and both ends count. */
export interface AuditQuery {
  readonly entity?: AuditEntity;
  readonly entityId?: string;
  readonly actorUserId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** What the administrator's dashboard warns of; the portal writes each in words with its parameters. */
export const DASHBOARD_WARNING_CODES = [
  'MISSING_DAYS',
  'FAILED_IMPORTS',
  'DRAFT_SETTLEMENT',
  'DATA_OUTDATED',
] as const;
export type DashboardWarningCode = (typeof DASHBOARD_WARNING_CODES)[number];

export interface DashboardWarning {
  readonly code: DashboardWarningCode;
  /** counts, days and months the text names (e.g. `{ points: 3, days: 12 }`) */
  readonly params: Readonly<Record<string, string | number>>;
  /** per point or per run, where the warning has them */
  readonly items?: readonly DashboardWarningItem[];
}

export interface DashboardWarningItem {
  readonly id: string;
  readonly label: string;
  readonly count?: number;
  readonly period?: string;
}

export interface DashboardResponse {
  /** imports that finished (done or superseded by a later file); failed ones are a warning, not an import */
  readonly importCount: number;
  readonly lastDataDay: string | null;
  readonly warnings: readonly DashboardWarning[];
}
