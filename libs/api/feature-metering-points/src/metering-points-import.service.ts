import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import type { TenantTransaction } from '@sdilna/api/data-access-db';
import {
  MemberEntity,
  RegistryUseCase,
  runRows,
  SharingGroupEntity,
  StaleRecompute,
} from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { CsvFormatError, type ImportReport, parseCsv } from '@sdilna/api/util-registry';

import { CreateMeteringPointDto } from './dtos/metering-point.dto';
import { MeteringPointsException } from './metering-points.exception';
import { MeteringPointsService } from './metering-points.service';

class InvalidRow extends Error {}

/** CSV import of metering points: every row through the same registration rules, all rows or none. */
@Injectable()
export class MeteringPointsImportService {
  constructor(
    private readonly registry: RegistryUseCase,
    private readonly points: MeteringPointsService,
    private readonly stale: StaleRecompute,
  ) {}

  /**
   * CSV columns: ean, role, validFrom, validTo, label, and the member as memberId, memberIco or memberName
   * (exact), optionally sharingGroupId or edcGroupId. All rows are imported or none.
   */
  async import(principal: Principal, communityId: string, csv: string): Promise<ImportReport> {
    let rows;
    try {
      rows = parseCsv(csv);
    } catch (error) {
      throw new MeteringPointsException(
        'IMPORT_INVALID_FILE',
        error instanceof CsvFormatError ? error.message : 'The file is not CSV',
      );
    }
    if (rows.length === 0)
      throw new MeteringPointsException('IMPORT_INVALID_FILE', 'The file has a header but no rows');
    const report = await this.registry.change(principal, communityId, async (tx, access) => {
      const results = await runRows(
        tx.manager,
        rows,
        async (row) => (await this.points.register(tx, access, await rowToDto(tx, row.values), 'import')).id,
        (error) =>
          error instanceof InvalidRow ? { code: 'VALIDATION_FAILED', message: error.message } : undefined,
      );
      if (results.some((result) => result.problems.length > 0)) {
        // Thrown inside the transaction, so it rolls back: nothing of a file with a failing row stays.
        throw new MeteringPointsException(
          'IMPORT_REJECTED',
          'No metering point was imported: fix the rows listed in details and upload the file again',
          {
            imported: 0,
            rows: results.map((result) => ({
              line: result.line,
              status: result.problems.length === 0 ? 'ok' : 'error',
              ...(result.problems.length > 0 ? { problems: result.problems } : {}),
            })),
          },
        );
      }
      return {
        imported: results.length,
        rows: results.map((result) => ({ line: result.line, status: 'ok' as const, id: result.value })),
      };
    });
    await this.stale.request(communityId);
    return report;
  }
}

/** A CSV row as the registration's input: member and group found by their other keys, then validated. */
async function rowToDto(
  tx: TenantTransaction,
  values: Readonly<Record<string, string>>,
): Promise<CreateMeteringPointDto> {
  const text = (key: string): string | undefined => {
    const value = values[key];
    return value === undefined || value === '' ? undefined : value;
  };
  let memberId = text('memberid');
  const memberIco = text('memberico');
  const memberName = text('membername');
  if (memberId === undefined && memberIco !== undefined) {
    memberId = (await tx.manager.findOne(MemberEntity, { where: { ico: memberIco } }))?.id;
    if (memberId === undefined) throw new InvalidRow(`memberIco: no member with IČO ${memberIco}`);
  } else if (memberId === undefined && memberName !== undefined) {
    const matches = await tx.manager.find(MemberEntity, { where: { name: memberName }, take: 2 });
    if (matches.length !== 1)
      throw new InvalidRow(
        `memberName: ${matches.length === 0 ? 'no' : 'more than one'} member named "${memberName}"`,
      );
    memberId = matches[0]?.id;
  }
  let sharingGroupId = text('sharinggroupid');
  const edcGroupId = text('edcgroupid');
  if (sharingGroupId === undefined && edcGroupId !== undefined) {
    sharingGroupId = (await tx.manager.findOne(SharingGroupEntity, { where: { edcGroupId } }))?.id;
    if (sharingGroupId === undefined)
      throw new InvalidRow(`edcGroupId: no sharing group with EDC id ${edcGroupId}`);
  }
  const dto = plainToInstance(CreateMeteringPointDto, {
    ean: text('ean'),
    role: text('role'),
    memberId,
    validFrom: text('validfrom'),
    validTo: text('validto'),
    label: text('label'),
    sharingGroupId,
  });
  const errors = await validate(dto, { whitelist: true });
  if (errors.length > 0) {
    throw new InvalidRow(
      errors
        .map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`)
        .join('. '),
    );
  }
  return dto;
}
