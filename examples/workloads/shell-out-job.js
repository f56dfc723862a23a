'use strict';
// A job runner that shells out synchronously: each job (say, converting an uploaded document) runs an
// external tool with execFileSync and waits for it to exit. While the child runs, this process uses no
// CPU at all, yet its main thread is stuck inside execFileSync: no timers fire, no sockets are read,
// no other job starts. `sleep 0.05` stands in for the external tool.
//
// Expected profile: sync-io-blocking; model async; not right yet: run the tool with the asynchronous
// child_process.execFile (promisified), so the event loop keeps running and several jobs can overlap.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const { setImmediate: yieldToEventLoop } = require('node:timers/promises');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

/** The external command each job runs, and its arguments. */
const TOOL = ['sleep', ['0.05']];

function runJob(job) {
  const [command, args] = TOOL;
  execFileSync(command, args, { stdio: 'ignore' }); // blocks the main thread until the tool exits
  // The job's own work is tiny: record where the result would go.
  const key = crypto.createHash('sha256').update(`${job.id}:${job.file}`).digest('hex').slice(0, 16);
  return { id: job.id, output: `converted/${key}.pdf` };
}

async function main() {
  const budget = new TimeBudget();
  const results = [];
  for (let id = 1; !budget.expired; id++) {
    results.push(runJob({ id, file: `uploads/report-${id}.docx` }));
    // A real runner would await its queue for the next job here; the event loop gets one turn.
    await yieldToEventLoop();
  }
  printThroughput(results.length, 'jobs', budget.elapsedSeconds());
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
