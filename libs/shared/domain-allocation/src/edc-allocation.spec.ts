import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bytesFrom, openEdcStandardExport, type EdcDayBlock } from '@sdilna/shared/domain-edc';
import { describe, expect, it } from 'vitest';
import {
  allocateEdcDay,
  compareEdcOut,
  edcDayWithComputedOut,
  planEdcAllocation,
  type OutMismatch,
} from './edc-allocation';
import { parseKeyFile } from './key-file';

const FIXTURE = resolve(__dirname, '../../../../test/fixtures/edc/group-a-2026-04.csv');
const KEY = resolve(__dirname, '../../../../test/fixtures/edc/group-a-key.json');

/** The registered key as EDC has it, without `rounds` (the fixture file keeps EDC's bytes, which state 5). */
async function replayFixture(mutateKey: (key: Record<string, unknown>) => void = () => undefined) {
  const keyJson = JSON.parse(readFileSync(KEY, 'utf8')) as Record<string, unknown>;
  delete keyJson['rounds'];
  mutateKey(keyJson);
  const key = parseKeyFile(keyJson);
  const reader = await openEdcStandardExport(bytesFrom(readFileSync(FIXTURE)), {
    file: 'group-a-2026-04.csv',
  });
  const plan = planEdcAllocation(key, reader.points, 'energy-community');
  const mismatches: OutMismatch[] = [];
  let compared = 0;
  let matched = 0;
  let sharedTotal = 0;
  const rounds = new Set<string>();
  for await (const day of reader.days()) {
    const { result, rounds: dayRounds } = allocateEdcDay(plan, day);
    rounds.add(`${dayRounds.rounds}/${dayRounds.edcRounds}`);
    const computed: EdcDayBlock = edcDayWithComputedOut(plan, day, result);
    const counts = compareEdcOut(plan, day, computed, (m) => mismatches.push(m));
    compared += counts.compared;
    matched += counts.matched;
    sharedTotal += result.producerShared.reduce((a, b) => a + b, 0);
  }
  return { compared, matched, mismatches, sharedTotal, issues: reader.issues, rounds: [...rounds] };
}

describe('replay of the real EDC export (group A, April 2026)', () => {
  it('reproduces every interval of OUT to 0.01 kWh with the registered static-iterative key and no rounds', async () => {
    const replay = await replayFixture();
    expect(replay.issues).toEqual([]);
    // 28 points, 27 of them consumption: EDC's 5 rounds on every day, derived, not stated.
    expect(replay.rounds).toEqual(['5/5']);
    expect(replay.compared).toBe(30 * 96);
    expect(replay.mismatches).toEqual([]);
    expect(replay.matched).toBe(replay.compared);
    // The month really shares energy, so matching is not trivial.
    expect(replay.sharedTotal).toBeGreaterThan(10_000);
  });

  it('finds differences when the key is changed to one round (so the comparison can fail)', async () => {
    const replay = await replayFixture((key) => (key['rounds'] = 1));
    expect(replay.rounds).toEqual(['1/5']);
    expect(replay.mismatches.length).toBeGreaterThan(0);
    expect(replay.matched).toBeLessThan(replay.compared);
  });

  it('finds differences with method static, which EDC runs in one round', async () => {
    const replay = await replayFixture((key) => (key['method'] = 'static'));
    expect(replay.rounds).toEqual(['1/1']);
    expect(replay.matched).toBeLessThan(replay.compared);
  });
});
