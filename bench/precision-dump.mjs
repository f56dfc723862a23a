#!/usr/bin/env node
// Every finding of the precision bench's projects, one per line, with its label: the way to see what a rule change
// does to real code, finding by finding. Build, dump, change, build, dump again, and compare:
//
//   npm run build -- --production && node bench/precision-dump.mjs > /tmp/before.tsv
//   ... change a rule ...
//   npm run build -- --production && node bench/precision-dump.mjs > /tmp/after.tsv
//   diff <(cut -f1-4,6,7 /tmp/before.tsv) <(cut -f1-4,6,7 /tmp/after.tsv)
//
// Columns (tab-separated, sorted): project, file:line, severity, rule, verdict (real/minor/harmless, or - when no label
// judges the line), the chain's symbols, the message. The verdict is column 5, left out of the diff above so that a
// relabelled line does not show as a changed finding.
//
// Options: --cli FILE (default dist/cli.js: the bundle `npm run build` makes), --projects a,b, --mirror DIR (as
// bench/precision.mjs), --shown FILE (also write, per finding, the lines its chain's calls, its callers and its
// related awaits point at: project, file:line, category; what the bench's "with the calls findings show" counts).
// Two projects are checked at a time; the sources are fetched and unpacked as bench/precision.mjs does.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePinnedSource, loadLabels } from './lib/pinned-source.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const cli = path.resolve(opt('--cli', path.join(repo, 'dist/cli.js')));
const only = opt('--projects', '').split(',').filter(Boolean);
const mirror = opt('--mirror', process.env.CONCURRENCY_LENS_MIRROR ?? '/work/.mirror');
const shownFile = opt('--shown', undefined);
const workDir = path.join(repo, '.bench/precision');
const manifest = JSON.parse(readFileSync(path.join(here, 'precision/projects.json'), 'utf8'));
const projects = (manifest.projects ?? manifest).filter((p) => only.length === 0 || only.includes(p.name));
const unknown = only.filter((name) => !projects.some((p) => p.name === name));
if (unknown.length > 0) {
  console.error(`precision-dump: no such project: ${unknown.join(', ')}`);
  process.exit(2);
}

/** `check --format json` on a project's folders, in its unpacked source. */
const check = (p, dir) => new Promise((resolve, reject) => {
  const args = [cli, 'check', ...p.paths, '--format', 'json', '--fail-on', 'never', ...(p.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  const out = [];
  child.stdout.on('data', (d) => out.push(d));
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString())) : reject(new Error(`${p.name}: check exited ${code}`))));
});

const rows = [];
const shown = new Set();
const queue = [...projects];
const oneLine = (s) => s.replace(/\s+/g, ' ');
await Promise.all([0, 1].map(async () => {
  for (let p = queue.shift(); p; p = queue.shift()) {
    const dir = ensurePinnedSource(p, { workDir, mirror, log: (m) => console.error(m) });
    const { labels } = loadLabels(path.join(here, 'precision/labels'), p, dir);
    const byKey = new Map(labels.map((l) => [`${l.file}:${l.line}:${l.category}`, l]));
    const report = await check(p, dir);
    for (const f of report.findings) {
      const label = byKey.get(`${f.file}:${f.line}:${f.category}`);
      const chain = f.chain ?? [];
      const pointedAt = [...chain.slice(0, -1).filter((s) => s.link === 'call'), ...(f.callers ?? []), ...(f.related ?? [])];
      for (const c of pointedAt) shown.add([p.name, `${c.file}:${c.line}`, f.category].join('\t'));
      rows.push([p.name, `${f.file}:${f.line}`, f.severity, f.rule, label ? label.verdict : '-', chain.map((s) => s.symbol).join(' → '), oneLine(f.message)].join('\t'));
    }
  }
}));
process.stdout.write(rows.sort().join('\n') + (rows.length > 0 ? '\n' : ''));
if (shownFile) writeFileSync(shownFile, [...shown].sort().join('\n') + '\n');
