'use strict';
// LLM fan-out, done right: summarise a queue of support tickets with one completion call each, many
// calls in flight at once but never more than IN_FLIGHT (a p-limit style limiter), over keep-alive
// sockets. The process spends nearly all its time waiting for the API, and the event loop is free
// while it waits.
//
// Expected profile: io-bound; model async; already right (bounded Promise.all on the event loop).
const { startFakeLlmApi } = require('./lib/fake-llm-api');
const { generateDocuments } = require('./lib/corpus');
const { keepAliveAgent, postJson } = require('./lib/http-json');
const { limitConcurrency } = require('./lib/concurrency-limit');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

/** Calls open at once: enough to hide latency, few enough to stay under a provider's rate limits. */
const IN_FLIGHT = 16;
/** Tickets taken from the queue per round; a round ends when all its summaries are back. */
const BATCH = 64;

async function summarise(apiUrl, ticket, agent) {
  const answer = await postJson(
    `${apiUrl}/v1/completions`,
    { model: 'tiny-llm-1b', prompt: `Summarise this support ticket in one sentence:\n\n${ticket}`, max_tokens: 48 },
    { agent },
  );
  return answer.choices[0].text;
}

async function main() {
  const api = await startFakeLlmApi();
  const agent = keepAliveAgent(IN_FLIGHT);
  const limit = limitConcurrency(IN_FLIGHT);
  const tickets = generateDocuments({ count: 1024, wordsPerDocument: 60 });

  const budget = new TimeBudget();
  let summarised = 0;
  for (let next = 0; !budget.expired; next = (next + BATCH) % tickets.length) {
    const batch = tickets.slice(next, next + BATCH);
    const summaries = await Promise.all(batch.map((ticket) => limit(() => summarise(api.url, ticket, agent))));
    summarised += summaries.length;
  }
  const seconds = budget.elapsedSeconds();

  agent.destroy();
  await api.close();
  printThroughput(summarised, 'requests', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
