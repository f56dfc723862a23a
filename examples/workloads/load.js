'use strict';
// A small autocannon-like load generator for password-server.js: N connections, each sending one POST
// after another over a keep-alive socket, until it is stopped (SIGTERM, SIGINT) or --seconds have passed.
// --interval-ms makes it a trickle instead: each connection pauses that long after every answer.
// Connection errors in the first 3 seconds are retried quietly, because the server may still be starting.
// It prints its summary to stderr, never to stdout, so the server's throughput line stays the one to read.
//
//   node load.js [--url URL] [--connections N] [--seconds S] [--interval-ms MS] [--body JSON]
//
// The default URL is http://127.0.0.1:$PORT/login (PORT defaults to 3457, as in the server).
const http = require('node:http');
const { parseArgs } = require('node:util');

const OPTIONS = {
  url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT || 3457}/login` },
  connections: { type: 'string', default: '8' },
  seconds: { type: 'string' },
  'interval-ms': { type: 'string', default: '0' },
  body: { type: 'string', default: JSON.stringify({ username: 'ada', password: 'correct horse battery staple' }) },
};
let args;
try {
  args = parseArgs({ options: OPTIONS }).values;
} catch (err) {
  usage(err.message);
}
const connections = Number(args.connections);
const seconds = args.seconds === undefined ? Infinity : Number(args.seconds);
if (!Number.isInteger(connections) || connections < 1) usage(`--connections must be a positive integer, got ${args.connections}`);
if (!(seconds > 0)) usage(`--seconds must be a positive number, got ${args.seconds}`);
const intervalMs = Number(args['interval-ms']);
if (!(intervalMs >= 0)) usage(`--interval-ms must be a number of milliseconds, got ${args['interval-ms']}`);

const STARTUP_GRACE_MS = 3000;
const RETRY_DELAY_MS = 50;
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const startedAt = performance.now();
const stats = { requests: 0, errors: 0, statuses: new Map(), latenciesMs: [] };
let stopping = false;

function usage(message) {
  console.error(`load: ${message}\nusage: node load.js [--url URL] [--connections N] [--seconds S] [--interval-ms MS] [--body JSON]`);
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One POST; resolves with the status code once the whole answer has arrived. */
function post() {
  return new Promise((resolve, reject) => {
    const req = http.request(args.url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(args.body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(args.body);
  });
}

async function connectionLoop() {
  while (!stopping) {
    const sentAt = performance.now();
    try {
      const status = await post();
      stats.requests++;
      stats.latenciesMs.push(performance.now() - sentAt);
      stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
      if (intervalMs > 0) await sleep(intervalMs);
    } catch (err) {
      const starting = performance.now() - startedAt < STARTUP_GRACE_MS && CONNECTION_ERRORS.has(err.code);
      if (!starting) stats.errors++;
      // Back off briefly instead of spinning on a server that is not there (yet, or any more).
      await sleep(RETRY_DELAY_MS);
    }
  }
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function printSummary() {
  const elapsed = (performance.now() - startedAt) / 1000;
  const sorted = stats.latenciesMs.sort((a, b) => a - b);
  const statuses = [...stats.statuses].map(([status, n]) => `${status}×${n}`).join(' ') || 'none';
  console.error(
    `load: ${stats.requests} requests, ${stats.errors} errors in ${elapsed.toFixed(1)} s ` +
      `(${(stats.requests / elapsed).toFixed(1)} requests/s) over ${connections} connections to ${args.url}; ` +
      `latency p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms; status ${statuses}`,
  );
}

function stopNow() {
  stopping = true;
  printSummary();
  process.exit(0);
}
process.once('SIGTERM', stopNow);
process.once('SIGINT', stopNow);

async function main() {
  if (Number.isFinite(seconds)) setTimeout(() => (stopping = true), seconds * 1000);
  await Promise.all(Array.from({ length: connections }, connectionLoop));
  agent.destroy();
  printSummary();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
