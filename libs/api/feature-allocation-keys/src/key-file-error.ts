import type { KeyFileIssue } from '@sdilna/shared/domain-allocation';

import { AllocationKeysException } from './allocation-keys.exception';

/**
 * Picks the code of the rule a key file breaks. domain-allocation names the offending entry in `path`:
 * `producer <EAN>` for a producer's total over 100 %, `consumer <EAN>` for too many producers, and
 * `allocations[i] …` for a single entry. Every issue stays in `details.issues`.
 */
export function keyFileError(issues: readonly KeyFileIssue[]): AllocationKeysException {
  const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  if (issues.some((issue) => issue.path.startsWith('consumer ')))
    return new AllocationKeysException('TOO_MANY_PRODUCERS_PER_CONSUMER', message, { issues });
  if (issues.some((issue) => issue.path.startsWith('producer ')))
    return new AllocationKeysException('PRODUCER_SHARE_OVER_100', message, { issues });
  return new AllocationKeysException('INVALID_KEY_FILE', message, { issues });
}
