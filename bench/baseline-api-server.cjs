// P5 baseline: a plain `node:http` + `pg` server answering the member monthly summary and the admin group
// overview with the same JSON as the API, from the same tables through the same SQL functions
// (member_day_totals, group_period_totals), with the same access-token check (HS256) and pool size (20).
// No framework, no middleware, no logging, no validation beyond what the answer needs: the floor the API is
// measured against in the same run. Started by storage.bench.ts as a process of its own; prints its port.
const { createServer } = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');
const { Pool } = require('pg');

const secret = Buffer.from(process.env.JWT_ACCESS_SECRET ?? 'development-access-secret-change-me', 'utf8');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const PATH = /^\/api\/communities\/([0-9a-f-]{36})\/sharing(\/groups)?$/;

function claimsOf(header) {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (token === undefined) return undefined;
  const [head, body, signature] = token.split('.');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
  return claims;
}

const kwh = (hundredths) => hundredths / 100;
const entry = (start, b) => ({
  start,
  measuredKwh: b.hasMeasured ? kwh(b.measured) : null,
  sharedKwh: b.hasShared ? kwh(b.shared) : null,
  residualKwh: b.hasMeasured && b.hasShared ? kwh(b.measured - b.shared) : null,
});

function daysOf(from, to) {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

async function memberSummary(community, claims, query) {
  const from = query.get('from');
  const to = query.get('to');
  const ean = query.get('ean');
  const { rows } = await pool.query({
    name: 'member_day_totals',
    text: `SELECT * FROM member_day_totals($1, $2, $3, $4::date, $5::date, $6::int2[], $7::text)`,
    values: [community, claims.sub, claims.sid, from, to, [1, 2], ean],
  });
  const row = rows[0];
  if (row === undefined || !row.session_alive) return [401, { code: 'UNAUTHENTICATED' }];
  const days = daysOf(from, to);
  const points = (row.points ?? [])
    .filter((p) => p.validFrom <= to && (p.validTo === null || p.validTo >= from))
    .filter((p) => ean === null || p.ean === ean)
    .map((p) => {
      const buckets = new Map();
      for (const day of days) {
        if (day >= p.validFrom && (p.validTo === null || day <= p.validTo)) {
          buckets.set(day, { measured: 0, shared: 0, hasMeasured: false, hasShared: false });
        }
      }
      for (const [day, series, total, present] of p.totals) {
        const b = buckets.get(day);
        if (b === undefined) continue;
        if (series === 1) {
          b.measured += Number(total);
          b.hasMeasured ||= present > 0;
        } else {
          b.shared += Number(total);
          b.hasShared ||= present > 0;
        }
      }
      const series = [...buckets].map(([start, b]) => entry(start, b));
      let measured = 0;
      let shared = 0;
      for (const item of series) {
        measured += Math.round((item.measuredKwh ?? 0) * 100);
        shared += Math.round((item.sharedKwh ?? 0) * 100);
      }
      return {
        ean: p.ean,
        role: p.role,
        meteringPointId: p.id,
        memberId: p.memberId,
        label: p.label,
        series,
        totals: { measuredKwh: kwh(measured), sharedKwh: kwh(shared), residualKwh: kwh(measured - shared) },
      };
    });
  return [200, { from, to, granularity: 'day', source: 'edc', points, groups: [] }];
}

async function groupOverview(community, claims, query) {
  const from = query.get('from');
  const to = query.get('to');
  const { rows } = await pool.query({
    name: 'group_period_totals',
    text: `SELECT * FROM group_period_totals($1, $2, $3, $4::date, $5::date, $6::int2)`,
    values: [community, claims.sub, claims.sid, from, to, 1],
  });
  const row = rows[0];
  if (row === undefined || !row.session_alive) return [401, { code: 'UNAUTHENTICATED' }];
  if (!row.platform_admin && !(row.roles ?? []).includes('community-admin'))
    return [403, { code: 'FORBIDDEN' }];
  const groups = (row.groups ?? []).map(([id, name, production, demand, shared, missed, discrepancies]) => ({
    sharingGroupId: id,
    name,
    productionKwh: kwh(production),
    consumptionKwh: kwh(demand),
    sharedKwh: kwh(shared),
    residualExportKwh: kwh(production - shared),
    residualImportKwh: kwh(demand - shared),
    missedKwh: kwh(missed),
    discrepancies,
  }));
  return [200, { from, to, source: 'edc', groups }];
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = PATH.exec(url.pathname);
  const claims = claimsOf(request.headers.authorization);
  const send = ([status, body]) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  if (match === null) return send([404, { code: 'NOT_FOUND' }]);
  if (claims === undefined) return send([401, { code: 'UNAUTHENTICATED' }]);
  (match[2] === undefined ? memberSummary : groupOverview)(match[1], claims, url.searchParams)
    .then(send)
    .catch((error) => send([500, { code: 'INTERNAL', message: String(error) }]));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`baseline listening on ${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
