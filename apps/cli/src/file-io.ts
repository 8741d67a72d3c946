import { createReadStream, createWriteStream } from 'node:fs';
import { access, constants, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from './user-error';

/** Fails early with a readable reason when a file cannot be read. */
export async function assertReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${reasonOf(error)}`);
  }
}

/** The file as a stream of byte chunks, the input type of the EDC readers. */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${reasonOf(error)}`);
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${reasonOf(error)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new UserError(`${path} is not valid JSON: ${reasonOf(error)}`);
  }
}

/**
 * Writes to a temporary file beside the target and renames it only after everything was written, so a failed
 * command never leaves a partial output file behind.
 */
export class PendingFile {
  readonly temporaryPath: string;

  constructor(readonly path: string) {
    this.temporaryPath = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  }

  async write(chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
    const stream = createWriteStream(this.temporaryPath);
    const failed = new Promise<never>((_, reject) => stream.once('error', reject));
    failed.catch(() => undefined);
    try {
      for await (const chunk of chunks) {
        if (!stream.write(chunk))
          await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), failed]);
      }
      await Promise.race([new Promise<void>((resolve) => stream.end(() => resolve())), failed]);
    } catch (error) {
      stream.destroy();
      await this.discard();
      if (isFileSystemError(error)) throw new UserError(`cannot write ${this.path}: ${reasonOf(error)}`);
      throw error;
    }
  }

  async commit(): Promise<void> {
    try {
      await rename(this.temporaryPath, this.path);
    } catch (error) {
      await this.discard();
      throw new UserError(`cannot write ${this.path}: ${reasonOf(error)}`);
    }
  }

  async discard(): Promise<void> {
    await unlink(this.temporaryPath).catch(() => undefined);
  }
}

function isFileSystemError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'string'
  );
}

export function reasonOf(error: unknown): string {
  if (isFileSystemError(error)) {
    const code = (error as { code: string }).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'is a directory';
  }
  return error instanceof Error ? error.message : String(error);
}
