import { Worker } from 'node:worker_threads';

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly rps: number;
}

/**
 * The clients' side of a load test, in plain JavaScript for a worker thread: `clients` loops sending GET requests
 * for `durationMs` (after `warmupMs` that are not counted); latencies in ms. Error statuses are counted, not thrown.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, clients, durationMs, warmupMs } = workerData;
(async () => {
  const latencies = [];
  let errors = 0;
  const warm = Date.now() + warmupMs;
  const end = warm + durationMs;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) {
      const counted = Date.now() >= warm;
      const started = performance.now();
      let ok = false;
      try {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        ok = response.status === 200;
      } catch {
        ok = false;
      }
      if (!counted) continue;
      latencies.push(performance.now() - started);
      if (!ok) errors++;
    }
  }));
  parentPort.postMessage({ latencies, errors });
})();
`;

/**
 * `clients` concurrent closed-loop clients (what autocannon does, which is not installed) in a worker thread, so
 * the clients' own work does not run on the API's event loop as it would with a fetch loop in the same thread.
 */
export async function loadTest(options: {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly clients: number;
  readonly durationMs: number;
  readonly warmupMs?: number;
}): Promise<LoadResult> {
  const worker = new Worker(CLIENT, {
    eval: true,
    workerData: { ...options, warmupMs: options.warmupMs ?? 1000 },
  });
  const { latencies, errors } = await new Promise<{ latencies: number[]; errors: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  await worker.terminate();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    errors,
    p50: at(0.5),
    p95: at(0.95),
    rps: latencies.length / (options.durationMs / 1000),
  };
}
