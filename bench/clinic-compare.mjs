// Concurrency Lens vs Clinic.js Doctor on the labelled workloads: `npm run bench:clinic`
// (= npm run build && node bench/clinic-compare.mjs).
//
// Installs Clinic.js into the gitignored .bench/clinic/ on first use (bench/lib/clinic-install.mjs), then for
// every workload in examples/workloads/workloads.json runs, interleaved (the order rotates every round):
//   - plain:    `node SCRIPT` (servers: plus their load command, then SIGTERM), the baseline throughput;
//   - profiled: `node dist/cli.js profile --format json --no-static ... SCRIPT`, our verdict;
//   - doctor:   `NO_INSIGHT=1 clinic doctor --collect-only --dest DIR -- node SCRIPT` (servers: plus their load
//               command from when they listen, then SIGINT to clinic, i.e. Ctrl-C), then Doctor's own analysis
//               module (@clinic/doctor/analysis/index.js, what --visualize-only embeds in its HTML) run headless by
//               bench/lib/clinic-doctor-analyze.cjs: issue category (gc / event-loop / io / data / unknown / none)
//               and the per-graph flags (CPU usage, memory, event-loop delay, active handles, loop utilization).
// Table on stdout; JSON in .bench/clinic-compare-<timestamp>.json, Markdown tables in the .md beside it; Doctor's
// raw data stays in .bench/clinic/runs/<timestamp>/.
//
// Options: --rounds N (3)  --quick (1 round of 2 s workloads)  --seconds S (WORKLOAD_SECONDS)  --workloads a,b
//          --no-ours (skip our profiler)  --out FILE
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureClinic } from './lib/clinic-install.mjs';
import { benchDir, makeRunner, parseVariant } from './lib/profile-variants.mjs';
import {
  loadavg, loadManifest, logMachine, mdTable, median, selectWorkloads, stopWorkloadsOnInterrupt, textTable, timestampForFile,
} from './lib/workload-runs.mjs';
import { round } from './lib/report.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const QUICK = flag('--quick');
const ROUNDS = Number(opt('--rounds', QUICK ? 1 : 3));
const SECONDS = opt('--seconds', QUICK ? '2' : undefined);
const log = (...a) => console.error('[bench:clinic]', ...a);

let workloads;
try {
  if (!(ROUNDS >= 1)) throw new Error('--rounds must be a positive number');
  workloads = selectWorkloads(loadManifest(), opt('--workloads', undefined));
} catch (err) {
  console.error(`[bench:clinic] ${err.message}`);
  process.exit(2);
}
stopWorkloadsOnInterrupt(log);

const started = performance.now();
const startedAt = new Date();
const machine = logMachine(log);
mkdirSync(benchDir, { recursive: true });

let clinic;
try {
  clinic = await ensureClinic(benchDir, log);
} catch (err) {
  console.error(`[bench:clinic] ${err.message}`);
  process.exit(1);
}
log(`clinic ${clinic.clinicVersion}, @clinic/doctor ${clinic.doctorVersion} (${path.relative(process.cwd(), clinic.doctorDir)})`);

const stamp = timestampForFile(startedAt);
const doctorRunsDir = path.join(benchDir, 'clinic', 'runs', stamp);
const { run, commandLine } = makeRunner({ seconds: SECONDS, quick: QUICK, clinicBin: clinic.clinicBin, doctorDir: clinic.doctorDir, doctorRunsDir });
const variants = (flag('--no-ours') ? ['plain', 'doctor'] : ['plain', 'profiled', 'doctor']).map(parseVariant);

// ---- how Doctor says it (its own words: recommendations/index.js titles, and the graphs it marks red)
const CATEGORY_WORDS = {
  gc: 'a potential Garbage Collection issue',
  'event-loop': 'a potential Event Loop issue',
  io: 'a potential I/O issue',
  data: 'data analysis issue',
  unknown: 'an unknown issue',
  none: 'no issue',
};
function doctorFlags(issues) {
  const perf = [];
  const data = [];
  const add = (name, v) => (v === 'performance' ? perf.push(name) : v === 'data' ? data.push(name) : undefined);
  add('CPU usage', issues.cpu);
  add('event-loop delay', issues.delay);
  add('active handles', issues.handles);
  add('loop utilization', issues.loopUtilization);
  for (const k of ['heapUsed', 'heapTotal', 'rss', 'external']) add(`memory (${k})`, issues.memory?.[k]);
  return { perf, data };
}

