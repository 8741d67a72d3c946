import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';

import { AppConfig } from '@sdilna/api/util-config';

import { ImportsException } from './imports.exception';
import { HashingDiskStorage } from './upload-storage';

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} kB`;
  return `${bytes} bytes`;
}

/**
 * Receives the multipart field `file` with the configured size limit. Nest's FileInterceptor takes its options
 * at decoration time and answers multer's errors with generic texts; this one says which limit was hit.
 */
@Injectable()
export class EdcUploadInterceptor implements NestInterceptor {
  private readonly receive: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(private readonly config: AppConfig) {
    this.receive = multer({
      storage: new HashingDiskStorage(config.UPLOAD_DIR),
      limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 },
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    await new Promise<void>((resolve, reject) => {
      this.receive(request, response, (error: unknown) => {
        if (error === undefined || error === null) return resolve();
        reject(this.explain(error));
      });
    });
    return next.handle();
  }

  private explain(error: unknown): unknown {
    if (error instanceof multer.MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') {
        return new ImportsException(
          'FILE_TOO_LARGE',
          `The file is larger than the upload limit of ${sizeText(this.config.uploadMaxBytes)}; split the export by month or ask the operator to raise UPLOAD_MAX_BYTES`,
          { limitBytes: this.config.uploadMaxBytes },
        );
      }
      return new ImportsException(
        'UPLOAD_MALFORMED',
        `The multipart body was refused (${error.message}${error.field ? `: ${error.field}` : ''}); send exactly one file in the field "file"`,
      );
    }
    if (error instanceof Error && /Multipart|boundary|Unexpected end of form/i.test(error.message)) {
      return new ImportsException(
        'UPLOAD_MALFORMED',
        `The multipart body could not be read: ${error.message}`,
      );
    }
    return error;
  }
}
