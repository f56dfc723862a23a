// Precision and recall of `concurrency-lens check` on real open-source services: `npm run bench:precision`
// (= npm run build && node bench/precision.mjs).
//
// bench/precision/projects.json pins each project by commit; bench/precision/labels/NAME.json holds the lines a
// person judged by reading the code: `real` (on a hot path, worth changing), `minor` (on a hot path, a nit) or
// `harmless` (start-up, migrations, scripts, no real cost, or simply wrong). The projects' sources are fetched on
// demand into .bench/precision/NAME (gitignored): from a local git mirror when there is one (--mirror DIR, or the
// CONCURRENCY_LENS_MIRROR folder holding OWNER+NAME/repo), else with `git fetch` of the pinned commit from the
// project's public repository. Then the CLI runs on each, as a user would run it, and its findings are matched to
// the labels by file, line and category.
//
//   strict precision  = warnings labelled real / warnings that carry a label (warnings: severity warning or error,
//                       what the Problems panel shows as warnings and CI gates on; info findings are notes)
//   precision         = warnings labelled real or minor / warnings that carry a label
//   all, strict       = the same over every finding, info included
//   recall            = real labels reported at any severity / real labels (and for the blocking categories alone)
//   recall, with the calls findings show = the same, counting also a real label on a call that a finding of its
//                       category shows as leading to its flagged code (a call in its chain, or one of its `callers`):
//                       a helper's blocking call is reported once, and the labels may sit on the helper's callers;
//                       or on code the finding lists as what it is also about (`related`: a loop's other awaits, the
//                       loop being reported once at its first)
//   unjudged          = findings no label covers: list them with --unjudged and label them, or the figures lie
//
// Type information: the CLI's --types is passed on (--types auto|on|off, default auto, as a user runs it). In auto mode
// the CLI turns type-aware analysis on for a project with a tsconfig.json/jsconfig.json when it finds @types/node in
// a node_modules folder at or above it; the sources sit in .bench/precision inside this repository, so this
// repository's own @types/node is found: such projects are analysed with Node's types and the TypeScript library,
// but not their own dependencies (which are never installed here). The `types` column says which mode each ran in.
//
// Options: --projects a,b  --mirror DIR  --types auto|on|off  --unjudged (print every unjudged finding)  --missed (print every real
// label not reported, saying which a finding shows as a call)  --false (print every finding labelled harmless)  --real (print every warning labelled real)  --minor (print every warning labelled minor)
// --by-rule (warnings per rule and verdict, and where the real labels were reported)  --json FILE  --cli FILE
// Exit code 1 when a project cannot be fetched or the CLI fails, or a label no longer matches its line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const types = opt('--types', 'auto');
if (!['auto', 'on', 'off'].includes(types)) throw new Error(`--types must be auto, on or off, not ${types}`);
const manifest = JSON.parse(readFileSync(path.join(here, 'precision/projects.json'), 'utf8'));
const workDir = path.join(repo, '.bench/precision');
const BLOCKING = new Set(['sync-io', 'cpu']);
const log = (...a) => console.error('[precision]', ...a);

/** The pinned sources in .bench/precision/NAME, fetched once. */
const ensureSource = (p) => ensurePinnedSource(p, { workDir, mirror, log });

