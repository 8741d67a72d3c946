import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { bearer, TEST_PASSWORD, uniqueEmail } from '../support/factories';
import { MailCatcher, tokenIn } from '../support/mail-catcher';

/** The files of docs/api-registry.md, read from the page itself so the walk-through cannot drift from the API. */
const page = readFileSync(join(__dirname, '../../docs/api-registry.md'), 'utf8');

function heredoc(file: string, marker: 'CSV' | 'JSON'): string {
  const start = page.indexOf(`cat > ${file} <<'${marker}'\n`);
  if (start < 0) throw new Error(`docs/api-registry.md has no ${file}`);
  const body = page.slice(start).split('\n').slice(1);
  return body.slice(0, body.indexOf(marker)).join('\n') + '\n';
}

describe('docs/api-registry.md: registering the Lomnice municipal buildings', () => {
  let app: INestApplication;
  const mail = new MailCatcher();

  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  it('signs up, imports members and points, adds sources, prices and the key, and invites the school', async () => {
    const http = () => request(app.getHttpServer());
    const email = uniqueEmail('starosta');
    const signup = await http()
      .post('/api/auth/signup')
      .send({
        email,
        password: TEST_PASSWORD,
        name: 'Jana Nováková',
        community: {
          name: 'Lomnice nad Lužnicí – obecní budovy',
          type: 'energy-community',
          ico: '00245381',
          territoryOrp: ['Třeboň'],
        },
      })
      .expect(201);
    const auth = bearer(signup.body.accessToken as string);
    const c = `/api/communities/${signup.body.community.id as string}`;
    await http()
      .patch(`${c}/sharing-groups/${signup.body.community.defaultSharingGroupId as string}`)
      .set(auth)
      .send({ edcGroupId: '0000018947' })
      .expect(200);

    const members = await http()
      .post(`${c}/members/import`)
      .set(auth)
      .set('Content-Type', 'text/csv')
      .send(heredoc('members.csv', 'CSV'))
      .expect(201);
    expect(members.body.imported).toBe(4);

    const points = await http()
      .post(`${c}/metering-points/import`)
      .set(auth)
      .set('Content-Type', 'text/csv')
      .send(heredoc('points.csv', 'CSV'))
      .expect(201);
    expect(points.body.imported).toBe(11);

    for (const [role, kind, price] of [
      ['consumption', 'supplier-energy', '6.50'],
      ['production', 'feed-in', '2.00'],
    ] as const) {
      const list = await http().get(`${c}/metering-points?role=${role}&limit=200`).set(auth).expect(200);
      for (const point of list.body.items as { id: string }[]) {
        await http()
          .post(`${c}/metering-points/${point.id}/prices`)
          .set(auth)
          .send({ kind, pricePerKwh: price, validFrom: '2026-01-01' })
          .expect(201);
      }
    }

    const sourceRows = heredoc('sources.csv', 'CSV').trim().split('\n').slice(1);
    for (const row of sourceRows) {
      const [ean, name, kind, kw] = row.split(';') as [string, string, string, string];
      const found = await http().get(`${c}/metering-points?ean=${ean}`).set(auth).expect(200);
      await http()
        .post(`${c}/sources`)
        .set(auth)
        .send({ name, kind, installedKw: Number(kw), meteringPointId: found.body.items[0].id })
        .expect(201);
    }
    const sources = await http().get(`${c}/sources?limit=200`).set(auth).expect(200);
    expect(sources.body.total).toBe(9);
    expect(
      sources.body.items
        .filter((s: { renewable: boolean }) => !s.renewable)
        .map((s: { name: string }) => s.name)
        .sort(),
    ).toEqual(['Baterie MÚ', 'Baterie ZŠ', 'Baterie sportovní hala', 'Baterie ČOV', 'KGJ MÚ'].sort());

    const keyFile = JSON.parse(heredoc('key.json', 'JSON')) as {
      allocations: { producer: string; consumer: string; percent: number }[];
    };
    // The group asked EDC for iteration (the key is static-iterative); EDC derives the rounds from the group.
    await http()
      .put(`${c}/sharing-groups/${signup.body.community.defaultSharingGroupId as string}/iteration`)
      .set(auth)
      .send({ requested: true, validFrom: (keyFile as unknown as { validFrom: string }).validFrom })
      .expect(200);
    const key = await http().post(`${c}/allocation-keys`).set(auth).send(keyFile).expect(201);
    const exported = await http()
      .get(`${c}/allocation-keys/${key.body.id as string}/export`)
      .set(auth)
      .expect(200);
    expect(exported.body.method).toBe('static-iterative');
    expect(exported.body).not.toHaveProperty('rounds');
    expect(exported.body.allocations).toHaveLength(24);
    expect(exported.body.allocations).toEqual(
      expect.arrayContaining(keyFile.allocations.map((a) => ({ ...a, priority: 1 }))),
    );

    const school = await http().get(`${c}/members?q=70988510`).set(auth).expect(200);
    const director = uniqueEmail('reditel');
    await http()
      .post(`${c}/invitations`)
      .set(auth)
      .send({ email: director, role: 'member', memberId: school.body.items[0].id })
      .expect(201);
    const accepted = await http()
      .post('/api/auth/invitations/accept')
      .send({ token: tokenIn(await mail.lastTo(director)), name: 'Ředitel ZŠ', password: TEST_PASSWORD })
      .expect(200);
    const seen = await http()
      .get(`${c}/metering-points`)
      .set(bearer(accepted.body.accessToken as string))
      .expect(200);
    expect(seen.body.items.map((p: { label: string }) => p.label).sort()).toEqual([
      'ZŠ',
      'ZŠ – FVE 41,3 kWp + baterie',
    ]);
  });
});
