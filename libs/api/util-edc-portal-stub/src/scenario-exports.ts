import {
  generateScenarioDays,
  scenarioKey,
  scenarioPoints,
  type ScenarioDefinition,
} from '@sdilna/shared/util-scenarios';

import { pairReportText, standardExportText } from './edc-exports';
import type { StubExportSource } from './edc-portal-stub';

/** The stub's exports for a generated scenario (what `npm run demo` serves): any range, standard and pair. */
export function scenarioExportSource(definition: ScenarioDefinition, seed: number): StubExportSource {
  const points = scenarioPoints(definition);
  const key = scenarioKey(definition);
  return (request) => {
    const days = (): ReturnType<typeof generateScenarioDays> =>
      generateScenarioDays(definition, { from: request.from, to: request.to, seed });
    return request.kind === 'standard'
      ? standardExportText(points, days())
      : pairReportText(points, key, days());
  };
}
