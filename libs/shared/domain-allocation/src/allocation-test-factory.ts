import { eanWithCheckDigit, rulesFor, sharingRounds } from '@sdilna/shared/domain-core';
import type { AllocationKey, AllocationMethod } from './allocation-key';
import { compileKey, type CompiledKey } from './compiled-key';

/** Valid EANs for tests: producer n and consumer n never collide. */
export function testEan(kind: 'producer' | 'consumer', n: number): string {
  const body = `85918240${kind === 'producer' ? '1' : '2'}${String(n).padStart(8, '0')}`;
  return eanWithCheckDigit(body);
}

/**
 * A one-producer key from percentages in basis points (e.g. [5000, 3000, 2000]). Without `rounds` it runs EDC's:
 * the group is the producer and the key's consumers, and `static-iterative` asks for iteration.
 */
export function starKey(
  method: AllocationMethod,
  basisPoints: readonly number[],
  rounds?: number,
): CompiledKey {
  const edcRounds = sharingRounds(rulesFor('energy-community', '2026-01-01'), {
    iterationRequested: method === 'static-iterative',
    groupPoints: basisPoints.length + 1,
    consumptionPoints: basisPoints.length,
  });
  const key: AllocationKey = {
    method,
    allocations: basisPoints.map((bp, o) => ({
      producer: testEan('producer', 0),
      consumer: testEan('consumer', o),
      basisPoints: bp,
      priority: 1,
    })),
  };
  return compileKey(key, rounds ?? edcRounds);
}
