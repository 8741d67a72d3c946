import { describe, expect, it } from 'vitest';

import { validateKeyFile } from '@sdilna/shared/domain-allocation';
import { eanWithCheckDigit } from '@sdilna/shared/domain-core';

import { keyFileError } from './key-file-error';

const ean = (n: number): string => eanWithCheckDigit(`85918240000000${String(n).padStart(3, '0')}`);

function codeOf(file: unknown, maxProducersPerConsumer = 5): string {
  const result = validateKeyFile(file, { maxProducersPerConsumer });
  if (result.key !== undefined) throw new Error('expected an invalid key file');
  return keyFileError(result.issues).code;
}

describe('keyFileError', () => {
  it('names a producer giving more than 100 %', () => {
    const allocations = [ean(2), ean(3)].map((consumer) => ({ producer: ean(1), consumer, percent: 60 }));
    expect(codeOf({ method: 'static', allocations })).toBe('PRODUCER_SHARE_OVER_100');
  });

  it('names a consumer with more producers than the rules allow', () => {
    const allocations = [1, 2, 3].map((n) => ({ producer: ean(n), consumer: ean(9), percent: 10 }));
    expect(codeOf({ method: 'static', allocations }, 2)).toBe('TOO_MANY_PRODUCERS_PER_CONSUMER');
  });

  it('calls any other problem an invalid key file', () => {
    expect(
      codeOf({ method: 'static', allocations: [{ producer: ean(1), consumer: ean(1), percent: 10 }] }),
    ).toBe('INVALID_KEY_FILE');
    expect(codeOf({ method: 'round-robin', allocations: [] })).toBe('INVALID_KEY_FILE');
  });
});
