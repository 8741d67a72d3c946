import { formatKeyFileIssue, validateKeyFile, type AllocationKey } from '@sdilna/shared/domain-allocation';
import { readJsonFile } from './file-io';
import { UserError } from './user-error';

/** Reads and validates a key file (contract.md §1); every problem becomes one line naming the entry. */
export async function loadKey(path: string): Promise<AllocationKey> {
  const result = validateKeyFile(await readJsonFile(path));
  if (result.key === undefined) {
    const [first, ...rest] = result.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new UserError(`${path}: ${first ? formatKeyFileIssue(first) : 'invalid key'}${more}`);
  }
  return result.key;
}
