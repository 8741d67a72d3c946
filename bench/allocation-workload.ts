import {
  allocationInputFromEdcDay,
  planEdcAllocation,
  type AllocationInput,
  type EdcAllocationPlan,
} from '@sdilna/shared/domain-allocation';
import {
  generateScenarioDays,
  scenarioDefinition,
  scenarioKey,
  scenarioPoints,
} from '@sdilna/shared/util-scenarios';

/** The P1 workload: the synthetic 1 000-point community (20 producers × 49 consumers), one year, 5 rounds. */
export function p1Workload(
  from = '2026-01-01',
  to = '2026-12-31',
): { plan: EdcAllocationPlan; days: AllocationInput[] } {
  const definition = scenarioDefinition({ name: 'synthetic', eans: 1000, seed: 1 });
  // EDC runs one round for a 1 000-point group; P1 measures the heavier 5-round static-iterative (a what-if).
  const key = { ...scenarioKey(definition), rounds: 5 };
  const plan = planEdcAllocation(key, scenarioPoints(definition), definition.communityType);
  const days: AllocationInput[] = [];
  for (const day of generateScenarioDays(definition, { from, to, seed: 1 }))
    days.push(allocationInputFromEdcDay(plan, day));
  return { plan, days };
}