// ---- runs
const runs = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const w of workloads) {
    runs[w.name] ??= {};
    const k = (r + workloads.indexOf(w)) % variants.length;
    for (const v of variants.map((_, i) => variants[(i + k) % variants.length])) {
      let res;
      try {
        res = await run(w, v);
      } catch (err) {
        res = { ok: false, error: `bench error: ${err.stack ?? err}` };
      }
      res.round = r + 1;
      (runs[w.name][v.id] ??= []).push(res);
      let what = res.ok ? (res.throughput !== undefined ? `${res.throughput} ${res.unit}/s` : 'no throughput line') : `FAILED — ${res.error}`;
      if (res.verdict) what += `  → ${res.verdict.type}/${res.verdict.model}${res.verdict.alreadyRight ? ' (keep)' : ''}`;
      if (res.doctor) {
        const f = doctorFlags(res.doctor.analysis.issues);
        what += `  → Doctor: ${res.doctor.analysis.issueCategory} [${f.perf.join(', ') || 'no flags'}${f.data.length ? `; no data: ${f.data.join(', ')}` : ''}]`;
      }
      log(`round ${r + 1} ${w.name} ${v.id}: ${what}, ${res.wallMs} ms`);
    }
  }
}

// ---- aggregate
const mostFrequent = (xs) => {
  const c = new Map();
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1])[0];
};
const summary = [];
const failures = [];
for (const w of workloads) {
  const by = runs[w.name];
  for (const v of variants) for (const x of (by[v.id] ?? []).filter((y) => !y.ok)) failures.push({ workload: w.name, variant: v.id, round: x.round, error: x.error });
  const ok = (id) => (by[id] ?? []).filter((x) => x.ok);
  const tp = (id) => median(ok(id).map((x) => x.throughput));
  const plain = tp('plain');
  const s = {
    workload: w.name,
    expected: w.expect,
    unit: ok('plain')[0]?.unit ?? w.throughputUnit,
    plainMedian: plain,
    runs: Object.fromEntries(variants.map((v) => [v.id, `${ok(v.id).length}/${ROUNDS}`])),
  };
  if (!flag('--no-ours')) {
    const verdicts = ok('profiled').map((x) => `${x.verdict.type}/${x.verdict.model}${x.verdict.alreadyRight ? ' (keep)' : ''}`);
    s.ours = {
      median: tp('profiled'),
      overhead: plain && tp('profiled') !== undefined ? (plain - tp('profiled')) / plain : undefined,
      verdicts,
      verdict: verdicts.length ? mostFrequent(verdicts)[0] : undefined,
      matched: ok('profiled').filter((x) => x.verdict.type === w.expect.type && x.verdict.model === w.expect.model).length,
    };
  }
  const docs = ok('doctor').filter((x) => x.doctor);
  const cats = docs.map((x) => x.doctor.analysis.issueCategory);
  const flagSets = docs.map((x) => doctorFlags(x.doctor.analysis.issues));
  const allPerf = [...new Set(flagSets.flatMap((f) => f.perf))];
  const allData = [...new Set(flagSets.flatMap((f) => f.data))];
  const st = (key) => median(docs.map((x) => x.doctor.stats[key]));
  s.doctor = {
    median: tp('doctor'),
    overhead: plain && tp('doctor') !== undefined ? (plain - tp('doctor')) / plain : undefined,
    categories: cats,
    category: cats.length ? mostFrequent(cats)[0] : undefined,
    // How many rounds flagged each graph.
    flags: Object.fromEntries(allPerf.map((f) => [f, flagSets.filter((x) => x.perf.includes(f)).length])),
    noData: Object.fromEntries(allData.map((f) => [f, flagSets.filter((x) => x.data.includes(f)).length])),
    stats: {
      cpuMedian: st('cpuMedian'), cpuP90: st('cpuP90'), delayMedianMs: st('delayMedianMs'), delayMaxMs: st('delayMaxMs'),
      eluMedianPct: st('eluMedianPct'), blockingGcEvents: st('blockingGcEvents'), interval_s: st('interval_s'),
      samples: st('samples'), nonMonotonicTimestamps: docs.map((x) => x.doctor.stats.nonMonotonicTimestamps),
    },
    dataDirs: docs.map((x) => x.dataDir),
    htmlReport: docs.map((x) => x.htmlReport),
  };
  summary.push(s);
}
const loadavgAtEnd = loadavg();
const totalS = round((performance.now() - started) / 1000);

