// Concurrency Lens performance check: `npm run bench:check` (= npm run build && node bench/check-bench.mjs).
//
// On the same files, side by side, each run in its own child process (so memory figures are isolated):
//   - ESLint with n/no-sync + typed @typescript-eslint/no-floating-promises (bench/eslint.config.mjs)
//   - Concurrency Lens, syntax only (types: 'off')
//   - Concurrency Lens, type-aware (types: 'on')
// over a generated ~26k-line service (bench/gen-project.mjs) and real projects fetched from npm
// (bench/lib/projects.mjs). Cold runs are repeated and the median is reported; then a series of one-file
// edits measures analyzer.updateFile(). Results: a table on stdout, JSON in .bench/results.json.
//
// Options: --repeats N (5)  --edits N (30)  --projects generated,mongodb,rxjs  --analyzer FILE (a prebuilt
// CommonJS build of src/analysis/index.ts; default: bundle it with esbuild)  --eslint-only  --no-fail
// Exit code 1 when a sanity check fails (ESLint linted nothing, no n/no-sync hit on the generated project,
// a child crashed, ...) or a target is missed (median of body edits >= 50 ms, analyzer peak RSS >= 500 MB).
// Import-changing edits are measured and shown (MISS when over 50 ms) but do not fail the check.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGeneratedProject, ensureRealProject } from './lib/projects.mjs';
import { loadavg, logMachine, MARK, round } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const benchDir = path.join(repo, '.bench');
const require = createRequire(import.meta.url);

// ---- arguments
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const REPEATS = Number(opt('--repeats', 5));
const EDITS = Number(opt('--edits', 30));
const PROJECTS = opt('--projects', 'generated,mongodb,rxjs').split(',').filter(Boolean);
const ESLINT_ONLY = flag('--eslint-only');
const NO_FAIL = flag('--no-fail');
const TARGETS = { incrementalMedianMs: 50, peakRssMB: 500 };
const CHILD_TIMEOUT_MS = 5 * 60_000;

// Which file each project's incremental series edits: an ordinary module, and for the generated project
// also the hub every domain imports (lib/logger.ts), the worst case for dependency-driven re-analysis.
const EDIT_FILES = {
  generated: ['src/domains/orders/service.ts', 'src/lib/logger.ts'],
  mongodb: ['src/utils.ts'],
  rxjs: ['src/internal/Observable.ts'],
};

const log = (...a) => console.error('[bench]', ...a);
const started = performance.now();

// ---- machine
const versionOf = (pkg) => {
  try {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
  } catch {
    return 'n/a';
  }
};
const machine = { ...logMachine(log), versions: Object.fromEntries(['eslint', 'typescript-eslint', 'eslint-plugin-n', 'typescript', 'ts-morph'].map((p) => [p, versionOf(p)])) };

// ---- projects
mkdirSync(benchDir, { recursive: true });
const projects = PROJECTS.map((id) => (id === 'generated' ? ensureGeneratedProject(benchDir) : ensureRealProject(benchDir, id, log)));
for (const p of projects) log(`project ${p.id}: ${p.files} files, ${p.lines} lines — ${p.source}`);

// ---- the analyzer build
let analyzerModule;
if (!ESLINT_ONLY) {
  analyzerModule = opt('--analyzer', undefined);
  if (analyzerModule) {
    analyzerModule = path.resolve(analyzerModule);
  } else {
    const entry = path.join(repo, 'src/analysis/index.ts');
    if (!existsSync(entry)) {
      console.error(`[bench] ${path.relative(repo, entry)} does not exist yet; run with --eslint-only to measure the baseline alone.`);
      process.exit(1);
    }
    const esbuild = await import('esbuild');
    analyzerModule = path.join(benchDir, 'build', 'analysis.cjs');
    await esbuild.build({
      entryPoints: [entry],
      outfile: analyzerModule,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external', // ts-morph & co. load from node_modules, as in the shipped bundles
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    log(`bundled ${path.relative(repo, entry)} -> ${path.relative(repo, analyzerModule)}`);
  }
}

// ---- child runs
function runChild(script, args) {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(process.execPath, [path.join(here, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = round(performance.now() - t);
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        resolve({ ok: false, code, signal, wallMs, error: (stderr || stdout).trim().split('\n').slice(-15).join('\n') });
        return;
      }
      resolve({ ok: true, wallMs, ...JSON.parse(line.slice(MARK.length)) });
    });
  });
}

