import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { loadTest, type LoadResult } from './api-load';

/** The bare `node:http` + `pg` server of `baseline-api-server.cjs`, a process of its own. */
export async function startBaselineServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'baseline-api-server.cjs')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /baseline listening on (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`baseline server exited (${code}): ${output}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export interface P5Route {
  /** figure name without the `P5 ` prefix and the suffix */
  readonly name: string;
  readonly what: string;
  /** path and query after the host */
  readonly path: string;
  readonly token: string;
}

/**
 * P5 as ratios in one run: each route under 50 closed-loop clients against the API and against the bare baseline,
 * alternating (baseline, API) for `rounds` rounds so both see the same machine; the round with the lowest p95
 * counts for each. Prints the p95 and the throughput of each with the ratio to the baseline, after checking
 * that both answer the same JSON.
 */
export async function compareP5(options: {
  readonly apiUrl: string;
  readonly apiPid?: number;
  readonly baselineUrl: string;
  readonly baselinePid?: number;
  readonly routes: readonly P5Route[];
  readonly suffix: string;
  readonly rounds: number;
  readonly durationMs: number;
  readonly clients?: number;
}): Promise<Array<{ route: P5Route; api: LoadResult; baseline: LoadResult }>> {
  const results: Array<{ route: P5Route; api: LoadResult; baseline: LoadResult }> = [];
  for (const route of options.routes) {
    const headers = { authorization: `Bearer ${route.token}` };
    const [ours, bare] = await Promise.all(
      [options.apiUrl, options.baselineUrl].map(async (base) => {
        const response = await fetch(`${base}${route.path}`, { headers });
        return { status: response.status, body: (await response.json()) as unknown };
      }),
    );
    const same = ours?.status === 200 && bare?.status === 200 && isDeepStrictEqual(ours.body, bare.body);
    console.log(
      `# ${route.what}: API ${ours?.status}, baseline ${bare?.status}, same JSON: ${same ? 'yes' : 'NO'}`,
    );
    let api: LoadResult | undefined;
    let baseline: LoadResult | undefined;
    for (let round = 0; round < options.rounds; round++) {
      for (const side of ['baseline', 'api'] as const) {
        const result = await loadTest({
          url: `${side === 'api' ? options.apiUrl : options.baselineUrl}${route.path}`,
          headers,
          clients: options.clients ?? 50,
          durationMs: options.durationMs,
          ...((side === 'api' ? options.apiPid : options.baselinePid) !== undefined
            ? { apiPid: (side === 'api' ? options.apiPid : options.baselinePid) as number }
            : {}),
        });
        console.log(
          `# round ${round + 1} ${side}: p95 ${result.p95.toFixed(1)} ms, p50 ${result.p50.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s, ${result.errors} errors, CPU/request ${result.machineCpuMsPerRequest.toFixed(2)} ms (server ${result.apiCpuMsPerRequest.toFixed(2)} ms)`,
        );
        if (side === 'api' && (api === undefined || result.p95 < api.p95)) api = result;
        if (side === 'baseline' && (baseline === undefined || result.p95 < baseline.p95)) baseline = result;
      }
    }
    if (api === undefined || baseline === undefined) throw new Error('P5 needs at least one round');
    const name = `P5 ${route.name}${options.suffix}`;
    console.log(
      `${name}-p95-50-clients: ${api.p95.toFixed(1)} ms (baseline: ${baseline.p95.toFixed(1)} ms bare node:http + pg, ratio: ${(api.p95 / baseline.p95).toFixed(2)}x)`,
    );
    console.log(
      `${name}-req-per-s-50-clients: ${api.rps.toFixed(0)} req/s (baseline: ${baseline.rps.toFixed(0)} req/s bare node:http + pg, ratio: ${(baseline.rps / api.rps).toFixed(2)}x slower)`,
    );
    console.log(
      `# targets: p95 ≤ 25 ms (${api.p95 <= 25 ? 'met' : 'missed'}), ≥ 2 500 req/s (${api.rps >= 2500 ? 'met' : 'missed'}), within 1.5× of the baseline (${api.p95 / baseline.p95 <= 1.5 && baseline.rps / api.rps <= 1.5 ? 'met' : 'missed'}); errors: API ${api.errors}, baseline ${baseline.errors}`,
    );
    results.push({ route, api, baseline });
  }
  return results;
}
