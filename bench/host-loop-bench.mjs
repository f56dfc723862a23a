// The extension host's event-loop delay while Profile Workload and Export Report run, in real VS Code
// (code-server + headless chromium, test/integration/run.mjs on the http-sync-io fixture workspace).
//
//   npm run build && npm run compile && node bench/host-loop-bench.mjs [--runs 2] [--repo DIR]
//
// The in-VS-Code suite measures the loop with perf_hooks.monitorEventLoopDelay (5 ms resolution) around
// each command (test/integration/suite/host-loop.ts) and, before the first profile, for 3 s with
// nothing running: the baseline of the same run. It also profiles examples/workloads/rag-pipeline.js (about
// 6 s, with more probe data and a bigger CPU profile to digest than the suite's busy.js). Each run is a fresh code-server. `--repo` measures
// another checkout (e.g. a worktree of an older commit with host-loop.ts applied), built and compiled.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logMachine } from './lib/report.mjs';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const runs = Number(arg('--runs', 2));
const repo = path.resolve(arg('--repo', here));

logMachine(console.log);
const rows = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-host-loop-'));
  const out = path.join(dir, 'delays.jsonl');
  try {
    const code = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(repo, 'test/integration/run.mjs'), '--workspace', 'http-sync-io'], {
        cwd: repo,
        // The built-in RAG example as a bigger workload than the suite's own busy.js.
        env: { ...process.env, CONCURRENCY_LENS_HOST_LOOP_OUT: out, CONCURRENCY_LENS_HOST_LOOP_WORKLOAD: path.join(here, 'examples/workloads/rag-pipeline.js') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let tail = '';
      const keep = (c) => (tail = (tail + c.toString()).slice(-4000));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('close', (c) => {
        if (c !== 0) console.error(tail);
        resolve(c);
      });
    });
    const measured = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    console.log(`run ${i + 1}: suite exit ${code}; ${measured.map((m) => `${m.label} p99 ${m.p99Ms} ms (max ${m.maxMs})`).join('; ')}`);
    rows.push(...measured);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const labels = [...new Set(rows.map((r) => r.label))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const idle = median(rows.filter((r) => r.label === 'idle').map((r) => r.p99Ms));
console.log(`\n| while | p99 delay (median of ${runs} runs) | max | × idle p99 |`);
console.log('| --- | --- | --- | --- |');
for (const label of labels) {
  const these = rows.filter((r) => r.label === label);
  const p99 = median(these.map((r) => r.p99Ms));
  console.log(`| ${label} | ${p99.toFixed(1)} ms | ${Math.max(...these.map((r) => r.maxMs)).toFixed(1)} ms | ${(p99 / idle).toFixed(2)} |`);
}
