// Profiler overhead: `npm run bench:profile` (= npm run build && node bench/profile-bench.mjs).
//
// For every labelled workload in examples/workloads/workloads.json, the workload's own throughput line
// (`throughput: <n> <unit>/s`) is measured
//   - plain:    `node SCRIPT` (a server: `node SCRIPT` plus its load command for the same duration, then
//               SIGTERM, which makes it print its throughput), and
//   - profiled: `node dist/cli.js profile --format json --no-static [--duration D --load CMD] SCRIPT`, exactly
//               as a user runs it; the throughput comes from the report's `run.stdoutTail`.
// Runs alternate (plain, profiled / profiled, plain, ... the order rotates every round) so slow drift of
// a shared machine does not always hit the same side. Per workload: median throughput of each variant,
// overhead = (plain − profiled) / plain of the medians, and the profiler's verdict against the label.
// Table on stdout; JSON in .bench/profile-bench-<timestamp>.json, Markdown tables in the .md beside it.
//
// Options:
//   --rounds N        rounds (default 3)           --quick           1 round of 2 s workloads (servers 3 s)
//   --seconds S       WORKLOAD_SECONDS (default: the workloads' own 4 s; servers use durationSeconds)
//   --workloads a,b   only these workloads         --out FILE        JSON result file
//   --variants LIST   default "plain,profiled". Diagnostic variants, to find out what the overhead costs:
//                       profiled:us=N     the CLI with CONCURRENCY_LENS_CPU_SAMPLING_US=N in its environment
//                       profiled:si=N     the CLI with --sample-interval N (probe sampler interval, ms)
//                       probe[:cpu=0|1][:us=N][:si=N]   no CLI: `node --require dist/probe.js SCRIPT` with the
//                                         probe's environment set by hand (cpu=0: sampler only, no CPU profile)
//                     The overhead of every variant is computed against `plain` (which must be in the list).
//   --no-fail         exit 0 even when a run failed or the mean overhead misses the target
// Exit code 1 when a run failed or the mean overhead of `profiled` is not below 5 %.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, makeRunner, parseVariant } from './lib/profile-variants.mjs';
import {
  loadavg, loadManifest, logMachine, mdTable, mean, median, selectWorkloads, stopWorkloadsOnInterrupt, textTable, timestampForFile,
} from './lib/workload-runs.mjs';
import { round } from './lib/report.mjs';

const TARGET_OVERHEAD = 0.05;

// ---- arguments
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const QUICK = flag('--quick');
const ROUNDS = Number(opt('--rounds', QUICK ? 1 : 3));
const SECONDS = opt('--seconds', QUICK ? '2' : undefined);
const NO_FAIL = flag('--no-fail');
const VARIANT_SPECS = opt('--variants', 'plain,profiled').split(',').map((s) => s.trim()).filter(Boolean);
const log = (...a) => console.error('[bench:profile]', ...a);

if (!(ROUNDS >= 1)) {
  console.error('--rounds must be a positive number');
  process.exit(2);
}

let variants;
let workloads;
try {
  variants = VARIANT_SPECS.map(parseVariant);
  if (variants.some((v) => v.kind === 'doctor')) throw new Error('the doctor variant belongs to bench/clinic-compare.mjs');
  if (!variants.some((v) => v.kind === 'plain')) throw new Error('--variants must include plain (the baseline)');
  workloads = selectWorkloads(loadManifest(), opt('--workloads', undefined));
} catch (err) {
  console.error(`[bench:profile] ${err.message}`);
  process.exit(2);
}

// ---- clean up on Ctrl-C: never leave a workload running
stopWorkloadsOnInterrupt(log);

const started = performance.now();
const startedAt = new Date();
const machine = logMachine(log);
log(`${workloads.length} workloads × ${variants.length} variants × ${ROUNDS} rounds${SECONDS ? `, WORKLOAD_SECONDS=${SECONDS}` : ''}`);
mkdirSync(benchDir, { recursive: true });

const { run: runOnce, commandLine } = makeRunner({ seconds: SECONDS, quick: QUICK });

// ---- the runs, interleaved
const runs = {}; // runs[workload][variant] = [result per round]
for (let round_ = 0; round_ < ROUNDS; round_++) {
  for (const w of workloads) {
    runs[w.name] ??= {};
    // Rotate which variant goes first, round by round (and workload by workload within a round).
    const k = (round_ + workloads.indexOf(w)) % variants.length;
    const order = variants.map((_, i) => variants[(i + k) % variants.length]);
    for (const v of order) {
      let r;
      try {
        r = await runOnce(w, v);
      } catch (err) {
        r = { ok: false, error: `bench error: ${err.stack ?? err}` };
      }
      r.round = round_ + 1;
      (runs[w.name][v.id] ??= []).push(r);
      const verdict = r.verdict ? `  → ${r.verdict.type}/${r.verdict.model}${r.verdict.alreadyRight ? ' (keep)' : ''}` : '';
      log(`round ${round_ + 1} ${w.name} ${v.id}: ${r.ok ? `${r.throughput} ${r.unit}/s` : `FAILED — ${r.error}`}, ${r.wallMs} ms${verdict}` +
        `${r.leftoverPids?.length ? `, killed leftovers ${r.leftoverPids.join(' ')}` : ''}`);
    }
  }
}

