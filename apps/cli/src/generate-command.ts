import { parseLocalDate, type LocalDate } from '@sdilna/shared/domain-core';
import { encodeText, writeEdcStandardExport, type EdcNumberStyle } from '@sdilna/shared/domain-edc';
import {
  generateScenarioDays,
  isScenarioName,
  scenarioDefinition,
  scenarioKeyFile,
  scenarioPoints,
  SCENARIO_NAMES,
} from '@sdilna/shared/util-scenarios';
import { PendingFile } from './file-io';
import { UserError } from './user-error';

export interface GenerateOptions {
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
  readonly out: string;
  readonly keyOut: string;
  readonly seed: number;
  readonly eans: number | undefined;
  readonly numberStyle: EdcNumberStyle;
}

/** `generate`: a deterministic scenario as an EDC standard export plus its key file. */
export async function runGenerate(options: GenerateOptions, log: (line: string) => void): Promise<void> {
  if (!isScenarioName(options.scenario)) {
    throw new UserError(
      `unknown scenario "${options.scenario}"; expected one of ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  const from = checkDate('--from', options.from);
  const to = checkDate('--to', options.to);
  if (from > to) throw new UserError(`--from ${from} is after --to ${to}`);
  if (options.eans !== undefined && options.scenario !== 'synthetic')
    throw new UserError('--eans applies only to the synthetic scenario');
  let definition;
  try {
    definition = scenarioDefinition({
      name: options.scenario,
      seed: options.seed,
      ...(options.eans !== undefined ? { eans: options.eans } : {}),
    });
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  const points = scenarioPoints(definition);
  const csv = new PendingFile(options.out);
  const key = new PendingFile(options.keyOut);
  try {
    const days = generateScenarioDays(definition, { from, to, seed: options.seed });
    await csv.write(encodeText(writeEdcStandardExport(points, days, { numberStyle: options.numberStyle })));
    await key.write(encodeText([JSON.stringify(scenarioKeyFile(definition), null, 2) + '\n']));
    await csv.commit();
    await key.commit();
  } catch (error) {
    await csv.discard();
    await key.discard();
    throw error;
  }
  log(
    `generated ${definition.description}, ${from} to ${to}, seed ${options.seed}: ${points.length} points → ${options.out}, key → ${options.keyOut}`,
  );
}

function checkDate(option: string, value: string): LocalDate {
  try {
    parseLocalDate(value);
  } catch {
    throw new UserError(`${option} "${value}" is not a date YYYY-MM-DD`);
  }
  return value;
}
