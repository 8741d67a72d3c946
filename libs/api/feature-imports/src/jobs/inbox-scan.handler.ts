import { Injectable } from '@nestjs/common';

import { HandlesJob, JobHandler } from '@sdilna/api/util-jobs';

import { InboxFiles, type InboxScanResult } from './inbox-files';

@Injectable()
@HandlesJob('imports.scan-inbox')
export class InboxScanHandler implements JobHandler<'imports.scan-inbox'> {
  constructor(private readonly inbox: InboxFiles) {}

  handle(): Promise<InboxScanResult> {
    return this.inbox.scan();
  }
}
