import { Module } from '@nestjs/common';

import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { EdcUploadInterceptor } from './upload.interceptor';

/** The HTTP side of imports (API process): upload, history. */
@Module({
  controllers: [ImportsController],
  providers: [ImportsService, EdcUploadInterceptor],
  exports: [ImportsService],
})
export class ImportsModule {}
