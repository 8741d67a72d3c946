import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Request } from 'express';
import type { StorageEngine } from 'multer';

/** What the storage engine adds to multer's file: where the bytes went and their SHA-256. */
export interface StoredUpload {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly originalname: string;
}

/**
 * Streams the uploaded file to disk while hashing it, so a 200 MB export never sits in memory and the
 * duplicate check needs no second read. Files land under `<uploadDir>/incoming/` until the service has
 * checked access and registered the batch.
 */
export class HashingDiskStorage implements StorageEngine {
  constructor(private readonly uploadDir: string) {}

  _handleFile(
    _request: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File & { sha256: string }>) => void,
  ): void {
    const directory = join(this.uploadDir, 'incoming');
    const path = join(directory, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    mkdir(directory, { recursive: true })
      .then(() => pipeline(file.stream, counter, createWriteStream(path)))
      .then(() => callback(null, { path, size, sha256: hash.digest('hex') } as never))
      .catch(async (error: unknown) => {
        await rm(path, { force: true });
        callback(error);
      });
  }

  _removeFile(_request: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    rm(file.path, { force: true }).then(
      () => callback(null),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
