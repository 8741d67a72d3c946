import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { uniqueEan } from '@sdilna/test-support/factories';
import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedMember,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { MeteringPointsImportService } from './metering-points-import.service';
import { MeteringPointsModule } from './metering-points.module';

describe('MeteringPointsImportService (service tier)', () => {
  let moduleRef: TestingModule;
  let imports: MeteringPointsImportService;
  let admin: SignedUp;
  let town: string;
  let household: string;

  const frame = useServiceModule(MeteringPointsModule);

  /** The points of the community with these EANs, as stored. */
  function storedPoints(eans: readonly string[]) {
    return ownerRows<{ id: string; ean: string; role: string; member_id: string; label: string | null }>(
      `SELECT id, ean, role, member_id, label FROM metering_points WHERE community_id = $1 AND ean = ANY($2)
        ORDER BY ean`,
      [admin.communityId, eans],
    );
  }

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    imports = moduleRef.get(MeteringPointsImportService);
    town = await seedMember(admin.communityId, 'municipality', 'Obec Lomnice');
    await ownerRows(`UPDATE members SET ico = '00000001' WHERE community_id = $1 AND id = $2`, [
      admin.communityId,
      town,
    ]);
    household = await seedMember(admin.communityId, 'household', 'Novákovi');
    // two members of one name: a row naming it cannot tell which is meant
    await seedMember(admin.communityId, 'household', 'Dvořákovi');
    await seedMember(admin.communityId, 'household', 'Dvořákovi');
  });

  it('finds each row’s member by IČO or by its exact name and stores every point, answering their ids by line', async () => {
    const [school, home] = [uniqueEan(), uniqueEan()];
    const report = await imports.import(
      admin.principal,
      admin.communityId,
      [
        'ean,role,memberIco,memberName,validFrom,label',
        `${school},production,00000001,,2026-01-01,Střecha školy`,
        `${home},consumption,,Novákovi,2026-02-01,`,
      ].join('\n'),
    );
    const stored = await storedPoints([school, home]);
    expect(report).toEqual({
      imported: 2,
      rows: [
        { line: 2, status: 'ok', id: stored.find((point) => point.ean === school)?.id },
        { line: 3, status: 'ok', id: stored.find((point) => point.ean === home)?.id },
      ],
    });
    expect(
      stored
        .map(({ ean, role, member_id, label }) => ({ ean, role, member_id, label }))
        .sort((a, b) => (a.ean === school ? -1 : b.ean === school ? 1 : 0)),
    ).toEqual([
      { ean: school, role: 'production', member_id: town, label: 'Střecha školy' },
      { ean: home, role: 'consumption', member_id: household, label: null },
    ]);
  });

  it('imports nothing when a row fails, naming each failing line and why (IMPORT_REJECTED)', async () => {
    const [good, ambiguous, unknownIco, badEan] = [uniqueEan(), uniqueEan(), uniqueEan(), '8591824000000000'];
    const failure = imports.import(
      admin.principal,
      admin.communityId,
      [
        'ean,role,memberIco,memberName,validFrom',
        `${good},consumption,,Novákovi,2026-01-01`,
        `${ambiguous},consumption,,Dvořákovi,2026-01-01`,
        `${unknownIco},consumption,99999999,,2026-01-01`,
        `${badEan},consumption,,Novákovi,2026-01-01`,
      ].join('\n'),
    );
    await expect(failure).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        imported: 0,
        rows: [
          { line: 2, status: 'ok' },
          {
            line: 3,
            status: 'error',
            problems: [
              { code: 'VALIDATION_FAILED', message: expect.stringContaining('more than one member') },
            ],
          },
          {
            line: 4,
            status: 'error',
            problems: [{ code: 'VALIDATION_FAILED', message: expect.stringContaining('IČO 99999999') }],
          },
          {
            line: 5,
            status: 'error',
            problems: [{ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^ean: /) }],
          },
        ],
      },
    });
    expect(await storedPoints([good, ambiguous, unknownIco, badEan])).toEqual([]);
  });

  it('refuses a file without rows (IMPORT_INVALID_FILE) and a member as the importer (ROLE_FORBIDDEN)', async () => {
    await expectRefusal(
      imports.import(admin.principal, admin.communityId, 'ean,role,memberName,validFrom\n'),
      'IMPORT_INVALID_FILE',
    );
    const member = await memberPrincipal(moduleRef, admin.communityId, household);
    const ean = uniqueEan();
    await expectRefusal(
      imports.import(
        member,
        admin.communityId,
        ['ean,role,memberName,validFrom', `${ean},consumption,Novákovi,2026-01-01`].join('\n'),
      ),
      'ROLE_FORBIDDEN',
    );
    expect(await storedPoints([ean])).toEqual([]);
  });
});
