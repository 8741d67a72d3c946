/** How the DUZP of a run's documents is chosen (a community setting). */
export type TaxPointRule = 'period-end' | 'issue-date';

import type { SettlementMode } from '@sdilna/shared/domain-settlement';
import type { SettlementWarning } from '@sdilna/shared/domain-settlement';

export type RunStatus = 'draft' | 'approved' | 'final';
export type ComputeStatus = 'queued' | 'running' | 'done' | 'failed';
export type RunRequestReason = 'manual' | 'schedule';
/** `original`: the month's settlement; `correction`: re-bills what changed since the month's latest final run */
export type RunKind = 'original' | 'correction';

/** A settlement run as stored; amounts in haléře, energy in 0.01 kWh. */
export interface SettlementRunRecord {
  readonly id: string;
  readonly communityId: string;
  readonly period: string;
  readonly kind: RunKind;
  /** the final run a correction corrects (the month's latest final run when it was requested) */
  readonly correctsRunId: string | null;
  readonly correctionReason: string | null;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly status: RunStatus;
  readonly computeStatus: ComputeStatus;
  readonly mode: SettlementMode;
  readonly communityVatPayer: boolean;
  readonly sharedEnergy: number;
  readonly consumersPayNet: number;
  readonly producersReceiveNet: number;
  readonly communityMarginNet: number;
  /** the community's VAT (issue 20); null on runs computed before */
  readonly communityOutputVat: number | null;
  readonly communityInputVat: number | null;
  readonly communityNonDeductibleVat: number | null;
  readonly warnings: readonly SettlementWarning[];
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly requestedReason: RunRequestReason;
  /** the data gaps an administrator accepted by settling the month anyway (null: its data were complete) */
  readonly settledAnyway: readonly DataGapRecord[] | null;
  readonly createdAt: Date;
  readonly computedAt: Date | null;
  readonly approvedAt: Date | null;
  readonly finalizedAt: Date | null;
}

export interface RunMemberRecord {
  readonly memberId: string;
  readonly receivedEnergy: number;
  readonly suppliedEnergy: number;
  readonly ownSharedEnergy: number;
  readonly purchases: { readonly net: number; readonly vat: number; readonly gross: number };
  readonly sales: { readonly net: number; readonly vat: number; readonly gross: number };
  readonly consumerSaving: number | null;
  readonly producerGain: number | null;
}

/** The community's document settings; defaults apply when the community never saved any. */
export interface SettlementSettingsRecord {
  readonly mode: SettlementMode;
  readonly iban: string | null;
  readonly bic: string | null;
  readonly czechAccount: string | null;
  readonly dueDays: number;
  /** the community's DIČ (a legal entity's DIČ does not change with its VAT registration) */
  readonly dic: string | null;
  readonly email: string | null;
  /** DUZP of a run's documents: the last day of the settled month, or the issue date */
  readonly taxPoint: TaxPointRule;
  /** false until the community saves its settings */
  readonly saved: boolean;
}

export interface DocumentRecord {
  readonly id: string;
  readonly runId: string;
  readonly kind: string;
  readonly number: string;
  readonly variableSymbol: string;
  readonly issuerId: string;
  readonly sellerId: string;
  readonly buyerId: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly net: number;
  readonly vat: number;
  readonly gross: number;
  readonly correctsDocumentId: string | null;
  readonly createdAt: Date;
}

/** One metering point's days of a month whose EDC data were not final when it was settled. */
export interface DataGapRecord {
  readonly ean: string;
  readonly label: string | null;
  readonly preliminary: readonly string[];
  readonly missing: readonly string[];
}