const tools = [{ id: 'eslint', label: 'ESLint (n/no-sync + typed no-floating-promises)' }];
if (!ESLINT_ONLY) {
  tools.push({ id: 'cl-off', label: "Concurrency Lens, types: 'off'", types: 'off' });
  tools.push({ id: 'cl-on', label: "Concurrency Lens, types: 'on'", types: 'on' });
}

const findingsFile = (project, tool) => path.join(benchDir, 'findings', `${project}-${tool.id === 'eslint' ? 'eslint' : 'types-' + tool.types}.json`);

function childArgs(tool, p, extra = []) {
  if (tool.id === 'eslint') return ['child-eslint.mjs', ['--root', p.root, '--src', p.srcDir, ...extra]];
  return ['child-analyzer.mjs', ['--module', analyzerModule, '--root', p.root, '--src', p.srcDir, '--types', tool.types, ...extra]];
}

const runs = {}; // runs[project][tool] = [result, ...]
const failures = [];
for (let rep = 1; rep <= REPEATS; rep++) {
  for (const p of projects) {
    runs[p.id] ??= {};
    // Rotate the order each round so slow drifts of a shared machine do not always hit the same tool.
    const order = tools.map((_, i) => tools[(i + rep - 1) % tools.length]);
    for (const tool of order) {
      const extra = rep === 1 ? ['--findings-out', findingsFile(p.id, tool)] : [];
      const [script, args] = childArgs(tool, p, extra);
      const r = await runChild(script, args);
      (runs[p.id][tool.id] ??= []).push(r);
      if (!r.ok) {
        failures.push(`${p.id} / ${tool.label} run ${rep} failed (exit ${r.code}${r.signal ? ', ' + r.signal : ''}):\n${r.error}`);
        log(`${p.id} ${tool.id} run ${rep}: FAILED`);
      } else {
        log(`${p.id} ${tool.id} run ${rep}: scan ${r.scanMs} ms, wall ${r.wallMs} ms, peak RSS ${r.maxRssMB} MB, ` +
          (tool.id === 'eslint' ? `${r.files} files, ${r.problems} problems` : `${r.files} files, ${r.findings} findings`));
      }
    }
  }
}

// ---- incremental edits (a fresh child per edited file and mode: cold scan, then two series of EDITS
// updateFile calls — body edits and import-changing edits; see child-analyzer.mjs)
const incremental = [];
if (!ESLINT_ONLY && EDITS > 0) {
  for (const p of projects) {
    for (const file of EDIT_FILES[p.id] ?? []) {
      for (const tool of tools.filter((t) => t.id !== 'eslint')) {
        const [script, args] = childArgs(tool, p, ['--edits', String(EDITS), '--edit-file', file]);
        const r = await runChild(script, args);
        if (!r.ok || !Array.isArray(r.incremental)) {
          failures.push(`${p.id} / ${tool.label} incremental on ${file} failed (exit ${r.code}):\n${r.error ?? 'no incremental result'}`);
          log(`${p.id} ${tool.id} edits on ${file}: FAILED`);
          continue;
        }
        for (const series of r.incremental) {
          incremental.push({ project: p.id, tool: tool.id, types: tool.types, ...series, maxRssMBAfterEdits: r.afterEdits?.maxRssMB });
          log(`${p.id} ${tool.id} ${series.kind} edits on ${file}: median ${series.medianMs} ms, p95 ${series.p95Ms} ms, ` +
            `first ${series.firstMs} ms, readFileSync reported ${series.syncCallReported}, cleared ${series.syncCallCleared}`);
        }
      }
    }
  }
}

