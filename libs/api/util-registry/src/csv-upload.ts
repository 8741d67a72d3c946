import type { Request } from 'express';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export class CsvUploadError extends Error {}

/**
 * The CSV of an import request: the multipart field `file`, or the raw body sent as `text/csv`. Express's JSON
 * parser leaves a text/csv body unread, so it is read here with a size limit.
 */
export async function readCsvUpload(request: Request, file: { buffer: Buffer } | undefined): Promise<string> {
  if (file !== undefined) return file.buffer.toString('utf8');
  if (!request.is(['text/csv', 'text/plain'])) {
    throw new CsvUploadError('Send the CSV as multipart/form-data (field "file") or as a text/csv body');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_CSV_BYTES) throw new CsvUploadError(`The CSV is larger than ${MAX_CSV_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
