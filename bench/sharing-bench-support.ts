import { randomBytes } from 'node:crypto';

import type { TenantDatabase } from '@sdilna/api/data-access-db';
import { emptyPackedDay, type ReadingRow, ReadingsStore, SERIES } from '@sdilna/api/data-access-readings';
import { generateScenarioDays, type ScenarioDefinition, scenarioPoints } from '@sdilna/shared/util-scenarios';

import type { benchEnvironment, BenchCommunity } from './import-support';

/** A member login on the community (a second signup, then a membership written as the owner). */
export async function memberLogin(
  url: string,
  bench: Awaited<ReturnType<typeof benchEnvironment>>,
  community: BenchCommunity,
): Promise<string> {
  const response = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `member-${randomBytes(4).toString('hex')}@bench.sdilna.example`,
      password: 'correct horse battery staple',
      name: 'Member',
      community: { name: 'Own', type: 'active-customer' },
    }),
  });
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  const memberId = [...community.points.values()][1]?.memberId;
  await bench.owner.query(
    `INSERT INTO memberships (community_id, user_id, role, member_id) VALUES ($1, $2, 'member', $3)`,
    [community.communityId, body.user.id, memberId],
  );
  return body.accessToken;
}

/** Writes measured and EDC-shared rows exactly as the import job does, a week per transaction. */
export async function storeScenarioReadings(
  db: TenantDatabase,
  community: BenchCommunity,
  definition: ScenarioDefinition,
  from: string,
  to: string,
): Promise<number> {
  const points = scenarioPoints(definition);
  let values = 0;
  let rows: ReadingRow[] = [];
  const flush = async () => {
    const batch = rows;
    rows = [];
    await db.run(community.communityId, (tx) => tx.store(ReadingsStore).insert(batch));
  };
  for (const day of generateScenarioDays(definition, { from, to, seed: 1 })) {
    points.forEach((point, p) => {
      const sign = point.role === 'production' ? 1 : -1;
      const measured = emptyPackedDay(day.intervalCount);
      const shared = emptyPackedDay(day.intervalCount);
      for (let i = 0; i < day.intervalCount; i++) {
        const at = p * day.intervalCount + i;
        measured.values[i] = sign * (day.inValues[at] as number);
        measured.present[i] = 1;
        shared.values[i] = sign * ((day.inValues[at] as number) - (day.outValues[at] as number));
        shared.present[i] = 1;
      }
      const pointId = community.points.get(point.ean)?.id as string;
      rows.push({ pointId, day: day.date, series: SERIES.measured, data: measured });
      rows.push({ pointId, day: day.date, series: SERIES.edcShared, data: shared });
      values += 2 * day.intervalCount;
    });
    if (rows.length >= 14_000) await flush();
  }
  await flush();
  return values;
}
