import type { TestingModule } from '@nestjs/testing';
import { Workbook } from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

import { uniqueEan } from '@sdilna/test-support/factories';
import {
  expectRefusal,
  ownerRows,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import { JoiningModule } from './joining.module';
import { OnboardingService } from './onboarding.service';

const HEADER =
  'name;kind;email;ico;ean;role;validFrom;consentDataProcessing;consentEdcMandate;consentEmail;consentsGivenOn';

describe('OnboardingService (service tier)', () => {
  let moduleRef: TestingModule;
  let onboarding: OnboardingService;
  let admin: SignedUp;
  const frame = useServiceModule(JoiningModule);

  beforeAll(() => {
    ({ moduleRef, admin } = frame);
    onboarding = moduleRef.get(OnboardingService);
  });

  const count = async (table: string) =>
    Number(
      (
        await ownerRows<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE community_id = $1`, [
          admin.communityId,
        ])
      )[0]?.n,
    );

  it('previews every row with its problems and stores nothing; the import of the same file is refused whole', async () => {
    const taken = uniqueEan();
    const csv = [
      HEADER,
      `Jana Nováková;household;jana@example.cz;;${taken};consumption;2026-01-01;ano;ano;ne;2025-12-20`,
      `Jana Nováková;household;jana@example.cz;;${taken};consumption;2026-01-01;;;;`,
      `Petr Malý;spaceship;petr@example.cz;;${uniqueEan()};consumption;2026-01-01;ano;ano;ano;2025-12-20`,
      `Obec Lhota;municipality;obec@lhota.cz;00000001;8591824001000000;consumption;2026-01-01;ano;maybe;ne;2025-12-20`,
    ].join('\n');
    const before = await Promise.all(['members', 'metering_points', 'consents'].map(count));
    const preview = await onboarding.run(admin.principal, admin.communityId, Buffer.from(csv), false);
    expect(preview.imported).toBe(false);
    expect(preview.rows.map((row) => [row.line, row.status])).toEqual([
      [2, 'ok'],
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
    ]);
    expect(preview.rows[1]?.problems[0]?.code).toBe('EAN_ALREADY_REGISTERED');
    expect(preview.rows[2]?.problems[0]?.message).toContain('kind');
    expect(preview.rows[3]?.problems[0]?.message).toMatch(/ico|ean|consent/i);
    await expectRefusal(
      onboarding.run(admin.principal, admin.communityId, Buffer.from(csv), true),
      'IMPORT_REJECTED',
    );
    expect(await Promise.all(['members', 'metering_points', 'consents'].map(count))).toEqual(before);
  });

  it('imports members with their points and consents from an XLSX file, one member for rows of the same person', async () => {
    const [first, second, third] = [uniqueEan(), uniqueEan(), uniqueEan()];
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Členové');
    sheet.addRow(HEADER.split(';'));
    sheet.addRow([
      'Eva Dvořáková',
      'household',
      'eva@example.cz',
      '',
      first,
      'consumption',
      '2026-01-01',
      'ano',
      'ano',
      'ano',
      '2025-12-20',
    ]);
    sheet.addRow(['Eva Dvořáková', 'household', 'eva@example.cz', '', second, 'consumption', '2026-01-01']);
    sheet.addRow([
      'Karel Malý',
      'household',
      'karel@example.cz',
      '',
      third,
      'consumption',
      '2026-01-01',
      'ano',
      'ano',
      'ne',
      '2025-12-21',
    ]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await onboarding.run(admin.principal, admin.communityId, file, false);
    expect(preview).toMatchObject({ imported: false, members: 2, points: 3 });
    expect(await ownerRows(`SELECT 1 FROM metering_points WHERE ean = $1`, [first])).toEqual([]);
    const report = await onboarding.run(admin.principal, admin.communityId, file, true);
    expect(report).toMatchObject({ imported: true, members: 2, points: 3 });
    const eva = report.rows[0]?.memberId as string;
    expect(report.rows[1]?.memberId).toBe(eva);
    const points = await ownerRows<{ ean: string }>(
      `SELECT ean FROM metering_points WHERE member_id = $1 ORDER BY ean`,
      [eva],
    );
    expect(points.map((point) => point.ean)).toEqual([first, second].sort());
    const consents = await ownerRows(
      `SELECT kind, granted, source, to_char(given_at AT TIME ZONE 'Europe/Prague', 'YYYY-MM-DD') AS day FROM consents WHERE member_id = $1 ORDER BY kind`,
      [eva],
    );
    expect(consents).toEqual([
      { kind: 'data-processing', granted: true, source: 'import', day: '2025-12-20' },
      { kind: 'edc-mandate', granted: true, source: 'import', day: '2025-12-20' },
      { kind: 'email', granted: true, source: 'import', day: '2025-12-20' },
    ]);
  });
});
