import { describe, expect, it } from 'vitest';
import { testEan } from './allocation-test-factory';
import { keyToFile, KeyFileError, parseKeyFile, validateKeyFile } from './key-file';

const producer = testEan('producer', 1);
const consumer = testEan('consumer', 1);
const entry = (overrides: Record<string, unknown> = {}) => ({
  producer,
  consumer,
  percent: 9,
  priority: 1,
  ...overrides,
});
const keyWith = (overrides: Record<string, unknown> = {}, allocations: unknown[] = [entry()]) => ({
  method: 'static-iterative',
  rounds: 5,
  allocations,
  ...overrides,
});
const messages = (input: unknown) =>
  validateKeyFile(input).issues.map((issue) => `${issue.path}: ${issue.message}`);

describe('key file (contract.md §1)', () => {
  it('turns percentages into basis points, fills the priority and leaves the rounds to the group', () => {
    const key = parseKeyFile({
      method: 'static-iterative',
      allocations: [{ producer, consumer, percent: 3.5 }],
    });
    expect(key).toEqual({
      method: 'static-iterative',
      allocations: [{ producer, consumer, basisPoints: 350, priority: 1 }],
    });
    expect(key.rounds).toBeUndefined();
    expect(keyToFile(key)).toEqual({
      method: 'static-iterative',
      allocations: [{ producer, consumer, percent: 3.5, priority: 1 }],
    });
  });

  it('keeps an explicit rounds of static-iterative as a what-if and writes it back', () => {
    const key = parseKeyFile({ method: 'static-iterative', rounds: 3, allocations: [entry()] });
    expect(key.rounds).toBe(3);
    expect(keyToFile(key).rounds).toBe(3);
  });

  it('rejects an unknown method', () => {
    expect(messages(keyWith({ method: 'proportional' }))).toEqual([
      expect.stringMatching(/^method: unknown method "proportional"/),
    ]);
  });

  it.each([0, 6, 2.5])('rejects rounds %s', (rounds) => {
    expect(messages(keyWith({ rounds }))).toEqual([
      expect.stringMatching(/^rounds: .*expected an integer 1\.\.5/),
    ]);
  });

  it('rejects a bad EAN checksum and names the entry', () => {
    const bad = '859182400123456784';
    const issues = validateKeyFile(keyWith({}, [entry(), entry({ consumer: bad })])).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ index: 1, producer, consumer: bad });
    expect(issues[0]?.message).toMatch(/bad check digit/);
  });

  it('rejects the same EAN as producer and consumer', () => {
    expect(messages(keyWith({}, [entry({ consumer: producer })]))).toEqual([
      expect.stringMatching(/allocations\[0\].*same EAN/),
    ]);
  });

  it('rejects a pair listed twice, naming both positions', () => {
    expect(messages(keyWith({}, [entry(), entry({ percent: 1 })]))).toEqual([
      expect.stringMatching(/allocations\[1\].*already in allocations\[0\]/),
    ]);
  });

  it('rejects percentages of one producer summing over 100', () => {
    const allocations = [entry({ percent: 60 }), entry({ consumer: testEan('consumer', 2), percent: 40.01 })];
    expect(messages(keyWith({}, allocations))).toEqual([
      expect.stringMatching(new RegExp(`producer ${producer}.*100\\.01 %`)),
    ]);
  });

  it('rejects more than two decimals (100.001)', () => {
    expect(messages(keyWith({}, [entry({ percent: 100.001 })]))).toEqual([
      expect.stringMatching(/allocations\[0\].*more than 2 decimals/),
    ]);
  });

  it('rejects percent outside 0..100', () => {
    expect(messages(keyWith({}, [entry({ percent: 101 })]))).toEqual([expect.stringMatching(/over 100/)]);
    expect(messages(keyWith({}, [entry({ percent: -1 })]))).toEqual([expect.stringMatching(/negative/)]);
  });

  it('rejects a consumer with six producers under the default rules and accepts five', () => {
    const producers = (n: number) =>
      [...Array(n).keys()].map((d) => entry({ producer: testEan('producer', d), percent: 10 }));
    expect(messages(keyWith({}, producers(6)))).toEqual([
      expect.stringMatching(new RegExp(`consumer ${consumer} has 6 producers.*at most 5`)),
    ]);
    expect(messages(keyWith({}, producers(5)))).toEqual([]);
    expect(validateKeyFile(keyWith({}, producers(6)), { maxProducersPerConsumer: 6 }).issues).toEqual([]);
  });

  it.each([0, 6, 1.5])('rejects priority %s', (priority) => {
    expect(messages(keyWith({}, [entry({ priority })]))).toEqual([
      expect.stringMatching(/priority .*expected an integer 1\.\.5/),
    ]);
  });

  it('lists every problem at once and throws them together from parseKeyFile', () => {
    const input = keyWith({ method: 'x', rounds: 0 }, [
      entry({ percent: 1.234 }),
      entry({ producer: 'abc' }),
    ]);
    expect(validateKeyFile(input).issues).toHaveLength(4);
    expect(() => parseKeyFile(input)).toThrow(KeyFileError);
  });

  it('rejects input that is not a key object', () => {
    expect(messages([])).toEqual([expect.stringMatching(/expected a JSON object/)]);
    expect(messages({ method: 'static' })).toEqual([expect.stringMatching(/allocations: expected an array/)]);
  });
});
