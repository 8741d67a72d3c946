import type { CommunityType } from '@sdilna/shared/domain-core';
import type { AllocationMethod } from '@sdilna/shared/domain-allocation';
import type { GenerationKind, LoadKind } from './profiles';

/**
 * A site is a building or plant. A site with generation has a production EAN (-D), one with a load a consumption
 * EAN (-O); a prosumer site nets its generation against its own load (and battery) behind the meter, so EDC sees
 * only the grid flows.
 */
export interface ScenarioSite {
  readonly label: string;
  readonly generation?: { readonly kind: GenerationKind; readonly annualKwh: number };
  readonly load?: { readonly kind: LoadKind; readonly annualKwh: number };
  readonly batteryKwh?: number;
  readonly producerEan?: string;
  readonly consumerEan?: string;
}

export interface ScenarioAllocation {
  readonly producer: string;
  readonly consumer: string;
  readonly basisPoints: number;
  readonly priority: number;
}

export interface ScenarioDefinition {
  readonly name: string;
  readonly description: string;
  readonly communityType: CommunityType;
  /** `static-iterative` where the group asked EDC for iteration; the rounds follow from the group (domain-core) */
  readonly method: AllocationMethod;
  readonly sites: readonly ScenarioSite[];
  readonly allocations: readonly ScenarioAllocation[];
}
