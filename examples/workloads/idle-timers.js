'use strict';
// A scheduler that mostly sleeps: it wakes every 100 ms, checks which of its periodic tasks are due
// (flush metrics, refresh a cached config, prune expired sessions) and runs them. Each task is a few
// microseconds of work. Nearly all the time the process waits on a timer with nothing else to do.
//
// Expected profile: idle; model async (nothing to change: a timer on the event loop is the right tool).
const { setInterval: every } = require('node:timers/promises');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

const TICK_MS = 100;

function createTasks() {
  const metrics = [];
  const sessions = new Map(Array.from({ length: 200 }, (_, i) => [`session-${i}`, { expiresAt: i * 50 }]));
  let config = { version: 0 };
  return [
    { name: 'flush-metrics', everyMs: 500, run: () => metrics.splice(0, metrics.length) },
    { name: 'record-metric', everyMs: 100, run: () => metrics.push({ at: Date.now(), rss: process.memoryUsage.rss() }) },
    { name: 'refresh-config', everyMs: 1000, run: () => (config = { version: config.version + 1 }) },
    {
      name: 'prune-sessions',
      everyMs: 300,
      run: (now) => {
        for (const [id, session] of sessions) if (session.expiresAt < now) sessions.delete(id);
      },
    },
  ].map((task) => ({ ...task, dueAt: 0 }));
}

async function main() {
  const tasks = createTasks();
  const budget = new TimeBudget();
  let ticks = 0;
  for await (const _ of every(TICK_MS)) {
    const now = performance.now() - budget.startedAt;
    for (const task of tasks) {
      if (now < task.dueAt) continue;
      task.run(now);
      task.dueAt = now + task.everyMs;
    }
    ticks++;
    if (budget.expired) break;
  }
  printThroughput(ticks, 'ticks', budget.elapsedSeconds());
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
