import { randomBytes } from 'node:crypto';

import type { LoadResult } from './api-load';
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

/** Prints a P5 figure in the bench format, with the request counts on a comment line. */
export function printLoad(name: string, what: string, result: LoadResult): void {
  console.log(
    `${name}: ${result.p95.toFixed(1)} ms (baseline: target 50.0 ms, ratio: ${(result.p95 / 50).toFixed(2)}x)`,
  );
  console.log(
    `# ${what}: ${result.requests} requests, ${result.errors} errors, p50 ${result.p50.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s`,
  );
}
