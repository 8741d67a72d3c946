import { eanWithCheckDigit } from '@sdilna/shared/domain-core';
import type { AllocationKey, AllocationMethod } from './allocation-key';
import { compileKey, type CompiledKey } from './compiled-key';

/** Valid EANs for tests: producer n and consumer n never collide. */
export function testEan(kind: 'producer' | 'consumer', n: number): string {
  const body = `85918240${kind === 'producer' ? '1' : '2'}${String(n).padStart(8, '0')}`;
  return eanWithCheckDigit(body);
}

/** A one-producer key from percentages in basis points (e.g. [5000, 3000, 2000]). */
export function starKey(method: AllocationMethod, basisPoints: readonly number[], rounds = 5): CompiledKey {
  const key: AllocationKey = {
    method,
    rounds: method === 'static-iterative' ? rounds : 1,
    allocations: basisPoints.map((bp, o) => ({
      producer: testEan('producer', 0),
      consumer: testEan('consumer', o),
      basisPoints: bp,
      priority: 1,
    })),
  };
  return compileKey(key);
}
