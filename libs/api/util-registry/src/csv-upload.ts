import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request } from 'express';

import { ApiException } from '@sdilna/api/util-http';

import { ImportReport } from './import-report';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** An upload that is no CSV file at all: 400 IMPORT_INVALID_FILE, the code every CSV import answers with. */
export class CsvUploadError extends ApiException {
  readonly status = 400;

  constructor(message: string) {
    super('IMPORT_INVALID_FILE', message);
  }
}

/**
 * The OpenAPI description and the upload handling of a registry CSV import route (members, metering points):
 * the file as multipart field `file` (at most MAX_CSV_BYTES) or as a text/csv body, all rows or none. The handler
 * takes the file's text with `@CsvUpload()`.
 */
export function CsvImportRoute(file: {
  readonly columns: string;
  readonly example: string;
}): MethodDecorator {
  return applyDecorators(
    ApiConsumes('text/csv', 'multipart/form-data'),
    ApiBody({
      description:
        `CSV with a header row (\`;\` or \`,\`): ${file.columns}. ` +
        'Send it as a text/csv body or as multipart field "file".',
      schema: { type: 'string', example: file.example },
    }),
    ApiCreatedResponse({ type: ImportReport }),
    ApiUnprocessableEntityResponse({
      description: 'IMPORT_REJECTED: nothing imported; details.rows lists each line with its problems',
    }),
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_CSV_BYTES } })),
  );
}

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

/**
 * `@CsvUpload() csv: string` on a `CsvImportRoute` handler: the uploaded text (`readCsvUpload`). Nest settles the
 * promise before the handler runs, after the route's file interceptor has parsed a multipart body.
 */
export const CsvUpload = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Promise<string> => {
    const request = context.switchToHttp().getRequest<Request & { file?: { buffer: Buffer } }>();
    return readCsvUpload(request, request.file);
  },
);
