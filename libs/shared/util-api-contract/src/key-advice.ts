import type { KeyFile } from '@sdilna/shared/domain-allocation/keys';

import type { MoneyText } from './settlements';

/** POST .../key-advice: the months to fit on and the constraints (docs/keys.md, "In the portal"). */
export interface KeyAdviceRequest {
  /** default: the community's only sharing group */
  readonly sharingGroupId?: string;
  /** past months `YYYY-MM` (1..6, each at most once); the key is fitted on all of them */
  readonly months: readonly string[];
  /** fairness: every pair at least this percentage (two decimals at most) */
  readonly minPercent?: number;
  /** stability: no pair moves more than this many percentage points from the current key */
  readonly maxChange?: number;
  /** a what-if instead of EDC's rounds (1..5); such a proposal cannot be registered */
  readonly rounds?: number;
}

export const KEY_ADVICE_STATES = ['waiting', 'running', 'done', 'failed'] as const;
export type KeyAdviceState = (typeof KEY_ADVICE_STATES)[number];

/** Money of a key over a period; null where no price list (or supplier price) makes it known. */
export interface KeyAdviceMoney {
  /** shared energy at the community's internal price, net */
  readonly valueCzk: MoneyText | null;
  /** Σ shared × (supplier price − internal price), net */
  readonly savingCzk: MoneyText | null;
}

export interface KeyAdviceMonth {
  readonly month: string;
  readonly currentSharedKwh: number;
  readonly proposalSharedKwh: number;
}

/** One walk-forward step: keys fitted on the months before `judged`, shared kWh on `judged` (never seen). */
export interface KeyAdviceBacktestStep {
  readonly fitted: readonly string[];
  readonly judged: string;
  readonly currentSharedKwh: number | null;
  readonly proposalSharedKwh: number;
  /** plain coordinate ascent from the consumption-proportional start, the reference of docs/keys.md */
  readonly plainSharedKwh: number;
}

export interface KeyAdviceMember {
  readonly memberId: string;
  readonly name: string;
  readonly currentSharedKwh: number;
  readonly proposalSharedKwh: number;
  readonly changeKwh: number;
  readonly current: KeyAdviceMoney;
  readonly proposal: KeyAdviceMoney;
  /** proposal − current value received at the internal price; null when unknown */
  readonly changeCzk: MoneyText | null;
  /** proposal − current saving against the member's supplier price; null when unknown */
  readonly savingChangeCzk: MoneyText | null;
}

export interface KeyAdviceResult {
  readonly sharingGroupId: string;
  /** the proposal as a key file (contract.md §1): what POST .../allocation-keys and simulations accept */
  readonly key: KeyFile;
  /** the proposal as EDC's registration table (docs/keys.md, "EDC registration table") */
  readonly edcRegistrationCsv: string;
  /** the key it is compared with (the version valid on the last fitted day); null when none was registered */
  readonly current: KeyFile | null;
  /** first day of next month: where "register from next month" starts the key version */
  readonly validFrom: string;
  /** false for a `rounds` what-if (the API refuses a key with rounds other than EDC's) */
  readonly registrable: boolean;
  /** `proportional` or `current` (the search from the current key kept every month at its level) */
  readonly startKept: string;
  /** in-sample: each fitted month with the current key and the proposal */
  readonly months: readonly KeyAdviceMonth[];
  readonly backtest: readonly KeyAdviceBacktestStep[];
  readonly totals: {
    readonly currentSharedKwh: number;
    readonly proposalSharedKwh: number;
    readonly current: KeyAdviceMoney;
    readonly proposal: KeyAdviceMoney;
  };
  /** why money is null, when it is: settlement's code and message (e.g. NO_PRICE_LIST) */
  readonly moneyUnknown: { readonly code: string; readonly message: string } | null;
  /** winners first (largest change), losers last */
  readonly members: readonly KeyAdviceMember[];
}

export interface KeyAdviceJobResponse {
  /** deterministic per community and request: the same request answers from the same job */
  readonly jobId: string;
  readonly state: KeyAdviceState;
  /** 0..100 */
  readonly progress: number;
  readonly request: KeyAdviceRequest;
  readonly result: KeyAdviceResult | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** GET .../missed-sharing?month=YYYY-MM: per consumption point, what it could have received more. */
export interface MissedSharingPoint {
  readonly ean: string;
  readonly label: string | null;
  readonly memberId: string;
  readonly sharingGroupId: string;
  /** remaining import of the point (import − shared) in the month */
  readonly remainingKwh: number;
  /** Σ per interval min(group's remaining export, the point's remaining import): an upper bound */
  readonly missedKwh: number;
}

export interface MissedSharingResponse {
  readonly month: string;
  /** days of the month with a computed run the figures come from */
  readonly days: number;
  readonly points: readonly MissedSharingPoint[];
  readonly members: readonly {
    readonly memberId: string;
    readonly name: string;
    readonly missedKwh: number;
  }[];
}
