import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Not counted at the start of each load: a running API is warm, and a fresh one first compiles its hot code and,
 * on each of its 20 pooled connections, plans the prepared statements (five custom plans, then the generic one).
 */
const WARMUP_MS = 3000;

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly rps: number;
  /** CPU time of the whole machine (API, Postgres, clients) per answered request, warm-up included */
  readonly machineCpuMsPerRequest: number;
  /** CPU time of the API (the process `apiPid`, else this one) per answered request */
  readonly apiCpuMsPerRequest: number;
}

/** CPU time (user + system) of a process so far, in ms: /proc/<pid>/stat fields 14 and 15, in 10 ms ticks. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Busy time of all cores since boot, in ms (from /proc/stat: every state but idle and iowait). */
function machineBusyMs(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
  const jiffies = fields.map(Number);
  const busy = jiffies.reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return busy * 10; // USER_HZ is 100 on Linux
}

/**
 * `clients` concurrent closed-loop clients of autocannon in a child process (`autocannon-client.cjs`), so the
 * clients' work is not done on the API's event loop or in its process.
 */
export async function loadTest(options: {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly clients: number;
  readonly durationMs: number;
  readonly warmupMs?: number;
  /** the API's process, when it is not this one */
  readonly apiPid?: number;
}): Promise<LoadResult> {
  const machineBefore = machineBusyMs();
  const apiBefore = processCpuMs(options.apiPid);
  const { stdout } = await run(
    process.execPath,
    [
      join(__dirname, 'autocannon-client.cjs'),
      JSON.stringify({
        url: options.url,
        headers: options.headers,
        clients: options.clients,
        durationMs: options.durationMs,
        warmupMs: options.warmupMs ?? WARMUP_MS,
      }),
    ],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const apiMs = processCpuMs(options.apiPid) - apiBefore;
  const machineMs = machineBusyMs() - machineBefore;
  const { latencies, errors, answered } = JSON.parse(stdout) as {
    latencies: number[];
    errors: number;
    answered: number;
  };
  latencies.sort((a, b) => a - b);
  // autocannon stops with up to `clients` requests in flight, which the API still works through (for a heavy
  // answer, seconds): let it finish them before anything closes, or their queries meet a closed pool.
  const slowest = latencies[latencies.length - 1] ?? 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(500, 2 * slowest)));
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    errors,
    p50: at(0.5),
    p95: at(0.95),
    rps: latencies.length / (options.durationMs / 1000),
    machineCpuMsPerRequest: machineMs / Math.max(1, answered),
    apiCpuMsPerRequest: apiMs / Math.max(1, answered),
  };
}
