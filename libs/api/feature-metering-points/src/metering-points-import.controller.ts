import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { RequireCommunityRole } from '@sdilna/api/data-access-registry';
import {
  type CommunityCaller,
  CsvImportRoute,
  CsvUpload,
  ImportReport,
  InCommunity,
} from '@sdilna/api/util-registry';

import { MeteringPointsImportService } from './metering-points-import.service';

/** `POST metering-points/import`: the CSV import of many points at once, all rows or none. */
@ApiTags('metering-points')
@ApiBearerAuth()
@Controller('communities/:communityId/metering-points')
export class MeteringPointsImportController {
  constructor(private readonly imports: MeteringPointsImportService) {}

  @RequireCommunityRole('community-admin')
  @Post('import')
  @CsvImportRoute({
    columns:
      'ean, role, validFrom, validTo, label, memberId | memberIco | memberName, sharingGroupId | edcGroupId',
    example: 'ean;role;memberIco;validFrom;label\n859182400123456789;consumption;00245381;2026-01-01;Úřad\n',
  })
  import(@InCommunity() caller: CommunityCaller, @CsvUpload() csv: string): Promise<ImportReport> {
    return this.imports.import(caller.principal, caller.communityId, csv);
  }
}
