'use strict';
// The fake LLM API (lib/fake-llm-api.js) as a process of its own, the way a real API runs somewhere else:
// started by a workload as a child process, it prints `listening <url>` on stdout once it accepts
// connections and serves until SIGTERM. Its latencies are timers, so it costs almost no CPU.
const { startFakeLlmApi } = require('./fake-llm-api');

async function main() {
  const api = await startFakeLlmApi();
  process.stdout.write(`listening ${api.url}\n`);
  process.once('SIGTERM', () => {
    api.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
