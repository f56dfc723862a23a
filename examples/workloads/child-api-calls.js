'use strict';
// Ticket summaries from an API that runs in another process, two calls at a time. The workload starts
// the API itself as a child process (lib/api-process.js, the same fake completions API as llm-fanout.js,
// 80-120 ms per answer) and then calls it over HTTP with a keep-alive agent, never more than two calls
// in flight: a deliberate limit, such as a provider's "2 concurrent requests" tier. The process waits
// nearly all the time, with exactly two calls outstanding.
//
// Besides the two sockets in use it holds a child process and the pipe its output comes through, and
// neither is anything the loop waits on: the profiler has to count the two calls, not the handles.
//
// Expected profile: io-bound; model async; already right (bounded concurrency on the event loop).
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const path = require('node:path');
const { generateDocuments } = require('./lib/corpus');
const { keepAliveAgent, postJson } = require('./lib/http-json');
const { limitConcurrency } = require('./lib/concurrency-limit');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

/** The API's limit on concurrent requests, and so ours. */
const IN_FLIGHT = 2;
/** Tickets taken from the queue per round; a round ends when all its summaries are back. */
const BATCH = 32;

/** Starts the API process and resolves with it and its URL once it says it is listening. */
async function startApiProcess() {
  const child = spawn(process.execPath, [path.join(__dirname, 'lib/api-process.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the API process exited (${code}) before it listened`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = /^listening (\S+)$/m.exec(output);
      if (m) resolve(m[1]);
    });
  });
  child.removeAllListeners('exit');
  return { child, url };
}

async function summarise(apiUrl, ticket, agent) {
  const answer = await postJson(
    `${apiUrl}/v1/completions`,
    { model: 'tiny-llm-1b', prompt: `Summarise this support ticket in one sentence:\n\n${ticket}`, max_tokens: 48 },
    { agent },
  );
  return answer.choices[0].text;
}

async function main() {
  const api = await startApiProcess();
  const agent = keepAliveAgent(IN_FLIGHT);
  const limit = limitConcurrency(IN_FLIGHT);
  const tickets = generateDocuments({ count: 256, wordsPerDocument: 60 });

  const budget = new TimeBudget();
  let summarised = 0;
  for (let next = 0; !budget.expired; next = (next + BATCH) % tickets.length) {
    const batch = tickets.slice(next, next + BATCH);
    const summaries = await Promise.all(batch.map((ticket) => limit(() => summarise(api.url, ticket, agent))));
    summarised += summaries.length;
  }
  const seconds = budget.elapsedSeconds();

  agent.destroy();
  api.child.kill('SIGTERM');
  await once(api.child, 'exit');
  printThroughput(summarised, 'requests', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