// ---- aggregate
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = [];
for (const p of projects) {
  const eslintOk = (runs[p.id].eslint ?? []).filter((r) => r.ok);
  const eslintMedian = median(eslintOk.map((r) => r.scanMs));
  const eslintWall = median(eslintOk.map((r) => r.wallMs));
  for (const tool of tools) {
    const ok = (runs[p.id][tool.id] ?? []).filter((r) => r.ok);
    if (!ok.length) continue;
    const scan = ok.map((r) => r.scanMs);
    const s = {
      project: p.id,
      tool: tool.id,
      label: tool.label,
      runs: ok.length,
      files: ok[0].files,
      lines: p.lines,
      scanMsMedian: round(median(scan)),
      scanMsMin: Math.min(...scan),
      scanMsMax: Math.max(...scan),
      wallMsMedian: round(median(ok.map((r) => r.wallMs))),
      maxRssMB: round(median(ok.map((r) => r.maxRssMB))),
      heapUsedMB: round(median(ok.map((r) => r.heapUsedMB))),
      results: tool.id === 'eslint' ? ok[0].problems : ok[0].findings,
      byRule: ok[0].byRule,
    };
    if (tool.id !== 'eslint') {
      s.typeAware = ok[0].typeAware;
      s.skipped = ok[0].skipped;
      s.loadMs = round(median(ok.map((r) => r.loadMs)));
      if (eslintMedian) {
        s.scanRatioVsEslint = round(s.scanMsMedian / eslintMedian, 2);
        s.wallRatioVsEslint = round(s.wallMsMedian / eslintWall, 2);
        s.rssRatioVsEslint = round(s.maxRssMB / median(eslintOk.map((r) => r.maxRssMB)), 2);
      }
    } else {
      s.fatal = ok[0].fatal;
    }
    summary.push(s);
  }
}

// ---- agreement with ESLint on the first run's findings (same file and line)
const SYNC_RULES = new Set(['no-sync-io-in-hot-path', 'no-sync-zlib-in-hot-path', 'no-blocking-crypto-in-hot-path', 'no-sync-v8-serialize-in-hot-path']);
const agreement = [];
for (const p of projects) {
  const eslintFile = findingsFile(p.id, { id: 'eslint' });
  if (!existsSync(eslintFile)) continue;
  const em = JSON.parse(readFileSync(eslintFile, 'utf8')).messages;
  for (const tool of tools.filter((t) => t.id !== 'eslint')) {
    const f = findingsFile(p.id, tool);
    if (!existsSync(f)) continue;
    const ours = JSON.parse(readFileSync(f, 'utf8')).findings;
    const compare = (eslintRule, pick) => {
      const a = new Set(em.filter((m) => m.rule === eslintRule).map((m) => `${m.file}:${m.line}`));
      const b = new Set(ours.filter(pick).map((x) => `${x.file}:${x.line}`));
      const both = [...a].filter((k) => b.has(k)).length;
      return { eslint: a.size, ours: b.size, both, eslintOnly: a.size - both, oursOnly: b.size - both };
    };
    agreement.push({
      project: p.id,
      types: tool.types,
      syncCalls: compare('n/no-sync', (x) => SYNC_RULES.has(x.rule)),
      floatingPromises: compare('@typescript-eslint/no-floating-promises', (x) => x.category === 'floating-promise'),
    });
  }
}

// ---- checks
const checks = [];
const check = (kind, name, pass, detail) => checks.push({ kind, name, pass: Boolean(pass), detail });
for (const p of projects) {
  const e = summary.find((s) => s.project === p.id && s.tool === 'eslint');
  check('sanity', `${p.id}: ESLint linted the files`, e && e.files > 0, e ? `${e.files} files (project has ${p.files})` : 'no successful run');
  if (e) check('sanity', `${p.id}: ESLint had no parse errors`, e.fatal === 0, `${e.fatal} fatal`);
  if (p.id === 'generated') {
    check('sanity', 'generated: ESLint reports n/no-sync hits', e && (e.byRule['n/no-sync'] ?? 0) > 0, e ? `${e.byRule['n/no-sync'] ?? 0} hits` : '');
    check('sanity', 'generated: ESLint reports no-floating-promises hits (type information works)',
      e && (e.byRule['@typescript-eslint/no-floating-promises'] ?? 0) > 0, e ? `${e.byRule['@typescript-eslint/no-floating-promises'] ?? 0} hits` : '');
  }
  for (const tool of tools.filter((t) => t.id !== 'eslint')) {
    const s = summary.find((x) => x.project === p.id && x.tool === tool.id);
    check('sanity', `${p.id}: ${tool.label} ran`, s, s ? `${s.runs}/${REPEATS} runs` : 'no successful run');
    if (!s) continue;
    check('sanity', `${p.id}: ${tool.label} scanned the same files as ESLint`, e && s.files === e.files, `${s.files} vs ${e?.files}`);
    if (tool.types === 'on') check('sanity', `${p.id}: ${tool.label} was type-aware`, s.typeAware === true, `typeAware=${s.typeAware}`);
    if (p.id === 'generated') check('sanity', `generated: ${tool.label} reports findings`, s.results > 0, `${s.results} findings`);
    check('target', `${p.id}: ${tool.label} peak RSS < ${TARGETS.peakRssMB} MB`, s.maxRssMB < TARGETS.peakRssMB, `${s.maxRssMB} MB`);
  }
}
for (const inc of incremental) {
  const what = `${inc.project}: ${inc.kind} edits of ${inc.file}, types ${inc.types}`;
  // The target is for syntax-only re-analysis, which is what runs while the user types (body and import edits
  // alike); type-aware re-analysis is a refinement for saves and full scans, reported but not gated.
  check(inc.types === 'off' ? 'target' : 'info', `${what}: median < ${TARGETS.incrementalMedianMs} ms`,
    inc.medianMs < TARGETS.incrementalMedianMs, `median ${inc.medianMs} ms, p95 ${inc.p95Ms} ms`);
  check('sanity', `${what}: the result follows the edits`,
    inc.syncCallReported === `${Math.ceil(inc.edits / 2)}/${Math.ceil(inc.edits / 2)}` && inc.syncCallCleared === `${Math.floor(inc.edits / 2)}/${Math.floor(inc.edits / 2)}`,
    `readFileSync reported ${inc.syncCallReported}, cleared ${inc.syncCallCleared}`);
}
for (const f of failures) check('sanity', 'child process', false, f);

