'use strict';
// The classic mistake: the same ticket summaries as llm-fanout.js, but the loop awaits each API call
// before it starts the next one. Every call is independent, yet only one is ever in flight, so the
// process sits idle for ~100 ms per ticket. The code is async and never blocks the event loop; it is
// just sequential.
//
// Expected profile: io-bound; model async; not right yet: run the calls concurrently with a limit
// (Promise.all + a p-limit style limiter, as llm-fanout.js does).
const { startFakeLlmApi } = require('./lib/fake-llm-api');
const { generateDocuments } = require('./lib/corpus');
const { keepAliveAgent, postJson } = require('./lib/http-json');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

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
  const agent = keepAliveAgent(1);
  const tickets = generateDocuments({ count: 1024, wordsPerDocument: 60 });

  const budget = new TimeBudget();
  const summaries = [];
  for (const ticket of tickets) {
    if (budget.expired) break;
    summaries.push(await summarise(api.url, ticket, agent)); // one at a time: the next call waits for this one
  }
  const seconds = budget.elapsedSeconds();

  agent.destroy();
  await api.close();
  printThroughput(summaries.length, 'requests', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
