// Precision and recall of `concurrency-lens check` on real open-source Python async services, against Ruff's ASYNC
// rules on the same files in the same run: `npm run build && node bench/precision-python.mjs`.
//
// bench/precision-python/projects.json pins each project by commit; bench/precision-python/labels/NAME.json holds
// the lines a person judged by reading the code, whichever tool reported them: `real` (on the event loop while the
// service serves work, worth changing), `minor` (on the loop per request, but small or rare) or `harmless` (start-up,
// a thread or a process, no real cost, or wrong). The sources are fetched on demand into .bench/precision-python/NAME
// (gitignored), as bench/precision.mjs does: from a local git mirror (--mirror DIR, or CONCURRENCY_LENS_MIRROR,
// holding OWNER+NAME/repo), else by `git fetch` of the pinned commit.
//
// Ruff (`ruff check --isolated --select ASYNC --output-format json`) is found as --ruff PATH, $RUFF, `ruff` on PATH,
// or .bench/ruff-venv/bin/ruff (python3 -m venv .bench/ruff-venv && .bench/ruff-venv/bin/pip install ruff==0.16.9).
// Without a ruff command, the same Ruff release's WebAssembly build from npm (@astral-sh/ruff-wasm-nodejs, installed
// on demand into .bench/ruff-wasm) checks the same files; with neither, Ruff's columns are skipped with a message.
// --ruff-engine cli|wasm picks one; --compare-engines runs both and fails if they disagree on any finding.
//
//   strict precision  = warnings labelled real / warnings that carry a label (ours: severity warning or error, what
//                       the Problems panel shows as warnings; Ruff has no severities, every finding counts)
//   precision         = the same with `minor` counted as right
//   recall            = real blocking labels (categories sync-io and cpu) reported at any severity / real blocking
//                       labels: the union of the real blocking lines either tool found, so each tool's misses show
//   unjudged          = findings no label covers: list them with --unjudged and label them, or the figures lie
//
// Options: --projects a,b  --mirror DIR  --ruff PATH  --ruff-engine cli|wasm  --compare-engines  --unjudged
// --missed (real blocking labels a tool did not report)  --false (findings labelled harmless)  --json FILE  --cli FILE
// Exit code 1 when a project cannot be fetched, a tool fails, or a label no longer matches its line.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePinnedSource, loadLabels as loadPinnedLabels } from './lib/pinned-source.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const cli = path.resolve(opt('--cli', path.join(repo, 'dist/cli.js')));
const mirror = opt('--mirror', process.env.CONCURRENCY_LENS_MIRROR ?? '/work/.mirror');
const only = opt('--projects', '')?.split(',').filter(Boolean);
const manifest = JSON.parse(readFileSync(path.join(here, 'precision-python/projects.json'), 'utf8'));
const workDir = path.join(repo, '.bench/precision-python');
const RUFF_VERSION = manifest.ruffVersion;
const BLOCKING = new Set(['sync-io', 'cpu']);
const log = (...a) => console.error('[precision-python]', ...a);

/**
 * Ruff's ASYNC codes by what they flag: the blocking-call rules share our `sync-io` category (a label on that line
 * judges both tools); the others (a timeout parameter, a sleep loop, trio/anyio checkpoints) have no rule of ours to
 * compare with and are counted apart.
 */
const RUFF_BLOCKING = /^ASYNC(210|212|220|221|222|230|240|250|251)$/;
const ruffCategory = (code) => (RUFF_BLOCKING.test(code) ? 'sync-io' : 'ruff-other');

/** The files neither tool should see: our CLI's default Python exclusions (tests), given to Ruff too. */
const RUFF_EXCLUDES = ['test_*.py', '*_test.py', 'conftest.py', '__tests__', 'out', 'coverage'];
/** Only the Python files: these services ship JavaScript too (a panel, a web UI), which is not the comparison. */
const JS_EXCLUDES = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'].flatMap((e) => ['--exclude', `**/*.${e}`]);