// ---- output
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
const lines = [];
lines.push('');
lines.push(`Cold full scan — median of ${REPEATS} runs, each in its own process (${machine.cores} cores, ${machine.cpu}, node ${machine.node})`);
const header = ['project', 'files', 'lines', 'tool', 'scan ms (min–max)', 'process ms', 'peak RSS MB', 'heap MB', 'results', 'time vs ESLint'];
const rows = summary.map((s) => [
  s.project, s.files, s.lines, s.tool,
  `${s.scanMsMedian} (${s.scanMsMin}–${s.scanMsMax})`, s.wallMsMedian, s.maxRssMB, s.heapUsedMB, s.results,
  s.tool === 'eslint' ? '1.00' : (s.scanRatioVsEslint?.toFixed(2) ?? ''),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
lines.push(header.map((h, i) => pad(h, widths[i])).join('  '));
for (const r of rows) lines.push(r.map((c, i) => pad(c, widths[i], typeof c === 'number')).join('  '));
if (incremental.length) {
  lines.push('');
  lines.push(`Incremental re-analysis — ${EDITS} one-file edits through analyzer.updateFile() after a cold scan`);
  const ih = ['project', 'edited file', 'edit kind', 'types', 'median ms', 'p95 ms', 'max ms', 'first ms', 'sync call reported / cleared'];
  const ir = incremental.map((i) => [i.project, i.file, i.kind, i.types, i.medianMs, i.p95Ms, i.maxMs, i.firstMs, `${i.syncCallReported} / ${i.syncCallCleared}`]);
  const iw = ih.map((h, k) => Math.max(h.length, ...ir.map((r) => String(r[k]).length)));
  lines.push(ih.map((h, k) => pad(h, iw[k])).join('  '));
  for (const r of ir) lines.push(r.map((c, k) => pad(c, iw[k], typeof c === 'number')).join('  '));
}
lines.push('');
lines.push('Results by rule (first run):');
for (const s of summary) lines.push(`  ${s.project} / ${s.tool}: ${JSON.stringify(s.byRule)}`);
if (agreement.length) {
  lines.push('');
  lines.push('Agreement with ESLint on the same lines (first run): n/no-sync vs our sync-call rules, no-floating-promises vs our floating-promise rule');
  for (const a of agreement) {
    const fmt = (c) => `ESLint ${c.eslint}, ours ${c.ours}, both ${c.both}, ESLint only ${c.eslintOnly}, ours only ${c.oursOnly}`;
    lines.push(`  ${a.project} (types ${a.types}): sync calls — ${fmt(a.syncCalls)}; floating promises — ${fmt(a.floatingPromises)}`);
  }
}
lines.push('');
lines.push('Checks:');
for (const c of checks) lines.push(`  ${c.pass ? 'PASS' : c.kind === 'info' ? 'MISS' : 'FAIL'} [${c.kind}] ${c.name} — ${c.detail}`);
const totalS = round((performance.now() - started) / 1000);
lines.push('');
lines.push(`bench took ${totalS} s; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(lines.join('\n'));

const json = {
  date: new Date().toISOString(),
  command: 'npm run bench:check',
  options: { repeats: REPEATS, edits: EDITS, projects: PROJECTS },
  machine: { ...machine, loadavgAtEnd: loadavg() },
  projects: projects.map(({ id, label, kind, source, files, lines: l }) => ({ id, label, kind, source, files, lines: l })),
  coldScan: summary,
  incremental,
  agreement,
  targets: TARGETS,
  checks,
  durationS: totalS,
  raw: runs,
};
const outFile = path.resolve(opt('--out', path.join(benchDir, 'results.json')));
writeFileSync(outFile, JSON.stringify(json, null, 2) + '\n');
console.log('\nJSON (also written to ' + path.relative(process.cwd(), outFile) + '; Markdown tables in .bench/results.md):');
const { raw, ...compact } = json;
console.log(JSON.stringify(compact));

// The same figures as Markdown tables, for BENCHMARKS.md.
const md = [];
const mdRow = (cells) => '| ' + cells.join(' | ') + ' |';
md.push(`Run of ${json.date.slice(0, 16).replace('T', ' ')} UTC — ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB RAM, Node ${machine.node}, ` +
  `${machine.os}; load average ${machine.loadavgAtStart.join(' / ')} at start. Median of ${REPEATS} cold runs; bench took ${totalS} s.`);
md.push('');
md.push(mdRow(['project', 'files', 'lines', 'tool', 'scan ms, median (min–max)', 'process ms', 'peak RSS MB', 'heap after scan MB', 'results', 'time vs ESLint', 'RSS vs ESLint']));
md.push(mdRow(Array(11).fill('---')));
for (const s of summary) {
  md.push(mdRow([s.project, s.files, s.lines, s.tool === 'eslint' ? 'ESLint' : s.tool === 'cl-off' ? "CL `types: 'off'`" : "CL `types: 'on'`",
    `${Math.round(s.scanMsMedian)} (${Math.round(s.scanMsMin)}–${Math.round(s.scanMsMax)})`, Math.round(s.wallMsMedian), Math.round(s.maxRssMB), Math.round(s.heapUsedMB), s.results,
    s.tool === 'eslint' ? '1.00' : s.scanRatioVsEslint?.toFixed(2) ?? '', s.tool === 'eslint' ? '1.00' : s.rssRatioVsEslint?.toFixed(2) ?? '']));
}
if (incremental.length) {
  md.push('');
  md.push(mdRow(['project', 'edited file', 'edit kind', 'types', 'median ms', 'p95 ms', 'max ms', 'first ms', 'readFileSync reported / cleared']));
  md.push(mdRow(Array(9).fill('---')));
  for (const i of incremental) md.push(mdRow([i.project, '`' + i.file + '`', i.kind, `\`${i.types}\``, i.medianMs, i.p95Ms, i.maxMs, i.firstMs, `${i.syncCallReported} / ${i.syncCallCleared}`]));
}
if (agreement.length) {
  md.push('');
  md.push(mdRow(['project', 'types', 'n/no-sync lines', 'our sync-call lines', 'both', 'ESLint only', 'ours only', 'no-floating-promises', 'our floating-promise', 'both', 'ESLint only', 'ours only']));
  md.push(mdRow(Array(12).fill('---')));
  for (const a of agreement) {
    const x = a.syncCalls;
    const y = a.floatingPromises;
    md.push(mdRow([a.project, `\`${a.types}\``, x.eslint, x.ours, x.both, x.eslintOnly, x.oursOnly, y.eslint, y.ours, y.both, y.eslintOnly, y.oursOnly]));
  }
}
writeFileSync(path.join(benchDir, 'results.md'), md.join('\n') + '\n');

const failed = checks.filter((c) => !c.pass && c.kind !== 'info');
if (failed.length) {
  console.error(`\n[bench] ${failed.length} check(s) failed${NO_FAIL ? ' (ignored: --no-fail)' : ''}`);
  if (!NO_FAIL) process.exitCode = 1;
}
