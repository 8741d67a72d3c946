import { Module } from '@nestjs/common';

import { ImportsService } from './imports.service';
import { ImportHandler } from './jobs/import.handler';
import { ImportRunner } from './jobs/import-runner';
import { InboxFiles } from './jobs/inbox-files';
import { InboxScanHandler } from './jobs/inbox-scan.handler';
import { PairImport } from './jobs/pair-import';

/** The worker side of imports: the import job and the inbox scan. */
@Module({
  providers: [ImportsService, ImportRunner, PairImport, InboxFiles, ImportHandler, InboxScanHandler],
  exports: [ImportsService, ImportRunner, InboxFiles],
})
export class ImportsWorkerModule {}