// ---- aggregate
const plainId = variants.find((v) => v.kind === 'plain').id;
const summary = [];
const failures = [];
for (const w of workloads) {
  const byVariant = runs[w.name];
  const plain = (byVariant[plainId] ?? []).filter((r) => r.ok);
  const plainMedian = median(plain.map((r) => r.throughput));
  for (const v of variants) {
    const all = byVariant[v.id] ?? [];
    for (const r of all.filter((x) => !x.ok)) failures.push({ workload: w.name, variant: v.id, round: r.round, error: r.error });
    if (v.kind === 'plain') continue;
    const ok = all.filter((r) => r.ok);
    const tps = ok.map((r) => r.throughput);
    const med = median(tps);
    // Paired per round: each round's plain and profiled runs are neighbours in time.
    const paired = ok.map((r) => {
      const p = plain.find((x) => x.round === r.round);
      return p ? (p.throughput - r.throughput) / p.throughput : undefined;
    }).filter((x) => x !== undefined);
    // Only runs that succeeded: the verdict on a workload that crashed says nothing about the label.
    const verdicts = ok.filter((r) => r.verdict).map((r) => r.verdict);
    const matches = verdicts.map((x) => x.type === w.expect.type && x.model === w.expect.model);
    const s = {
      workload: w.name,
      variant: v.id,
      unit: ok[0]?.unit ?? plain[0]?.unit ?? w.throughputUnit,
      expected: w.expect,
      runs: { plain: plain.length, variant: ok.length, of: ROUNDS },
      plainMedian: plainMedian,
      plainMin: plain.length ? Math.min(...plain.map((r) => r.throughput)) : undefined,
      plainMax: plain.length ? Math.max(...plain.map((r) => r.throughput)) : undefined,
      variantMedian: med,
      variantMin: tps.length ? Math.min(...tps) : undefined,
      variantMax: tps.length ? Math.max(...tps) : undefined,
      overhead: plainMedian && med !== undefined ? (plainMedian - med) / plainMedian : undefined,
      pairedOverheadMedian: median(paired),
      pairedOverheads: paired.map((x) => round(x, 4)),
    };
    if (verdicts.length) {
      s.verdicts = verdicts.map((x) => `${x.type}/${x.model}${x.alreadyRight ? ' (keep)' : ''}`);
      s.matched = matches.filter(Boolean).length;
      s.alreadyRightMatched = verdicts.filter((x, i) => matches[i] && x.alreadyRight === w.expect.alreadyRight).length;
      s.confidences = verdicts.map((x) => round(x.confidence ?? NaN, 2));
      // The most frequent verdict.
      const counts = new Map();
      for (const x of s.verdicts) counts.set(x, (counts.get(x) ?? 0) + 1);
      s.verdict = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    }
    summary.push(s);
  }
}
const loadavgAtEnd = loadavg();
const totalS = round((performance.now() - started) / 1000);

