import {
  EdcFormatError,
  formatEdcIssue,
  openEdcStandardExport,
  type EdcDayBlock,
  type EdcStandardExport,
  type EdcStandardReadOptions,
} from '@sdilna/shared/domain-edc';
import { assertReadable, fileChunks } from './file-io';
import { UserError } from './user-error';

/** Opens an export for a command; format errors become user errors with `file:line:column: message`. */
export async function openExport(
  path: string,
  options: Omit<EdcStandardReadOptions, 'file'>,
): Promise<EdcStandardExport> {
  await assertReadable(path);
  try {
    return await openEdcStandardExport(fileChunks(path), { ...options, file: path });
  } catch (error) {
    throw asUserError(error);
  }
}

/** The export's days, with format errors turned into user errors. */
export async function* daysOf(reader: EdcStandardExport): AsyncGenerator<EdcDayBlock> {
  try {
    yield* reader.days();
  } catch (error) {
    throw asUserError(error);
  }
}

export function asUserError(error: unknown): unknown {
  if (error instanceof EdcFormatError) {
    const first = error.issues[0];
    return new UserError(first ? formatEdcIssue(first) : error.message);
  }
  return error;
}