// ---- output
const pct = (x) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const num = (x) => (x === undefined ? 'n/a' : x >= 1000 ? Math.round(x) : round(x, 1));
const flagText = (d, n) => {
  const perf = Object.entries(d.flags).map(([f, c]) => (c === n ? f : `${f} ${c}/${n}`));
  const nd = Object.entries(d.noData).map(([f, c]) => (c === n ? f : `${f} ${c}/${n}`));
  return `${perf.join(', ') || 'none'}${nd.length ? `; no data: ${nd.join(', ')}` : ''}`;
};
const catText = (d) => {
  if (!d.category) return 'n/a';
  const n = d.categories.filter((c) => c === d.category).length;
  return `${d.category} (${n}/${d.categories.length})${n < d.categories.length ? ` [${d.categories.join(' ')}]` : ''}`;
};
const label = (e) => `${e.type}/${e.model}${e.alreadyRight ? ' (keep)' : ''}`;

const lines = [''];
lines.push(`Concurrency Lens vs Clinic.js Doctor ${clinic.doctorVersion} (clinic ${clinic.clinicVersion}) — ${ROUNDS} round(s); ${machine.cores} cores (${machine.cpu}), node ${machine.node}; ` +
  `load average ${machine.loadavgAtStart.join(' ')} at start, ${loadavgAtEnd.join(' ')} at end`);
lines.push(textTable(
  ['workload', 'label', 'ours (rounds matching)', 'Doctor category (rounds)', 'Doctor flags (graphs marked)'],
  summary.map((s) => [s.workload, label(s.expected), s.ours ? `${s.ours.verdict ?? 'n/a'} (${s.ours.matched}/${s.ours.verdicts.length})` : '—', catText(s.doctor), flagText(s.doctor, s.doctor.categories.length)]),
));
lines.push('');
lines.push('Throughput and what Doctor measured (medians over rounds; CPU is the process, 1.0 = one core):');
lines.push(textTable(
  ['workload', 'unit/s', 'plain', 'ours', 'ours overhead', 'Doctor', 'Doctor overhead', 'CPU med', 'CPU p90', 'delay med ms', 'delay max ms', 'ELU med %', 'blocking GC', 'non-monotonic'],
  summary.map((s) => [s.workload, s.unit, num(s.plainMedian), num(s.ours?.median), pct(s.ours?.overhead), num(s.doctor.median), pct(s.doctor.overhead),
    s.doctor.stats.cpuMedian ?? 'n/a', s.doctor.stats.cpuP90 ?? 'n/a', s.doctor.stats.delayMedianMs ?? 'n/a', s.doctor.stats.delayMaxMs ?? 'n/a',
    s.doctor.stats.eluMedianPct ?? 'n/a', s.doctor.stats.blockingGcEvents ?? 'n/a', s.doctor.stats.nonMonotonicTimestamps.join(' ')]),
));
const meanOf = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
};
const meanOverhead = { ours: meanOf(summary.map((s) => s.ours?.overhead)), doctor: meanOf(summary.map((s) => s.doctor.overhead)) };
lines.push(`mean overhead over ${summary.length} workloads: ours ${pct(meanOverhead.ours)}, Doctor ${pct(meanOverhead.doctor)}`);
const html = summary.flatMap((s) => s.doctor.htmlReport);
lines.push('');
lines.push(`Cross-check with \`clinic doctor --visualize-only DIR --open=false\`: ${html.filter((h) => h === 'same').length} of ${html.length} HTML reports embed the same analysis` +
  `${html.some((h) => h !== 'same') ? `; others: ${[...new Set(html.filter((h) => h !== 'same'))].join(' | ')}` : ''}`);