/** The pinned sources in .bench/precision-python/NAME, fetched once. */
const ensureSource = (p) => ensurePinnedSource(p, { workDir, mirror, log });

function timed(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: err, wallMs: performance.now() - started }));
  });
}

/** Our CLI, as a user would run it on the service's Python; peak RSS from a preload that reports it at exit. */
async function runCheck(p, dir) {
  const preload = path.join(here, 'lib/report-rss.cjs');
  const r = await timed(process.execPath, ['--require', preload, cli, 'check', ...p.paths, '--format', 'json', '--fail-on', 'never', ...JS_EXCLUDES, ...(p.args ?? [])], dir);
  if (r.code !== 0) throw new Error(`${p.name}: check exited ${r.code}: ${r.stderr.slice(-2000)}`);
  const rss = /@@rss (\d+)/.exec(r.stderr);
  return { report: JSON.parse(r.stdout), wallMs: r.wallMs, peakRssMB: rss ? Number(rss[1]) / 1024 : undefined };
}

// ---------------------------------------------------------------- Ruff

function which(cmd) {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(d, cmd);
    if (d && existsSync(f)) return f;
  }
  return undefined;
}

function ruffCommand() {
  const candidates = [opt('--ruff'), process.env.RUFF, which('ruff'), path.join(repo, '.bench/ruff-venv/bin/ruff')].filter(Boolean);
  for (const c of candidates) {
    const v = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (v.status === 0) return { kind: 'cli', path: c, version: v.stdout.trim().replace(/^ruff /, '') };
  }
  return undefined;
}

/** Ruff's WebAssembly build from npm, the same release as the CLI; installed once into .bench/ruff-wasm. */
function ruffWasm() {
  const prefix = path.join(repo, '.bench/ruff-wasm');
  const pkg = '@astral-sh/ruff-wasm-nodejs';
  const req = createRequire(path.join(prefix, 'index.js'));
  const load = () => {
    try {
      return req(pkg);
    } catch {
      return undefined;
    }
  };
  let mod = load();
  if (!mod || req(`${pkg}/package.json`).version !== RUFF_VERSION) {
    mkdirSync(prefix, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `${pkg}@${RUFF_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) {
      log(`cannot install ${pkg}@${RUFF_VERSION} from npm: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
      return undefined;
    }
    mod = load();
  }
  return mod ? { kind: 'wasm', mod, version: `${req(`${pkg}/package.json`).version} (WebAssembly)` } : undefined;
}

function findRuff() {
  const engine = opt('--ruff-engine');
  if (engine !== 'wasm') {
    const c = ruffCommand();
    if (c || engine === 'cli') return c;
  }
  return ruffWasm();
}

/** The .py files below the paths, without the default exclusions (what `ruff check PATHS --extend-exclude ...` sees). */
function pythonFiles(dir, paths) {
  const skipDir = new Set(['.git', 'node_modules', '__pycache__', 'venv', '.venv', 'site-packages', '.tox', '.nox', '.mypy_cache', 'dist', 'build', ...RUFF_EXCLUDES]);
  const isTest = (n) => /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(n);
  const out = [];
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    if (statSync(abs).isFile()) return void (rel.endsWith('.py') && out.push(rel));
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.isDirectory() ? skipDir.has(e.name) : isTest(e.name)) continue;
      walk(path.join(rel, e.name));
    }
  };
  for (const p of paths) walk(p);
  return out.sort();
}

