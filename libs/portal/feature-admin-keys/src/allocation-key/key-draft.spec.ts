import { eanWithCheckDigit } from '@sdilna/shared/domain-core';

import {
  cellId,
  type DraftCell,
  draftFromFile,
  type KeyDraft,
  keyFileFromText,
  parsePercentText,
  validateDraft,
} from './key-draft';

const PRODUCER = '859182400611447671';
const CONSUMER_A = '859182400611941780';
const CONSUMER_B = '859182400611941797';

function draft(
  cells: Record<string, DraftCell>,
  producers = [PRODUCER],
  consumers = [CONSUMER_A, CONSUMER_B],
): KeyDraft {
  return {
    method: 'static-iterative',
    producers,
    consumers,
    cells: new Map(Object.entries(cells)),
  };
}

const share = (percent: string, priority = 1): DraftCell => ({ percent, priority });

describe('key draft validation (the shared engine behind the key editor)', () => {
  it('accepts a producer whose shares sum to exactly 100 % and yields the key in basis points', () => {
    const result = validateDraft(
      draft({ [cellId(PRODUCER, CONSUMER_A)]: share('60'), [cellId(PRODUCER, CONSUMER_B)]: share('40') }),
      5,
    );
    expect(result.issues).toEqual([]);
    expect(result.key?.allocations.map((a) => a.basisPoints)).toEqual([6000, 4000]);
    expect(result.producerSums.get(PRODUCER)).toBe(10_000);
  });

  it('refuses a producer whose shares sum to more than 100 % and names that producer', () => {
    const result = validateDraft(
      draft({ [cellId(PRODUCER, CONSUMER_A)]: share('60'), [cellId(PRODUCER, CONSUMER_B)]: share('40,01') }),
      5,
    );
    expect(result.key).toBeUndefined();
    const sum = result.issues.find((i) => i.kind === 'sum');
    expect(sum?.producer).toBe(PRODUCER);
    expect(sum?.message).toContain('100.01');
    expect(result.producerSums.get(PRODUCER)).toBe(10_001);
  });

  it('refuses a sixth producer for one consumer when the rules allow five', () => {
    const producers = ['1', '2', '3', '4', '5', '6'].map((n) => eanWithCheckDigit(`8591824000000000${n}`));
    const cells = Object.fromEntries(producers.map((p) => [cellId(p, CONSUMER_A), share('10')]));
    const tooMany = validateDraft(draft(cells, producers, [CONSUMER_A]), 5);
    expect(tooMany.issues).toEqual([expect.objectContaining({ kind: 'producers', consumer: CONSUMER_A })]);
    expect(validateDraft(draft(cells, producers, [CONSUMER_A]), 6).issues).toEqual([]);
  });

  it('flags an EAN with a wrong check digit even before any share is typed', () => {
    const badConsumer = CONSUMER_A.slice(0, 17) + String((Number(CONSUMER_A[17]) + 1) % 10);
    const result = validateDraft(draft({}, [PRODUCER], [badConsumer]), 5);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'ean', consumer: badConsumer })]);
  });

  it('refuses more than two decimals in a share', () => {
    const result = validateDraft(draft({ [cellId(PRODUCER, CONSUMER_A)]: share('3,555') }), 5);
    expect(result.issues).toEqual([
      expect.objectContaining({ kind: 'decimals', producer: PRODUCER, consumer: CONSUMER_A }),
    ]);
  });

  it('refuses a share that is not a number instead of guessing', () => {
    const result = validateDraft(draft({ [cellId(PRODUCER, CONSUMER_A)]: share('abc') }), 5);
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'not-a-number', consumer: CONSUMER_A })]);
  });

  it('reads a decimal comma and a decimal point alike', () => {
    expect(parsePercentText('3,5')).toBe(3.5);
    expect(parsePercentText(' 3.5 ')).toBe(3.5);
    expect(parsePercentText('1e2')).toBeUndefined();
    expect(parsePercentText('-1')).toBeUndefined();
  });

  it('turns a key file into a draft and back into the same key file', () => {
    const file = keyFileFromText(
      JSON.stringify({
        method: 'static-iterative',
        allocations: [
          { producer: PRODUCER, consumer: CONSUMER_A, percent: 3.5, priority: 1 },
          { producer: PRODUCER, consumer: CONSUMER_B, percent: 9, priority: 2 },
        ],
      }),
    );
    const result = validateDraft(draftFromFile(file), 5);
    expect(result.issues).toEqual([]);
    expect(result.file).toEqual(file);
  });

  it('tells a file that is not JSON from a JSON file that is not a key file', () => {
    expect(() => keyFileFromText('{')).toThrow('not-json');
    expect(() => keyFileFromText('{"method":"static"}')).toThrow('not-key-file');
  });
});