if (failures.length) {
  lines.push('');
  lines.push('Failed runs:');
  for (const f of failures) lines.push(`  ${f.workload} / ${f.variant} round ${f.round}: ${f.error.split('\n').join('\n    ')}`);
}
lines.push('');
lines.push('Commands (from examples/workloads/):');
for (const w of workloads) for (const v of variants) lines.push(`  [${w.name} ${v.id}] ${commandLine(w, v)}`);
lines.push(`  Doctor's verdict: node bench/lib/clinic-doctor-analyze.cjs .bench/clinic/node_modules/@clinic/doctor <DIR>/<pid>.clinic-doctor`);
lines.push('');
lines.push(`bench took ${totalS} s; Doctor's data in ${path.relative(process.cwd(), doctorRunsDir)}`);
console.log(lines.join('\n'));

const outFile = path.resolve(opt('--out', path.join(benchDir, `clinic-compare-${stamp}.json`)));
const json = {
  date: startedAt.toISOString(),
  finished: new Date().toISOString(),
  command: `npm run bench:clinic${argv.length ? ' -- ' + argv.join(' ') : ''}`,
  options: { rounds: ROUNDS, quick: QUICK, workloadSeconds: SECONDS ?? 'default (4)', workloads: workloads.map((w) => w.name) },
  machine: { ...machine, loadavgAtEnd },
  clinic: { clinicVersion: clinic.clinicVersion, doctorVersion: clinic.doctorVersion, install: clinic.install },
  meanOverhead,
  htmlCrossCheck: { same: html.filter((h) => h === 'same').length, of: html.length },
  summary,
  failures,
  commands: Object.fromEntries(workloads.map((w) => [w.name, Object.fromEntries(variants.map((v) => [v.id, commandLine(w, v)]))])),
  durationS: totalS,
  raw: runs,
};
writeFileSync(outFile, JSON.stringify(json, null, 2) + '\n');
const md = [];
md.push(`Run of ${json.date.slice(0, 16).replace('T', ' ')} UTC, \`${json.command}\`: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; clinic ${clinic.clinicVersion}, ` +
  `@clinic/doctor ${clinic.doctorVersion}; load average ${machine.loadavgAtStart.join(' / ')} at start, ${loadavgAtEnd.join(' / ')} at end; ${ROUNDS} round(s); took ${totalS} s.`);
md.push('');
md.push(mdTable(['workload', 'label', 'our verdict (rounds matching)', 'Doctor: category (rounds)', 'Doctor: graphs flagged'],
  summary.map((s) => [s.workload, `\`${label(s.expected)}\``, s.ours ? `\`${s.ours.verdict ?? 'n/a'}\` (${s.ours.matched}/${s.ours.verdicts.length})` : '—', catText(s.doctor), flagText(s.doctor, s.doctor.categories.length)])));
md.push('');
md.push(mdTable(['workload', 'unit/s', 'plain', 'ours', 'ours overhead', 'Doctor', 'Doctor overhead', 'CPU median', 'CPU p90', 'delay median ms', 'delay max ms', 'ELU median %', 'blocking GC events'],
  summary.map((s) => [s.workload, s.unit, num(s.plainMedian), num(s.ours?.median), pct(s.ours?.overhead), num(s.doctor.median), pct(s.doctor.overhead),
    s.doctor.stats.cpuMedian ?? 'n/a', s.doctor.stats.cpuP90 ?? 'n/a', s.doctor.stats.delayMedianMs ?? 'n/a', s.doctor.stats.delayMaxMs ?? 'n/a',
    s.doctor.stats.eluMedianPct ?? 'n/a', s.doctor.stats.blockingGcEvents ?? 'n/a'])));
md.push('');
md.push(`Mean overhead over ${summary.length} workloads: ours ${pct(meanOverhead.ours)}, Doctor ${pct(meanOverhead.doctor)}.`);
writeFileSync(outFile.replace(/\.json$/, '') + '.md', md.join('\n') + '\n');
console.log(`\nJSON: ${path.relative(process.cwd(), outFile)}  Markdown: ${path.relative(process.cwd(), outFile.replace(/\.json$/, '') + '.md')}`);
if (failures.length) {
  console.error(`\n[bench:clinic] ${failures.length} failed run(s)`);
  process.exitCode = 1;
}