/** Ruff's findings as { file, line, column, code, message }, paths relative to the project. */
async function runRuff(ruff, p, dir) {
  if (ruff.kind === 'cli') {
    const args = ['check', '--isolated', '--no-cache', '--select', 'ASYNC', '--output-format', 'json', '--exit-zero', '--extend-exclude', RUFF_EXCLUDES.join(','), ...p.paths];
    const r = await timed(ruff.path, args, dir);
    if (r.code !== 0) throw new Error(`${p.name}: ruff exited ${r.code}: ${r.stderr.slice(-2000)}`);
    const found = JSON.parse(r.stdout).map((d) => ({ file: path.relative(dir, d.filename), line: d.location.row, column: d.location.column, code: d.code, message: d.message }));
    return { found, wallMs: r.wallMs };
  }
  const started = performance.now();
  const ws = new ruff.mod.Workspace({ lint: { select: ['ASYNC'] } }, ruff.mod.PositionEncoding.Utf8);
  const found = [];
  for (const file of pythonFiles(dir, p.paths)) {
    for (const d of ws.check(readFileSync(path.join(dir, file), 'utf8'))) {
      if (d.code) found.push({ file, line: d.start_location.row, column: d.start_location.column, code: d.code, message: d.message });
    }
  }
  ws.free();
  return { found, wallMs: performance.now() - started };
}

// ---------------------------------------------------------------- labels and figures

const loadLabels = (p, dir) => loadPinnedLabels(path.join(here, 'precision-python/labels'), p, dir);

