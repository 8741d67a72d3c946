import { readFile } from 'node:fs/promises';

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

/**
 * The stub's exports from files on disk (e.g. a real EDC export): every request of a kind gets its file, whatever
 * the range; a kind without a file ends in EDC's ERROR state.
 */
export function fileExportSource(files: {
  readonly standard: string;
  readonly pair?: string;
}): StubExportSource {
  return async (request) => {
    const path = request.kind === 'standard' ? files.standard : files.pair;
    // Bytes as they are: a real EDC export may be windows-1250.
    return path === undefined ? undefined : readFile(path);
  };
}
