// The clients' side of a P5 load test, in a process of its own so its work competes with the API only as a
// separate client would: autocannon with `clients` connections for `durationMs` after `warmupMs` that are not
// counted. Prints one JSON line: every counted latency (ms), the count of non-200 answers and of all answers.
// autocannon reports p90 and p97.5 but not p95, so latencies are taken from its per-response event.
const autocannon = require('autocannon');

const { url, headers, clients, durationMs, warmupMs } = JSON.parse(process.argv[2]);
const countFrom = Date.now() + warmupMs;
const latencies = [];
let errors = 0;
let answered = 0;

const instance = autocannon(
  { url, headers, connections: clients, duration: (warmupMs + durationMs) / 1000 },
  (error) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(`${JSON.stringify({ latencies, errors, answered })}\n`);
  },
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  answered++;
  if (Date.now() < countFrom) return;
  latencies.push(responseTime);
  if (statusCode !== 200) errors++;
});
instance.on('reqError', () => {
  if (Date.now() >= countFrom) errors++;
});