/** Runs the CLI as a user would; peak RSS comes from a preload that reports it at exit. */
function runCheck(p, dir) {
  const preload = path.join(here, 'lib/report-rss.cjs');
  const args = ['--require', preload, cli, 'check', ...p.paths, '--format', 'json', '--fail-on', 'never', '--types', types, ...(p.args ?? [])];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${p.name}: check exited ${code}: ${err.slice(-2000)}`));
      const rss = /@@rss (\d+)/.exec(err);
      resolve({ report: JSON.parse(Buffer.concat(out).toString('utf8')), wallMs, peakRssMB: rss ? Number(rss[1]) / 1024 : undefined });
    });
  });
}

const loadLabels = (p, dir) => loadPinnedLabels(path.join(here, 'precision/labels'), p, dir);

const key = (file, line, category) => `${file}:${line}:${category}`;
const pct = (a, b) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(0)}%`);

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  const results = [];
  const byRule = new Map();
  const ruleRow = (rule) => byRule.get(rule) ?? byRule.set(rule, { real: 0, minor: 0, harmless: 0, realAsInfo: 0 }).get(rule);
  let failed = false;
  for (const p of manifest.projects) {
    if (only.length > 0 && !only.includes(p.name)) continue;
    const dir = ensureSource(p);
    const { labels, stale } = loadLabels(p, dir);
    const { report, wallMs, peakRssMB } = await runCheck(p, dir);
    const byKey = new Map(labels.map((l) => [key(l.file, l.line, l.category), l]));
    const reported = new Set();
    // The calls a finding shows as leading to its flagged code: its chain's calls and its other hot callers.
    const shownCalls = new Set();
    const judged = { real: [], minor: [], harmless: [] };
    const warned = { real: 0, minor: 0, harmless: 0 };
    const unjudged = [];
    for (const f of report.findings) {
      const k = key(f.file, f.line, f.category);
      reported.add(k);
      for (const step of f.chain.slice(0, -1)) if (step.link === 'call') shownCalls.add(key(step.file, step.line, f.category));
      for (const c of f.callers ?? []) shownCalls.add(key(c.file, c.line, f.category));
      // And the other code the finding is about, which it lists with its place: a loop's other awaits.
      for (const r of f.related ?? []) shownCalls.add(key(r.file, r.line, f.category));
      const l = byKey.get(k);
      if (l) {
        judged[l.verdict].push({ f, l });
        if (f.severity !== 'info') {
          warned[l.verdict]++;
          ruleRow(f.rule)[l.verdict]++;
        } else if (l.verdict === 'real') ruleRow(f.rule).realAsInfo++;
      } else unjudged.push(f);
    }
    const warnings = report.findings.filter((f) => f.severity !== 'info').length;
    const warnJudged = warned.real + warned.minor + warned.harmless;
    const real = labels.filter((l) => l.verdict === 'real');
    const found = real.filter((l) => reported.has(key(l.file, l.line, l.category)));
    const foundAtCalls = real.filter((l) => reported.has(key(l.file, l.line, l.category)) || shownCalls.has(key(l.file, l.line, l.category)));
    const realBlocking = real.filter((l) => BLOCKING.has(l.category));
    const foundBlocking = found.filter((l) => BLOCKING.has(l.category));
    const judgedCount = judged.real.length + judged.minor.length + judged.harmless.length;
    const row = {
      project: p.name,
      commit: p.commit,
      files: report.stats.files,
      lines: report.stats.lines,
      typeAware: report.stats.typeAware === true,
      findings: report.findings.length,
      warnings,
      warnJudged,
      warnReal: warned.real,
      warnMinor: warned.minor,
      warnHarmless: warned.harmless,
      judged: judgedCount,
      unjudged: unjudged.length,
      real: judged.real.length,
      minor: judged.minor.length,
      harmless: judged.harmless.length,
      strictPrecision: warnJudged ? warned.real / warnJudged : null,
      precision: warnJudged ? (warned.real + warned.minor) / warnJudged : null,
      allStrictPrecision: judgedCount ? judged.real.length / judgedCount : null,
      realLabels: real.length,
      realFound: found.length,
      recall: real.length ? found.length / real.length : null,
      realFoundAtCalls: foundAtCalls.length,
      blockingRealLabels: realBlocking.length,
      blockingFound: foundBlocking.length,
      blockingRecall: realBlocking.length ? foundBlocking.length / realBlocking.length : null,
      staleLabels: stale.length,
      wallMs: Math.round(wallMs),
      peakRssMB: peakRssMB === undefined ? null : Math.round(peakRssMB),
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
    if (flag('--unjudged')) show('unjudged findings', unjudged, (f) => `${f.file}:${f.line} ${f.category} ${f.rule} [${f.chain.map((s) => s.symbol).join(' → ')}] ${f.message}`);
    if (flag('--missed')) {
      const shown = (l) => (foundAtCalls.includes(l) ? ' (shown as a call leading to a finding)' : '');
      show('real labels not reported', real.filter((l) => !found.includes(l)), (l) => `${l.file}:${l.line} ${l.category}${shown(l)} — ${l.why}`);
    }
    if (flag('--false')) show('findings labelled harmless', judged.harmless, ({ f, l }) => `${f.severity} ${f.file}:${f.line} ${f.rule} [${f.chain.map((s) => s.symbol).join(' → ')}] — ${l.why}`);
    if (flag('--real')) show('warnings labelled real', judged.real.filter(({ f }) => f.severity !== 'info'), ({ f, l }) => `${f.file}:${f.line} ${f.rule} [${f.chain.map((s) => s.symbol).join(' → ')}] — ${l.why}`);
    if (flag('--minor')) show('warnings labelled minor', judged.minor.filter(({ f }) => f.severity !== 'info'), ({ f, l }) => `${f.file}:${f.line} ${f.rule} [${f.chain.map((s) => s.symbol).join(' → ')}] — ${l.why}`);
  }

  const sum = (k) => results.reduce((a, r) => a + (r[k] ?? 0), 0);
  const total = {
    project: 'all',
    files: sum('files'), lines: sum('lines'), findings: sum('findings'), judged: sum('judged'), unjudged: sum('unjudged'),
    warnings: sum('warnings'), warnJudged: sum('warnJudged'), warnReal: sum('warnReal'), warnMinor: sum('warnMinor'), warnHarmless: sum('warnHarmless'),
    real: sum('real'), minor: sum('minor'), harmless: sum('harmless'),
    realLabels: sum('realLabels'), realFound: sum('realFound'), realFoundAtCalls: sum('realFoundAtCalls'), blockingRealLabels: sum('blockingRealLabels'), blockingFound: sum('blockingFound'),
  };
  total.strictPrecision = total.warnJudged ? total.warnReal / total.warnJudged : null;
  total.precision = total.warnJudged ? (total.warnReal + total.warnMinor) / total.warnJudged : null;
  total.allStrictPrecision = total.judged ? total.real / total.judged : null;
  total.recall = total.realLabels ? total.realFound / total.realLabels : null;
  total.blockingRecall = total.blockingRealLabels ? total.blockingFound / total.blockingRealLabels : null;

  const header = '| project | types | files | lines | findings (warnings) | warnings judged: real / minor / harmless | strict precision | precision | all findings, strict | recall (real labels) | recall (blocking) | recall, with the calls findings show | unjudged | time | peak RSS |';
  const md = [header, '|' + ' --- |'.repeat(15)];
  for (const r of [...results, total]) {
    const mode = r.typeAware === undefined ? `${results.filter((x) => x.typeAware).length} on` : r.typeAware ? 'on' : 'off';
    md.push(`| ${r.project} | ${mode} | ${r.files} | ${r.lines} | ${r.findings} (${r.warnings}) | ${r.warnReal} / ${r.warnMinor} / ${r.warnHarmless} | ${pct(r.warnReal, r.warnJudged)} | ${pct(r.warnReal + r.warnMinor, r.warnJudged)} | ${pct(r.real, r.judged)} | ${pct(r.realFound, r.realLabels)} (${r.realFound}/${r.realLabels}) | ${pct(r.blockingFound, r.blockingRealLabels)} (${r.blockingFound}/${r.blockingRealLabels}) | ${pct(r.realFoundAtCalls, r.realLabels)} (${r.realFoundAtCalls}/${r.realLabels}) | ${r.unjudged} | ${r.wallMs ? `${(r.wallMs / 1000).toFixed(1)} s` : ''} | ${r.peakRssMB ? `${r.peakRssMB} MB` : ''} |`);
  }
  console.log(`\n${md.join('\n')}`);
  if (flag('--by-rule')) {
    const rows = ['| rule | warnings: real / minor / harmless | strict precision | real labels reported at info |', '| --- | --- | --- | --- |'];
    for (const [rule, r] of [...byRule].sort((a, b) => a[0].localeCompare(b[0]))) {
      rows.push(`| ${rule} | ${r.real} / ${r.minor} / ${r.harmless} | ${pct(r.real, r.real + r.minor + r.harmless)} | ${r.realAsInfo} |`);
    }
    console.log(`\n${rows.join('\n')}`);
  }
  console.log(`\nmachine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
  const json = { when: new Date().toISOString(), types, results, total };
  const out = opt('--json', path.join(workDir, 'results.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(json, null, 2));
  log(`wrote ${out}`);
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`[precision] ${e.message}`);
  process.exitCode = 1;
});