const key = (file, line, category) => `${file}:${line}:${category}`;
const pct = (a, b) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(0)}%`);

/** Judged counts of one tool's findings: { real, minor, harmless, unjudged: [...] } over the findings that count. */
function judge(findings, byKey) {
  const c = { real: 0, minor: 0, harmless: 0, unjudged: [], judged: [] };
  for (const f of findings) {
    const l = byKey.get(key(f.file, f.line, f.category));
    if (!l) c.unjudged.push(f);
    else {
      c[l.verdict]++;
      c.judged.push({ f, l });
    }
  }
  return c;
}

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  const ruff = findRuff();
  if (!ruff) {
    const npm = opt('--ruff-engine') === 'cli' ? '' : ` and @astral-sh/ruff-wasm-nodejs@${RUFF_VERSION} could not be installed from npm`;
    log(`Ruff is not available: no ruff command (--ruff PATH, $RUFF, PATH, .bench/ruff-venv/bin/ruff)${npm}; Ruff's columns are skipped. Install it with: python3 -m venv .bench/ruff-venv && .bench/ruff-venv/bin/pip install ruff==${RUFF_VERSION}`);
  } else log(`ruff ${ruff.version}${ruff.path ? ` (${ruff.path})` : ''}`);
  const compare = flag('--compare-engines') ? [ruffCommand(), ruffWasm()] : undefined;
  if (compare && compare.some((e) => !e)) throw new Error('--compare-engines needs both the ruff command and the WebAssembly build');
  const loadAtStart = os.loadavg();
  const results = [];
  let failed = false;
  for (const p of manifest.projects) {
    if (only.length > 0 && !only.includes(p.name)) continue;
    const dir = ensureSource(p);
    const { labels, stale } = loadLabels(p, dir);
    const byKey = new Map(labels.map((l) => [key(l.file, l.line, l.category), l]));
    const { report, wallMs, peakRssMB } = await runCheck(p, dir);
    const ours = report.findings.map((f) => ({ ...f, tool: 'ours' }));
    const warnings = ours.filter((f) => f.severity !== 'info');
    const oursBlocking = ours.filter((f) => BLOCKING.has(f.category));
    const r = ruff ? await runRuff(ruff, p, dir) : undefined;
    const ruffFound = (r?.found ?? []).map((f) => ({ ...f, category: ruffCategory(f.code), rule: f.code, tool: 'ruff' }));
    if (compare) {
      const [a, b] = await Promise.all(compare.map((e) => runRuff(e, p, dir)));
      // Columns are left out: the command counts characters, the WebAssembly build was asked for UTF-8 bytes.
      const s = (x) => x.found.map((f) => `${f.file}:${f.line} ${f.code}`).sort().join('\n');
      if (s(a) !== s(b)) {
        failed = true;
        log(`${p.name}: the ruff command and the WebAssembly build disagree:\n${s(a)}\n---\n${s(b)}`);
      } else log(`${p.name}: the ruff command and the WebAssembly build agree (${a.found.length} findings)`);
    }
    const ruffBlocking = ruffFound.filter((f) => f.category === 'sync-io');

    const oursWarn = judge(warnings, byKey);
    const oursAll = judge(ours, byKey);
    const oursBlockWarn = judge(warnings.filter((f) => BLOCKING.has(f.category)), byKey);
    const ruffAll = judge(ruffFound, byKey);
    const ruffBlock = judge(ruffBlocking, byKey);
    const realBlocking = labels.filter((l) => l.verdict === 'real' && BLOCKING.has(l.category));
    const oursKeys = new Set(oursBlocking.map((f) => key(f.file, f.line, f.category)));
    const ruffKeys = new Set(ruffBlocking.map((f) => key(f.file, f.line, f.category)));
    const has = (set) => (l) => set.has(key(l.file, l.line, l.category));
    const row = {
      project: p.name,
      commit: p.commit,
      files: report.stats.files,
      lines: report.stats.lines,
      ours: {
        findings: ours.length, warnings: warnings.length,
        warnReal: oursWarn.real, warnMinor: oursWarn.minor, warnHarmless: oursWarn.harmless,
        blockingWarnReal: oursBlockWarn.real, blockingWarnMinor: oursBlockWarn.minor, blockingWarnHarmless: oursBlockWarn.harmless,
        allReal: oursAll.real, allMinor: oursAll.minor, allHarmless: oursAll.harmless,
        unjudged: oursAll.unjudged.length, recallFound: realBlocking.filter(has(oursKeys)).length,
        wallMs: Math.round(wallMs), peakRssMB: peakRssMB === undefined ? null : Math.round(peakRssMB),
      },
      ruff: ruff && {
        findings: ruffFound.length, blocking: ruffBlocking.length, other: ruffFound.length - ruffBlocking.length,
        real: ruffAll.real, minor: ruffAll.minor, harmless: ruffAll.harmless,
        blockingReal: ruffBlock.real, blockingMinor: ruffBlock.minor, blockingHarmless: ruffBlock.harmless,
        unjudged: ruffAll.unjudged.length, recallFound: realBlocking.filter(has(ruffKeys)).length,
        wallMs: Math.round(r.wallMs),
      },
      realBlocking: realBlocking.length,
      bothFound: realBlocking.filter((l) => has(oursKeys)(l) && has(ruffKeys)(l)).length,
      staleLabels: stale.length,
    };
    results.push(row);
    if (stale.length > 0) {
      failed = true;
      for (const l of stale) log(`${p.name}: label no longer matches its line: ${l.file}:${l.line} "${l.text}"`);
    }
    const show = (title, items, fmt) => {
      if (items.length === 0) return;
      console.log(`\n${p.name}: ${title} (${items.length})`);
      for (const it of items) console.log(`  ${fmt(it)}`);
    };
    const chain = (f) => (f.chain ? ` [${f.chain.map((s) => s.symbol).join(' → ')}]` : '');
    if (flag('--unjudged')) {
      show('unjudged findings', [...oursAll.unjudged, ...ruffAll.unjudged], (f) => `${f.tool} ${f.file}:${f.line} ${f.category} ${f.rule} ${f.severity ?? ''}${chain(f)} ${f.message}`);
    }
    if (flag('--missed')) {
      show('real blocking labels we did not report', realBlocking.filter((l) => !has(oursKeys)(l)), (l) => `${l.file}:${l.line} — ${l.why}`);
      if (ruff) show('real blocking labels Ruff did not report', realBlocking.filter((l) => !has(ruffKeys)(l)), (l) => `${l.file}:${l.line} — ${l.why}`);
    }
    if (flag('--false')) {
      show('our findings labelled harmless', oursAll.judged.filter((j) => j.l.verdict === 'harmless'), ({ f, l }) => `${f.severity} ${f.file}:${f.line} ${f.rule}${chain(f)} — ${l.why}`);
      show('Ruff findings labelled harmless', ruffAll.judged.filter((j) => j.l.verdict === 'harmless'), ({ f, l }) => `${f.rule} ${f.file}:${f.line} — ${l.why}`);
    }
  }

  const sum = (get) => results.reduce((a, r) => a + (get(r) ?? 0), 0);
  const md = [];
  md.push('| project | files | lines | ours: findings (warnings) | ours: warnings real / minor / harmless | ours: strict precision | ours: precision | ours: blocking warnings, strict | Ruff: findings (blocking) | Ruff: real / minor / harmless | Ruff: strict precision | Ruff: precision | real blocking lines (either tool) | recall: ours | recall: Ruff | found by both | unjudged (ours / Ruff) | time: ours / Ruff |');
  md.push('|' + ' --- |'.repeat(18));
  const line = (name, files, lines, o, rf, realB, both, oursMs, ruffMs) => {
    const ow = o.warnReal + o.warnMinor + o.warnHarmless;
    const obw = o.blockingWarnReal + o.blockingWarnMinor + o.blockingWarnHarmless;
    const rj = rf ? rf.real + rf.minor + rf.harmless : 0;
    const ruffCols = rf
      ? [`${rf.findings} (${rf.blocking})`, `${rf.real} / ${rf.minor} / ${rf.harmless}`, pct(rf.real, rj), pct(rf.real + rf.minor, rj)]
      : ['skipped', '', '', ''];
    return `| ${name} | ${files} | ${lines} | ${o.findings} (${o.warnings}) | ${o.warnReal} / ${o.warnMinor} / ${o.warnHarmless} | ${pct(o.warnReal, ow)} | ${pct(o.warnReal + o.warnMinor, ow)} | ${pct(o.blockingWarnReal, obw)} (${o.blockingWarnReal}/${obw}) | ${ruffCols.join(' | ')} | ${realB} | ${pct(o.recallFound, realB)} (${o.recallFound}) | ${rf ? `${pct(rf.recallFound, realB)} (${rf.recallFound})` : ''} | ${both} | ${o.unjudged} / ${rf ? rf.unjudged : '–'} | ${oursMs ? `${(oursMs / 1000).toFixed(1)} s` : ''}${ruffMs !== undefined ? ` / ${(ruffMs / 1000).toFixed(2)} s` : ''} |`;
  };
  for (const r of results) md.push(line(r.project, r.files, r.lines, r.ours, r.ruff, r.realBlocking, r.bothFound, r.ours.wallMs, r.ruff?.wallMs));
  const keys = (o) => Object.keys(o ?? {}).filter((k) => typeof o[k] === 'number');
  const total = (side) => Object.fromEntries(keys(results[0]?.[side]).map((k) => [k, sum((r) => r[side]?.[k])]));
  const tOurs = total('ours');
  const tRuff = ruff ? total('ruff') : undefined;
  md.push(line('all', sum((r) => r.files), sum((r) => r.lines), tOurs, tRuff, sum((r) => r.realBlocking), sum((r) => r.bothFound), tOurs.wallMs, tRuff?.wallMs));
  console.log(`\n${md.join('\n')}`);
  const loadAtEnd = os.loadavg();
  console.log(`\nruff: ${ruff ? ruff.version : 'skipped'}; machine: ${os.cpus().length} cores, load average ${loadAtStart.map((x) => x.toFixed(1)).join(' ')} at the start, ${loadAtEnd.map((x) => x.toFixed(1)).join(' ')} at the end; node ${process.version}`);
  const json = { when: new Date().toISOString(), ruff: ruff ? ruff.version : null, load: { start: loadAtStart, end: loadAtEnd }, results };
  const out = opt('--json', path.join(workDir, 'results.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(json, null, 2));
  log(`wrote ${out}`);
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`[precision-python] ${e.message}`);
  process.exitCode = 1;
});
