// What the panels and the exported report cost: building the page, its size, and how long headless
// Chromium takes to draw every chart of it, against baselines measured in the same run.
//
//   npm run bench:report        (= npm run build -- --production && npm run compile && node bench/report-bench.mjs)
//
// Export: renderReportHtml + renderReportMarkdown of a real document (the rag-pipeline profile and a quick
// bench result from test/fixtures/reports), against JSON.stringify of the same document.
// Size: the HTML against the bundle it inlines (main.js + main.css) and against the document's JSON.
// Drawing: time from navigation until the page says it rendered every view (body[data-rendered]), for the
// fixture and for a worst case (600 timeline points, 100 blocked stretches, 20 hotspots: the report's
// caps), against the same bundle booting with no document (the empty state). Heap: the page's JS heap
// after drawing, from the DevTools protocol, against the empty page's.
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { logMachine } from './lib/report.mjs';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const runs = arg('--runs', 9);

const { renderReportHtml } = require(path.join(repo, 'out/src/report/export-report.js'));
const { renderReportMarkdown } = require(path.join(repo, 'out/src/report/report-markdown.js'));
const { readWebviewAssets } = require(path.join(repo, 'out/src/report/webview-assets.js'));
const { lensDocument } = require(path.join(repo, 'out/src/report/lens-document.js'));
const { chromium } = require('playwright-core');

const fixture = (f) => JSON.parse(readFileSync(path.join(repo, 'test/fixtures/reports', f), 'utf8'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const time = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

/** The report at its caps: every series at MAX_TIMELINE_POINTS, the most stretches and hotspots a report keeps. */
function worstCase(profile) {
  const p = structuredClone(profile);
  const tl = p.timeline;
  const n = 600;
  const stretch = (k, xs) => Array.from({ length: n }, (_, i) => xs[i % xs.length] ?? 0);
  for (const key of Object.keys(tl)) {
    if (key === 'resources') for (const r of Object.keys(tl.resources)) tl.resources[r] = stretch(r, tl.resources[r]);
    else if (key === 't') tl.t = Array.from({ length: n }, (_, i) => Math.round((i + 1) * 15) / 1000);
    else tl[key] = stretch(key, tl[key]);
  }
  const end = tl.t[n - 1] * 1000;
  p.blocked.stretches = Array.from({ length: 100 }, (_, i) => ({ ...p.blocked.stretches[i % p.blocked.stretches.length], startMs: (i * end) / 100, durationMs: end / 250 }));
  while (p.hotspots.length < 20) p.hotspots.push({ ...p.hotspots[p.hotspots.length % Math.max(1, p.hotspots.length)], function: `f${p.hotspots.length}` });
  return p;
}

const machine = logMachine(console.log);
const bench = fixture('bench-quick.json');
const profile = fixture('profile-rag-pipeline.json');
const doc = lensDocument({ version: 'bench', profile, bench, now: new Date(0) });
const worst = lensDocument({ version: 'bench', profile: worstCase(profile), bench, now: new Date(0) });
const assets = await readWebviewAssets(path.join(repo, 'dist/webview'));

// Export, in this process.
for (let i = 0; i < 3; i++) renderReportHtml(doc, assets); // warm-up
const htmlMs = median(Array.from({ length: runs * 5 }, () => time(() => { renderReportHtml(doc, assets); renderReportMarkdown(doc); })));
const jsonMs = median(Array.from({ length: runs * 5 }, () => time(() => JSON.stringify(doc))));
const html = renderReportHtml(doc, assets);
const json = JSON.stringify(doc);
const bundle = Buffer.byteLength(assets.script) + Buffer.byteLength(assets.style);
console.log(`export: HTML + Markdown in ${htmlMs.toFixed(2)} ms; baseline JSON.stringify of the document ${jsonMs.toFixed(2)} ms (ratio ${(htmlMs / jsonMs).toFixed(1)})`);
console.log(`size: HTML ${kib(Buffer.byteLength(html))} = bundle ${kib(bundle)} + document ${kib(Buffer.byteLength(json))} (the page is ${(Buffer.byteLength(html) / bundle).toFixed(2)}× the bundle alone)`);

// Drawing, in headless Chromium.
const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-report-bench-'));
const pages = {
  empty: renderReportHtml(lensDocument({ version: 'bench', now: new Date(0) }), assets),
  fixture: html,
  worst: renderReportHtml(worst, assets),
};
for (const [name, text] of Object.entries(pages)) writeFileSync(path.join(dir, `${name}.html`), text);
if (!existsSync('/usr/bin/chromium')) throw new Error('needs Debian chromium: run node scripts/vscode-test/install.mjs (or apt-get install chromium)');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
try {
  const results = {};
  for (let round = 0; round < runs + 1; round++) {
    for (const name of Object.keys(pages)) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(path.join(dir, `${name}.html`)).href);
      await page.waitForSelector('body[data-rendered]', { timeout: 30_000 });
      // Drawn means rendered and painted: wait for the frame after the flag.
      const ms = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
      const canvases = await page.evaluate(() => document.querySelectorAll('canvas').length);
      if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
      if (round > 0) (results[name] ??= { ms: [], heap: [], canvases }).ms.push(ms), results[name].heap.push(heap);
      await context.close();
    }
  }
  const base = median(results.empty.ms);
  const baseHeap = median(results.empty.heap);
  for (const [name, r] of Object.entries(results)) {
    const ms = median(r.ms);
    const heap = median(r.heap);
    console.log(`draw ${name.padEnd(7)}: ${ms.toFixed(0)} ms to rendered (${r.canvases} charts), ratio ${(ms / base).toFixed(2)} of the empty page; JS heap ${(heap / 2 ** 20).toFixed(1)} MiB (${(heap / baseHeap).toFixed(2)}×)`);
  }
  console.log(JSON.stringify({ machine, runs, exportMs: htmlMs, jsonMs, htmlBytes: Buffer.byteLength(html), bundleBytes: bundle, documentBytes: Buffer.byteLength(json), draw: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { ms: median(r.ms), heapBytes: median(r.heap), charts: r.canvases }])) }));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
