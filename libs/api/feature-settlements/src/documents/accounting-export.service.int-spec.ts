import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { DocumentStore } from '@sdilna/api/data-access-settlement';
import { COMMUNITY_PARTY_ID, type SettlementDocument } from '@sdilna/shared/domain-settlement';
import {
  child,
  everyDocumentKind,
  pohodaMismatches,
  readXml,
  text,
} from '@sdilna/shared/util-documents/testing';
import { validateIsdoc } from '@sdilna/test-support/document-checks';
import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedMember,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { SettlementsModule } from '../settlements.module';
import { AccountingExportService } from './accounting-export.service';

describe('AccountingExportService (service tier)', () => {
  let moduleRef: TestingModule;
  let exports: AccountingExportService;
  let admin: SignedUp;
  let runId: string;
  let issued: SettlementDocument[];
  let ids: {
    consumer: string;
    payerProducer: string;
    nonPayerProducer: string;
    municipality: string;
    unit: string;
  };

  const frame = useServiceModule(SettlementsModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    exports = moduleRef.get(AccountingExportService);
    const municipality = await seedMember(admin.communityId, 'municipality', 'Město Lomnice nad Lužnicí');
    const unit = randomUUID();
    await ownerRows(
      `INSERT INTO members (community_id, id, kind, name, joined_on, parent_member_id)
       VALUES ($1, $2, 'municipal-unit', 'Mateřská škola Lomnice', '2026-01-01', $3)`,
      [admin.communityId, unit, municipality],
    );
    ids = {
      consumer: await seedMember(admin.communityId, 'household', 'Základní škola'),
      payerProducer: await seedMember(admin.communityId, 'sme', 'Solár Třeboň s.r.o.'),
      nonPayerProducer: await seedMember(admin.communityId, 'household', 'Jiří Řehoř – FVE'),
      municipality,
      unit,
    };
    // June with every kind of document (invoice, self-billed invoice, self-billed payout of a non-payer, internal
    // recharge, corrective credit and debit note), its parties as this community's members, stored into an
    // approved run as finalising stores them, then made final.
    issued = everyDocumentKind(ids);
    runId = randomUUID();
    await ownerRows(
      `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
       VALUES ($1, $2, '2026-06', '2026-06-01', '2026-06-30', 'approved', 'done')`,
      [admin.communityId, runId],
    );
    await moduleRef
      .get(TenantDatabase)
      .run(admin.communityId, (tx) => tx.store(DocumentStore).insert(runId, issued));
    await ownerRows(`UPDATE settlement_runs SET status = 'final' WHERE community_id = $1 AND id = $2`, [
      admin.communityId,
      runId,
    ]);
  });

  it('exports every document of the run as an ISDOCX that validates against the ISDOC 6.0.2 XSD', async () => {
    const file = await exports.exportRun(admin.principal, admin.communityId, runId, 'isdoc-zip');
    expect(file).toMatchObject({ fileName: 'settlement-2026-06-isdoc.zip', contentType: 'application/zip' });
    const files = unzipSync(file.bytes);
    expect(Object.keys(files).sort()).toEqual(issued.map((document) => `${document.number}.isdocx`).sort());
    const types: Record<string, string> = {};
    for (const document of issued) {
      const inner = unzipSync(files[`${document.number}.isdocx`]!);
      const xml = strFromU8(inner[`${document.number}.isdoc`]!);
      expect(await validateIsdoc(xml), document.number).toEqual({ valid: true, errors: [] });
      expect(strFromU8(inner[`${document.number}.pdf`]!.subarray(0, 5))).toBe('%PDF-');
      const root = readXml(xml);
      expect(text(root, 'ID')).toBe(document.number);
      expect(text(root, 'UUID')).toBe(document.uuid.toUpperCase());
      expect(text(child(root, 'LegalMonetaryTotal'), 'PayableAmount')).toBe(
        (document.totals.gross / 100).toFixed(2),
      );
      types[document.number!] = `${document.kind} ${text(root, 'DocumentType')}`;
    }
    expect(Object.values(types).sort()).toEqual([
      'corrective 2',
      'corrective 3',
      'internal-recharge 1',
      'invoice 1',
      'self-billed-credit-note 1',
      'self-billed-invoice 1',
    ]);
  });

  it("exports the community's books as a Pohoda data pack matching the documents element by element", async () => {
    const file = await exports.exportRun(admin.principal, admin.communityId, runId, 'pohoda');
    expect(file).toMatchObject({ fileName: 'settlement-2026-06-pohoda.xml' });
    const xml = Buffer.from(file.bytes).toString('utf8');
    const [community] = await ownerRows<{ ico: string | null }>(
      `SELECT ico FROM communities WHERE community_id = $1`,
      [admin.communityId],
    );
    const isOwn = (id: string) => id === COMMUNITY_PARTY_ID;
    expect(pohodaMismatches(xml, issued, { ico: community?.ico ?? '', isOwn })).toEqual([]);
    expect(readXml(xml).children).toHaveLength(5); // all but the municipality's internal recharge
  });

  it('uses the saved accounting codes and number series, and audits their change', async () => {
    const settings = {
      issuedAccounting: '311/602',
      receivedAccounting: '501/321',
      issuedNumberSeries: 'FVE',
      receivedNumberSeries: 'FPE',
    };
    expect(await exports.saveSettings(admin.principal, admin.communityId, settings)).toEqual(settings);
    onTestFinished(async () => {
      await exports.saveSettings(admin.principal, admin.communityId, {
        issuedAccounting: null,
        receivedAccounting: null,
        issuedNumberSeries: null,
        receivedNumberSeries: null,
      });
    });
    expect(await exports.getSettings(admin.principal, admin.communityId)).toEqual(settings);
    const file = await exports.exportRange(
      admin.principal,
      admin.communityId,
      '2026-07-01',
      '2026-08-31',
      'pohoda',
    );
    const [community] = await ownerRows<{ ico: string | null }>(
      `SELECT ico FROM communities WHERE community_id = $1`,
      [admin.communityId],
    );
    expect(
      pohodaMismatches(Buffer.from(file.bytes).toString('utf8'), issued, {
        ico: community?.ico ?? '',
        isOwn: (id) => id === COMMUNITY_PARTY_ID,
        accounting: { issued: '311/602', received: '501/321' },
        numberSeries: { issued: 'FVE', received: 'FPE' },
      }),
    ).toEqual([]);
    const [audit] = await ownerRows<{ after: unknown }>(
      `SELECT after FROM audit_log WHERE community_id = $1 AND entity = 'accounting-export-settings'`,
      [admin.communityId],
    );
    expect(audit?.after).toEqual(settings);
  });

  it('exports a date range by issue date: July holds the month, August only its corrections', async () => {
    const july = await exports.exportRange(
      admin.principal,
      admin.communityId,
      '2026-07-01',
      '2026-07-31',
      'isdoc-zip',
    );
    expect(july.fileName).toBe('documents-2026-07-01-2026-07-31-isdoc.zip');
    expect(Object.keys(unzipSync(july.bytes)).sort()).toEqual(
      issued
        .filter((document) => document.kind !== 'corrective')
        .map((document) => `${document.number}.isdocx`)
        .sort(),
    );
    const august = await exports.exportRange(
      admin.principal,
      admin.communityId,
      '2026-08-01',
      '2026-08-31',
      'pohoda',
    );
    const numbers = readXml(Buffer.from(august.bytes).toString('utf8')).children.map(
      (item) => item.attributes['id'],
    );
    expect(numbers).toEqual(issued.filter((document) => document.kind === 'corrective').map((d) => d.number));
    await expectRefusal(
      exports.exportRange(admin.principal, admin.communityId, '2026-08-01', '2026-07-01', 'pohoda'),
      'PERIOD_INVALID',
    );
    await expectRefusal(
      exports.exportRange(admin.principal, admin.communityId, '2025-01-01', '2026-08-01', 'pohoda'),
      'PERIOD_INVALID',
    );
  });

  it("gives a municipality's accountant its own documents in its books, and refuses a member (ROLE_FORBIDDEN)", async () => {
    const accountant = await memberPrincipal(moduleRef, admin.communityId, ids.municipality);
    await ownerRows(
      `UPDATE memberships SET role = 'municipality-accountant' WHERE community_id = $1 AND user_id = $2`,
      [admin.communityId, accountant.userId],
    );
    const file = await exports.exportRun(accountant, admin.communityId, runId, 'pohoda');
    const recharge = issued.filter((document) => document.kind === 'internal-recharge');
    const isOwn = (id: string) => id === ids.municipality || id === ids.unit;
    expect(
      pohodaMismatches(Buffer.from(file.bytes).toString('utf8'), recharge, { ico: '00247138', isOwn }),
    ).toEqual([]);
    const zip = await exports.exportRun(accountant, admin.communityId, runId, 'isdoc-zip');
    expect(Object.keys(unzipSync(zip.bytes))).toEqual(
      recharge.map((document) => `${document.number}.isdocx`),
    );
    await expectRefusal(
      exports.saveSettings(accountant, admin.communityId, {
        issuedAccounting: 'x',
        receivedAccounting: null,
        issuedNumberSeries: null,
        receivedNumberSeries: null,
      }),
      'ROLE_FORBIDDEN',
    );
    const member = await memberPrincipal(moduleRef, admin.communityId, ids.consumer);
    await expectRefusal(exports.exportRun(member, admin.communityId, runId, 'pohoda'), 'ROLE_FORBIDDEN');
    await expectRefusal(
      exports.exportRange(member, admin.communityId, '2026-07-01', '2026-07-31', 'isdoc-zip'),
      'ROLE_FORBIDDEN',
    );
  });
});