const pct = (x, d = 1) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(d)} %`);
const num = (x) => (x === undefined ? 'n/a' : x >= 1000 ? Math.round(x) : round(x, 1));
const means = Object.fromEntries(variants.filter((v) => v.kind !== 'plain').map((v) => {
  const rows = summary.filter((s) => s.variant === v.id);
  return [v.id, { overhead: mean(rows.map((s) => s.overhead)), pairedOverhead: mean(rows.map((s) => s.pairedOverheadMedian)), workloads: rows.filter((s) => s.overhead !== undefined).length }];
}));

// ---- output
const lines = [''];
lines.push(`Profiler overhead — ${ROUNDS} round(s), runs interleaved; ${machine.cores} cores (${machine.cpu}), node ${machine.node}; ` +
  `load average ${machine.loadavgAtStart.join(' ')} at start, ${loadavgAtEnd.join(' ')} at end`);
for (const v of variants.filter((x) => x.kind !== 'plain')) {
  lines.push('');
  lines.push(`${v.id} vs plain:`);
  const rows = summary.filter((s) => s.variant === v.id).map((s) => [
    s.workload, s.unit, num(s.plainMedian), num(s.variantMedian), pct(s.overhead), pct(s.pairedOverheadMedian),
    `${s.runs.plain}/${s.runs.variant}/${s.runs.of}`,
    s.verdict ?? '', s.verdicts ? `${s.matched}/${s.verdicts.length}` : '', `${s.expected.type}/${s.expected.model}${s.expected.alreadyRight ? ' (keep)' : ''}`,
  ]);
  lines.push(textTable(['workload', 'unit/s', 'plain (median)', `${v.kind} (median)`, 'overhead', 'paired', 'ok p/v/rounds', 'verdict', 'matched', 'label'], rows));
  const m = means[v.id];
  lines.push(`mean overhead over ${m.workloads} workloads: ${pct(m.overhead)} (paired per round: ${pct(m.pairedOverhead)}); target < ${pct(TARGET_OVERHEAD, 0)}` +
    `${v.id === 'profiled' ? (m.overhead !== undefined && m.overhead < TARGET_OVERHEAD ? ' — PASS' : ' — MISS') : ''}`);
}
if (failures.length) {
  lines.push('');
  lines.push('Failed runs:');
  for (const f of failures) lines.push(`  ${f.workload} / ${f.variant} round ${f.round}: ${f.error.split('\n').join('\n    ')}`);
}
const mismatches = summary.filter((s) => s.verdicts && s.matched < s.verdicts.length);
if (mismatches.length) {
  lines.push('');
  lines.push('Verdicts that did not match the label in some round:');
  for (const s of mismatches) lines.push(`  ${s.workload} (${s.variant}): ${s.verdicts.join(', ')}; label ${s.expected.type}/${s.expected.model}`);
}
lines.push('');
lines.push('Commands:');
for (const w of workloads) for (const v of variants) lines.push(`  [${w.name} ${v.id}] (cd examples/workloads && ${commandLine(w, v)})`);
lines.push('');
lines.push(`bench took ${totalS} s`);
console.log(lines.join('\n'));

const stamp = timestampForFile(startedAt);
const outFile = path.resolve(opt('--out', path.join(benchDir, `profile-bench-${stamp}.json`)));
const json = {
  date: startedAt.toISOString(),
  finished: new Date().toISOString(),
  command: `npm run bench:profile${argv.length ? ' -- ' + argv.join(' ') : ''}`,
  options: { rounds: ROUNDS, quick: QUICK, workloadSeconds: SECONDS ?? 'default (4)', variants: VARIANT_SPECS, workloads: workloads.map((w) => w.name) },
  machine: { ...machine, loadavgAtEnd },
  target: { meanOverheadBelow: TARGET_OVERHEAD },
  meanOverhead: means,
  summary,
  failures,
  commands: Object.fromEntries(workloads.map((w) => [w.name, Object.fromEntries(variants.map((v) => [v.id, commandLine(w, v)]))])),
  durationS: totalS,
  raw: runs,
};
writeFileSync(outFile, JSON.stringify(json, null, 2) + '\n');

// Markdown, for BENCHMARKS.md.
const md = [];
md.push(`Run of ${json.date.slice(0, 16).replace('T', ' ')} UTC, \`${json.command}\`: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; ` +
  `load average ${machine.loadavgAtStart.join(' / ')} at start, ${loadavgAtEnd.join(' / ')} at end; ${ROUNDS} round(s); bench took ${totalS} s.`);
for (const v of variants.filter((x) => x.kind !== 'plain')) {
  md.push('');
  md.push(`**${v.id}** vs plain — mean overhead ${pct(means[v.id].overhead)} (paired per round ${pct(means[v.id].pairedOverhead)})`);
  md.push('');
  md.push(mdTable(['workload', 'unit/s', 'plain, median (min–max)', `${v.id}, median (min–max)`, 'overhead', 'paired', 'verdict (rounds matching the label)', 'label'],
    summary.filter((s) => s.variant === v.id).map((s) => [
      s.workload, s.unit, `${num(s.plainMedian)} (${num(s.plainMin)}–${num(s.plainMax)})`, `${num(s.variantMedian)} (${num(s.variantMin)}–${num(s.variantMax)})`,
      pct(s.overhead), pct(s.pairedOverheadMedian), s.verdicts ? `${s.verdict} (${s.matched}/${s.verdicts.length})` : '—',
      `${s.expected.type}/${s.expected.model}${s.expected.alreadyRight ? ' (keep)' : ''}`,
    ])));
}
writeFileSync(outFile.replace(/\.json$/, '') + '.md', md.join('\n') + '\n');
console.log(`\nJSON: ${path.relative(process.cwd(), outFile)}  Markdown: ${path.relative(process.cwd(), outFile.replace(/\.json$/, '') + '.md')}`);

const missed = means.profiled && !(means.profiled.overhead < TARGET_OVERHEAD);
if (failures.length || missed) {
  console.error(`\n[bench:profile] ${failures.length} failed run(s)${missed ? '; mean overhead of profiled is not below the 5 % target' : ''}${NO_FAIL ? ' (ignored: --no-fail)' : ''}`);
  if (!NO_FAIL) process.exitCode = 1;
}
