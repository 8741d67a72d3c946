import {
  DEFAULT_EDC_MAX_KWH_PER_INTERVAL,
  formatEdcIssue,
  validateEdcStandardExport,
} from '@sdilna/shared/domain-edc';
import { assertReadable, fileChunks } from './file-io';

/** `validate`: every import check; prints `file:line:column: message` per problem. Resolves true when valid. */
export async function runValidate(
  path: string,
  print: (line: string) => void,
  maxKwhPerInterval = DEFAULT_EDC_MAX_KWH_PER_INTERVAL,
): Promise<boolean> {
  await assertReadable(path);
  const result = await validateEdcStandardExport(fileChunks(path), { file: path, maxKwhPerInterval });
  for (const issue of [...result.errors, ...result.warnings].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  )) {
    print(formatEdcIssue(issue));
  }
  if (result.suppressedIssues > 0) print(`… and ${result.suppressedIssues} more problems not listed`);
  const producers = result.points.filter((p) => p.role === 'production').length;
  print(
    `${path}: ${result.valid ? 'valid' : 'INVALID'}: ${result.points.length} points (${producers} production, ${result.points.length - producers} consumption), ${result.days} days, ${result.intervals} intervals, ${result.errors.length} errors, ${result.warnings.length} warnings, ${result.encoding}`,
  );
  return result.valid;
}
