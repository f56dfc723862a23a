// Screenshot tests of the webview bundle: the pages are served on localhost exactly as a panel and the
// exported report make them (renderWebviewHtml, the CSP also sent as an HTTP header), with a stand-in for
// VS Code's acquireVsCodeApi, and rendered in headless Debian chromium by playwright-core. Each page must
// draw every chart, fill every data table, log no CSP violation and no error, and load nothing from the
// network; the interactive parts post the right messages; a theme switch redraws the charts in the new
// colours. Screenshots go to a temp folder, or to docs/screenshots/ with
// CONCURRENCY_LENS_UPDATE_SCREENSHOTS=1 (so a normal test run leaves the tree clean).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { BenchResult } from '../../src/harness/result-types';
import { lensDocument, type LensDocument } from '../../src/report/lens-document';
import type { ProfileReport } from '../../src/report/profile-report';
import { benchView } from '../../src/report/views/bench-view';
import type { ChartSpec } from '../../src/report/views/chart-spec';
import { formatValue } from '../../src/report/views/format';
import { HOTSPOT_ROWS, profileView } from '../../src/report/views/profile-view';
import { COMPUTE_PRESETS, DEFAULT_COMPUTE_NS_PER_BYTE, exploreSerialization, nsPerByteAt, sliderPositionOf } from '../../src/report/views/serialization-explorer';
import { simulate, SIMULATOR_DEFAULTS } from '../../src/report/views/simulator-model';
import { guidedTreeView, measuredTreeView } from '../../src/report/views/tree-view';
import { canvasStats, chartsSettled, drawingsSettled, ensureChromium, launchChromium, openExport, openPanel, PANEL_WIDTH, type OpenPage } from './webview-harness/browser';
import { PageServer, bundleDir, repoRoot } from './webview-harness/page-server';
import { chartRgb, type ThemeName } from './webview-harness/vscode-theme';

declare const window: any;
declare const document: any;

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'reports');
const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8')) as T;
const profile = readJson<ProfileReport>('profile-rag-pipeline.json');
const bench = readJson<BenchResult>('bench-quick.json');
const fullDoc: LensDocument = lensDocument({ version: '0.1.0', profile, bench, now: new Date('2026-11-21T10:00:00Z') });
/**
 * The same report as the editor makes it: its static findings are the whole workspace's (relative to the
 * workload's cwd), not only the workload's folder as the CLI's are. The profile panel must count and list
 * the folder's and say how many more there are elsewhere.
 */
const editorProfile: ProfileReport = (() => {
  const sa = profile.staticAnalysis as Extract<ProfileReport['staticAnalysis'], { findings: unknown }>;
  const elsewhere = ['examples/service/src/routes/files.js', 'examples/service/src/server.js', 'src/extension/export-command.ts'].map((file, i) => ({ ...sa.findings[0]!, file, line: 10 + i, chain: [] }));
  return { ...profile, staticAnalysis: { ...sa, findings: [...sa.findings, ...elsewhere] } };
})();
const editorDoc: LensDocument = lensDocument({ version: '0.1.0', profile: editorProfile, bench, now: new Date('2026-11-21T10:00:00Z') });

const updateScreenshots = process.env.CONCURRENCY_LENS_UPDATE_SCREENSHOTS === '1';
const shotDir = updateScreenshots ? path.join(repoRoot, 'docs', 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'cl-webview-shots-'));
const THEMES: ThemeName[] = ['dark', 'light'];

const chromium = ensureChromium();
const bundleBuilt = fs.existsSync(path.join(bundleDir, 'main.js')) && fs.existsSync(path.join(bundleDir, 'main.css'));
const skip = !chromium.path ? chromium.reason! : !bundleBuilt ? 'dist/webview is not built: run npm run build first' : false;

let browser: Browser;
const server = new PageServer();

before(async () => {
  if (skip) return;
  await server.start();
  browser = await launchChromium(chromium.path!);
});

after(async () => {
  await browser?.close();
  await server.stop();
  if (!skip) console.log(`webview screenshots in ${shotDir}`);
});

/** The whole page; the report (every view again, 7000 px) only its first screen, to keep docs/ small. */
async function screenshot(p: OpenPage, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(shotDir, { recursive: true });
  await p.page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage });
}

/** Nothing went wrong on the page: no CSP violation, no error, nothing fetched from elsewhere. */
async function assertClean(p: OpenPage): Promise<void> {
  assert.deepEqual(await p.cspViolations(), [], 'CSP violations');
  assert.deepEqual(p.errors, [], 'page errors');
  assert.deepEqual(p.offsite, [], 'requests outside the test server');
}

/** Every chart that has data drew it (in the theme's colours), and its table has one row per spec row. */
async function assertCharts(p: OpenPage, specs: ChartSpec[], theme: ThemeName): Promise<void> {
  const stats = await canvasStats(p.page, chartRgb(theme));
  for (const spec of specs) {
    if (spec.empty) {
      assert.equal(stats.find((s) => s.id === spec.id), undefined, `${spec.id} is empty and has no canvas`);
      continue;
    }
    const s = stats.find((x) => x.id === spec.id);
    assert.ok(s, `chart ${spec.id} has a canvas`);
    assert.ok(s.width > 200 && s.height > 150, `${spec.id} canvas has a size (${s.width}×${s.height})`);
    assert.ok(s.painted > 2000, `${spec.id} drew something (${s.painted} painted pixels)`);
    assert.ok(s.matching > 40, `${spec.id} drew its series in the ${theme} theme's chart colours (${s.matching} pixels)`);
    const rows = await p.page.locator(`#chart-${spec.id}-table tbody tr`).count();
    assert.equal(rows, spec.table.rows.length, `${spec.id} table rows`);
    const label = await p.page.locator(`#chart-${spec.id} canvas`).getAttribute('aria-label');
    assert.ok(label?.startsWith(spec.title), `${spec.id} canvas is labelled with its title`);
  }
}

/** A chart's plot area in CSS pixels, as chart-render.ts writes it on the canvas after each layout. */
async function chartArea(p: OpenPage, id: string): Promise<{ left: number; top: number; right: number; bottom: number }> {
  const attr = await p.page.locator(`#chart-${id} canvas`).getAttribute('data-chart-area');
  assert.ok(attr, `${id} canvas has data-chart-area`);
  const [left, top, right, bottom] = attr.split(',').map(Number) as [number, number, number, number];
  return { left, top, right, bottom };
}

/** Two boxes share area (touching edges do not count). */
const overlaps = (a: Box, b: Box): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The decision tree's geometry as drawn, in page pixels: each node's box, each edge label's box, each
 * edge's path sampled every 2 px, and the node text's font size on screen (its CSS size times the
 * drawing's scale).
 */
async function treeGeometry(p: OpenPage, scope = ''): Promise<{
  nodes: { key: string; id: string; box: Box }[];
  labels: { to: string; text: string; box: Box }[];
  edges: { from: string; to: string; points: [number, number][] }[];
  fontPx: number[];
  labelFontPx: number[];
  overflow: number;
}> {
  return p.page.evaluate((scope) => {
    const svgEl = document.querySelector(`${scope} svg.tree-svg`);
    const ctm = svgEl.getScreenCTM();
    const box = (r: any) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const nodes = Array.from(svgEl.querySelectorAll('g.node')).map((g: any) => ({ key: g.dataset.place, id: g.dataset.node, box: box(g.querySelector('rect').getBoundingClientRect()) }));
    const labels = Array.from(svgEl.querySelectorAll('text.edge-label')).map((t: any) => ({ to: t.dataset.to, text: t.textContent, box: box(t.getBoundingClientRect()) }));
    const edges = Array.from(svgEl.querySelectorAll('path.edge')).map((path: any) => {
      const len = path.getTotalLength();
      const points: [number, number][] = [];
      for (let d = 0; d <= len; d += 2) {
        const pt = path.getPointAtLength(d).matrixTransform(ctm);
        points.push([pt.x, pt.y]);
      }
      return { from: path.dataset.from, to: path.dataset.to, points };
    });
    const px = (sel: string) => Array.from(svgEl.querySelectorAll(sel)).map((t: any) => parseFloat(window.getComputedStyle(t).fontSize) * ctm.a);
    const wrap = svgEl.closest('.tree-wrap');
    return { nodes, labels, edges, fontPx: px('g.node > text'), labelFontPx: px('text.edge-label'), overflow: wrap.scrollWidth - wrap.clientWidth };
  }, scope);
}

/**
 * The decision tree is legible at the panel's width and untangled: node text of 11 px or more on screen,
 * no sideways scrolling, no two edge labels overlapping, no label on a node box, and no edge passing
 * through a node box (other than the two it joins, which it only touches) or over another edge's label.
 */
async function assertTreeLegible(p: OpenPage, scope = ''): Promise<void> {
  const g = await treeGeometry(p, scope);
  assert.ok(g.nodes.length > 20 && g.edges.length > 20 && g.labels.length === g.edges.length, 'the tree was drawn');
  assert.ok(Math.min(...g.fontPx) >= 11, `node text at least 11 px (smallest ${Math.min(...g.fontPx).toFixed(1)} px)`);
  assert.ok(Math.min(...g.labelFontPx) >= 11, `edge labels at least 11 px (smallest ${Math.min(...g.labelFontPx).toFixed(1)} px)`);
  assert.ok(g.overflow <= 0, `the tree fits its frame without scrolling sideways (${g.overflow} px too wide)`);
  for (let i = 0; i < g.labels.length; i++) {
    for (let j = i + 1; j < g.labels.length; j++) assert.ok(!overlaps(g.labels[i]!.box, g.labels[j]!.box), `edge labels into ${g.labels[i]!.to} and ${g.labels[j]!.to} overlap`);
    for (const n of g.nodes) assert.ok(!overlaps(g.labels[i]!.box, n.box), `the edge label into ${g.labels[i]!.to} overlaps node ${n.key}`);
  }
  for (let i = 0; i < g.nodes.length; i++) for (let j = i + 1; j < g.nodes.length; j++) assert.ok(!overlaps(g.nodes[i]!.box, g.nodes[j]!.box), `nodes ${g.nodes[i]!.key} and ${g.nodes[j]!.key} overlap`);
  const inside = (b: Box, [x, y]: [number, number], inset: number): boolean =>
    x > b.left + inset && x < b.right - inset && y > b.top + inset && y < b.bottom - inset;
  for (const e of g.edges) {
    for (const n of g.nodes) {
      // The edge may touch the two boxes it joins at their sides; it may pass through no box.
      const inset = n.key === e.from || n.key === e.to ? 1.5 : -1;
      const hit = e.points.find((pt) => inside(n.box, pt, inset));
      assert.equal(hit, undefined, `the edge ${e.from} → ${e.to} crosses node ${n.key} at ${hit}`);
    }
    for (const l of g.labels) {
      if (l.to === e.to) continue;
      const hit = e.points.find((pt) => inside(l.box, pt, 0));
      assert.equal(hit, undefined, `the edge ${e.from} → ${e.to} runs over the label "${l.text}" of the edge into ${l.to}`);
    }
  }
}

/** What chart-render.ts writes on a canvas: its legend entries and its marker labels' boxes. */
async function chartAnnotations(
  p: OpenPage,
  id: string,
): Promise<{ legend: { text: string; hidden: boolean; color: string }[]; labels: (Box & { text: string })[]; area: Box }> {
  const c = p.page.locator(`#chart-${id} canvas`);
  const [legend, labels] = await Promise.all([c.getAttribute('data-legend'), c.getAttribute('data-marker-labels')]);
  return { legend: JSON.parse(legend ?? '[]'), labels: JSON.parse(labels ?? '[]'), area: await chartArea(p, id) };
}

/** Marker labels are all inside the plot area and none overlaps another. */
function assertMarkerLabels(id: string, a: Awaited<ReturnType<typeof chartAnnotations>>): void {
  for (const l of a.labels) {
    assert.ok(l.left >= a.area.left && l.right <= a.area.right + 0.5 && l.top >= a.area.top && l.bottom <= a.area.bottom + 0.5, `${id}: label "${l.text}" inside the plot area (${JSON.stringify(l)} in ${JSON.stringify(a.area)})`);
  }
  for (let i = 0; i < a.labels.length; i++) for (let j = i + 1; j < a.labels.length; j++) assert.ok(!overlaps(a.labels[i]!, a.labels[j]!), `${id}: labels "${a.labels[i]!.text}" and "${a.labels[j]!.text}" overlap`);
}

const canvasWidth = (p: OpenPage, id: string): Promise<number> => p.page.locator(`#chart-${id} canvas`).evaluate((c: any) => c.clientWidth);

/** Sends 'show' again, as the extension does after a new profile or bench run, and waits for the redraw. */
async function showAgain(p: OpenPage, panel: string, doc: LensDocument | null): Promise<void> {
  await p.page.evaluate(() => document.querySelector('[data-view]').setAttribute('data-stale', ''));
  await p.page.evaluate((m) => window.postMessage(m, '*'), { type: 'show', panel, document: doc });
  await p.page.waitForFunction(() => document.querySelector('[data-view]') && !document.querySelector('[data-stale]'));
  await drawingsSettled(p.page);
}

describe('webview in headless chromium', { skip }, () => {
  const pView = profileView(profile);
  const bView = benchView(bench);

  for (const theme of THEMES) {
    test(`profile panel, ${theme}: verdict, four charts with tables, hotspots that open the source`, async () => {
      const p = await openPanel(browser, server, { panel: 'profile', theme, document: editorDoc });
      try {
        assert.equal(await p.page.locator('.verdict .headline').textContent(), pView.verdict.headline);
        await assertCharts(p, pView.charts, theme);
        // Delay (left axis only) and busy share with CPU (left and right axes) on one time axis: the same
        // plot area, so a blocked stretch sits over the CPU dip at the same x pixels.
        const delay = await chartArea(p, 'loop-delay');
        const util = await chartArea(p, 'utilisation');
        const width = await canvasWidth(p, 'loop-delay');
        assert.equal(width, await canvasWidth(p, 'utilisation'), 'the two time charts are equally wide');
        assert.equal(delay.left, util.left, 'plot areas start at the same x');
        assert.equal(delay.right, util.right, 'plot areas end at the same x');
        assert.ok(delay.right - delay.left > 0.6 * width, `a wide plot area (${delay.left}..${delay.right} of ${width})`);
        // The verdict gives the closest call's margin, not a confidence of 100 %.
        const verdictText = (await p.page.locator('.verdict').textContent())!;
        assert.doesNotMatch(verdictText, /confidence/i);
        assert.match(verdictText, /closest call: step \d+, margin \d+ points/);
        // The code sketch is one block: no background of its own on the <code> (VS Code's webview styles
        // give every <code> one), and it wraps instead of scrolling sideways.
        const sketch = await p.page.locator('.verdict pre').evaluate((pre: any) => ({
          codeBackground: window.getComputedStyle(pre.querySelector('code')).backgroundColor,
          codeDisplay: window.getComputedStyle(pre.querySelector('code')).display,
          overflow: pre.scrollWidth - pre.clientWidth,
        }));
        assert.equal(sketch.codeBackground, 'rgba(0, 0, 0, 0)', 'no band behind each line');
        assert.equal(sketch.codeDisplay, 'block');
        assert.ok(sketch.overflow <= 0, `the sketch does not scroll sideways (${sketch.overflow} px)`);
        // Exactly HOTSPOT_ROWS rows show, every one whole, and "Show all" shows the rest.
        const rows = p.page.locator('#hotspot-table tbody tr');
        assert.equal(await rows.count(), pView.hotspots.length);
        assert.ok(pView.hotspots.length > HOTSPOT_ROWS, 'the fixture has more hotspots than show at first');
        const visibleRows = () => p.page.locator('#hotspot-table tbody tr:visible').count();
        assert.equal(await visibleRows(), HOTSPOT_ROWS);
        const clipped = await p.page.locator('#hotspot-table').evaluate((t: any) => {
          const clip = t.parentElement.getBoundingClientRect();
          return Array.from(t.querySelectorAll('tbody tr')).filter((r: any) => !r.hidden).filter((r: any) => r.getBoundingClientRect().bottom > clip.bottom + 0.5).length;
        });
        assert.equal(clipped, 0, 'no row cut off by its frame');
        // The empty bytes-between-threads chart is one line, not a box.
        const empty = pView.charts.find((c) => c.empty);
        if (empty) {
          const h = await p.page.locator(`#chart-${empty.id}`).evaluate((f: any) => f.getBoundingClientRect().height);
          assert.ok(h < 45, `the empty ${empty.id} card is one line (${h} px tall)`);
        }
        // Static findings: the count is the workload's folder's, and the ones elsewhere are said to be elsewhere.
        const staticView = profileView(editorProfile);
        assert.equal(await p.page.locator('#profile-static-heading').textContent(), `Static findings (${staticView.staticFindings.length})`);
        assert.equal(
          await p.page.locator('#profile-static .static-scope').textContent(),
          `${staticView.staticFindings.length} finding in the workload’s folder, ${staticView.staticScope.folder}/. ${staticView.staticScope.elsewhere} more elsewhere in the workspace are not listed (the Problems panel has them).`,
        );
        assert.equal(await p.page.locator('#profile-static tbody tr').count(), staticView.staticFindings.length);
        await screenshot(p, `profile-${theme}`);
        await p.page.getByRole('button', { name: `Show all ${pView.hotspots.length} hotspots` }).click();
        assert.equal(await visibleRows(), pView.hotspots.length);
        await p.page.getByRole('button', { name: `Show the top ${HOTSPOT_ROWS} only` }).click();
        assert.equal(await visibleRows(), HOTSPOT_ROWS);

        // The second hotspot's location button (not the first, so a wrong index shows).
        const h = pView.hotspots[1] ?? pView.hotspots[0]!;
        const row = pView.hotspots.indexOf(h);
        await p.page.locator('#hotspot-table tbody tr').nth(row).getByRole('button').click();
        const last = (await p.posted()).at(-1);
        assert.deepEqual(last, h.column ? { type: 'openSource', file: h.file, line: h.line, column: h.column } : { type: 'openSource', file: h.file, line: h.line });
        // From the keyboard: focus the first line-to-change button and press Enter.
        const line = pView.verdict.lines[0];
        if (line) {
          await p.page.locator('.lines-to-change button').first().focus();
          await p.page.keyboard.press('Enter');
          assert.deepEqual((await p.posted()).at(-1), { type: 'openSource', file: line.file, line: line.line });
        }
        await p.page.getByRole('button', { name: 'Show the decision path' }).click();
        assert.deepEqual((await p.posted()).at(-1), { type: 'showPanel', panel: 'tree' });
        await p.page.getByRole('button', { name: 'Export report' }).click();
        assert.deepEqual((await p.posted()).at(-1), { type: 'exportReport' });
        await assertClean(p);
      } finally {
        await p.close();
      }
    });

    test(`bench panel, ${theme}: machine line and five charts with tables`, async () => {
      const p = await openPanel(browser, server, { panel: 'bench', theme, document: fullDoc });
      try {
        assert.equal(await p.page.locator('.machine').textContent(), bView.machine);
        await assertCharts(p, bView.charts, theme);
        const explorerAt = (ns: number) => exploreSerialization(bench.serialization!, ns);
        await assertCharts(p, [explorerAt(DEFAULT_COMPUTE_NS_PER_BYTE).chart], theme);
        // No legend entry starts hidden (struck through), and no chart's marker labels overlap or leave the plot.
        for (const spec of [...bView.charts, explorerAt(DEFAULT_COMPUTE_NS_PER_BYTE).chart].filter((c) => !c.empty)) {
          const a = await chartAnnotations(p, spec.id);
          assert.deepEqual(a.legend.map((l) => l.text), spec.series.map((x) => x.label), `${spec.id}: one legend entry per series`);
          assert.deepEqual(a.legend.filter((l) => l.hidden).map((l) => l.text), [], `${spec.id}: no hidden legend entry`);
          assert.equal(a.labels.length, spec.markers.filter((m) => m.label && m.kind !== 'x-range').length, `${spec.id}: every marker label drawn (${JSON.stringify(a.labels)})`);
          assertMarkerLabels(spec.id, a);
        }
        // The speedup chart's "best measured" label is whole and inside the plot.
        const speedup = await chartAnnotations(p, 'cpu-speedup');
        assert.ok(speedup.labels.some((l) => l.text.startsWith('best measured')), 'the best-measured label is drawn');
        // The payload chart's crossover labels read left to right in the order of their compute times.
        const payload = await chartAnnotations(p, 'serialization');
        const byX = [...payload.labels].sort((a, b) => a.left - b.left).map((l) => l.text);
        assert.deepEqual(byX, [...bench.serialization!.crossovers].sort((a, b) => a.computeMs - b.computeMs).map((c) => formatValue(c.computeMs, 'ms')));
        // The fitted clone line and the measured clone points are told apart by colour.
        const explorer = await chartAnnotations(p, 'serialization-explorer');
        const colourOf = (label: string) => explorer.legend.find((l) => l.text === label)?.color;
        assert.ok(colourOf('Structured clone round trip (fit)') && colourOf('Structured clone (measured)'));
        assert.notEqual(colourOf('Structured clone round trip (fit)'), colourOf('Structured clone (measured)'));
        assert.equal(new Set(explorer.legend.map((l) => l.color)).size, explorer.legend.length, 'each explorer series has its own colour');
        // One spelling: British in the text, the suite's id only where it is a command.
        const text = (await p.page.locator('main').innerText()).replace(/--suite serialization/g, '');
        assert.doesNotMatch(text, /serializ/i);
        const labels = await p.page.locator('canvas').evaluateAll((cs: any[]) => cs.map((c) => c.getAttribute('aria-label') ?? '').join(' '));
        assert.doesNotMatch(labels, /serializ/i);
        await screenshot(p, `bench-${theme}`);
        await assertClean(p);
      } finally {
        await p.close();
      }
    });

    test(`tree panel with a profile, ${theme}: the measured path highlighted, evidence at each step, the leaf`, async () => {
      const p = await openPanel(browser, server, { panel: 'tree', theme, document: fullDoc });
      try {
        const view = measuredTreeView(profile);
        assert.equal(await p.page.locator('[data-mode=measured]').count(), 1);
        assert.equal(await p.page.locator('.tree-svg g.node').count(), view.layout.nodes.length, 'every node drawn');
        assert.deepEqual(await p.page.locator('.tree-svg g.node.taken').evaluateAll((gs: any[]) => gs.map((g) => g.dataset.node).sort()), [...view.path].sort());
        await assertTreeLegible(p);
        // The steps give the margin of their deciding measurement; no "confidence 100 %" anywhere.
        const page = (await p.page.locator('main').innerText())!;
        assert.doesNotMatch(page, /confidence/i);
        assert.equal(await p.page.locator('.tree-steps > li.taken .badge.margin').count(), view.path.length);
        assert.match((await p.page.locator('.leaf-box .closest-call').textContent())!, new RegExp(`^Closest call: step ${view.closestCall!.step} \\(`));
        assert.equal(await p.page.locator(`.tree-svg g.node.leaf[data-node="${view.leaf!.id}"]`).count(), 1);
        assert.equal(await p.page.locator('.tree-svg path.edge.taken').count(), view.edges.filter((e) => e.state === 'taken').length);
        assert.equal(await p.page.locator('.tree-steps > li.taken').count(), view.path.length);
        const firstTest = view.nodes[view.path[0]!]!.tests![0]!.text;
        assert.ok((await p.page.locator('.tree-steps').textContent())!.includes(firstTest), 'the first step shows its measured test');
        assert.equal(await p.page.locator('.leaf-box .model').textContent(), `${view.leaf!.type} → ${view.leaf!.model}`);
        await screenshot(p, `tree-measured-${theme}`);
        // The leaf's lines open the source; "See the profile charts" asks for the profile view.
        await p.page.locator('.leaf-box .lines-to-change button').first().click();
        assert.deepEqual((await p.posted()).at(-1), { type: 'openSource', file: view.lines![0]!.file, line: view.lines![0]!.line });
        await p.page.getByRole('button', { name: 'See the profile charts' }).click();
        assert.deepEqual((await p.posted()).at(-1), { type: 'showPanel', panel: 'profile' });
        // The reader can switch to the guided mode even with a profile.
        await p.page.getByRole('button', { name: 'Answer the questions yourself' }).click();
        assert.equal(await p.page.locator('.question .q').textContent(), guidedTreeView({}).pending!.question);
        await assertClean(p);
      } finally {
        await p.close();
      }
    });

    test(`tree panel without a profile, ${theme}: guided mode walks the tree with Yes/No, back and reset, kept in state`, async () => {
      const p = await openPanel(browser, server, { panel: 'tree', theme, document: null });
      try {
        const question = () => p.page.locator('.question .q').textContent();
        const answers: Record<string, 'yes' | 'no'> = {};
        assert.equal(await question(), guidedTreeView({}).pending!.question);
        assert.ok(await p.page.locator('.question .q').evaluate((q: any) => q.ownerDocument.activeElement !== q), 'focus is not moved on first load');
        // Walk to a leaf: yes, no, yes, no (active → copies → main-busy → cpu-while-busy → sync-io).
        for (const a of ['yes', 'no', 'yes', 'no'] as const) {
          const pending = guidedTreeView(answers).pending!;
          assert.equal(await question(), pending.question);
          await p.page.getByRole('button', { name: a === 'yes' ? 'Yes' : 'No', exact: true }).click();
          answers[pending.id] = a;
          const next = guidedTreeView(answers);
          if (next.pending) {
            assert.equal(await question(), next.pending.question, 'the pending question moved');
            assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'tree-question', 'focus follows the question');
          }
          assert.deepEqual((await p.page.evaluate(() => window.__state)).answers, answers, 'answers kept with setState');
        }
        const done = guidedTreeView(answers);
        assert.ok(done.leaf, 'the walk ended at a leaf');
        assert.equal(await p.page.locator(`.tree-svg g.node.leaf[data-node="${done.leaf.id}"]`).count(), 1);
        assert.equal(await p.page.locator('.leaf-box .model').textContent(), `${done.leaf.type} → ${done.leaf.model}${done.leaf.alreadyRight ? ' (already in place)' : ''}`);
        await assertTreeLegible(p);
        await screenshot(p, `tree-guided-${theme}`);
        await p.page.getByRole('button', { name: 'Back' }).click();
        assert.equal(await question(), guidedTreeView({ active: 'yes', copies: 'no', 'main-busy': 'yes' }).pending!.question);
        await p.page.getByRole('button', { name: 'Start again' }).click();
        assert.equal(await question(), guidedTreeView({}).pending!.question);
        assert.deepEqual((await p.page.evaluate(() => window.__state)).answers ?? {}, {});
        await assertClean(p);
      } finally {
        await p.close();
      }
    });

    test(`simulator panel, ${theme}: three models drawn, sliders re-run the schedule`, async () => {
      const p = await openPanel(browser, server, { panel: 'simulator', theme, document: null });
      try {
        await chartsSettled(p.page);
        const [stats] = await canvasStats(p.page, chartRgb(theme), '#sim-canvas');
        assert.ok(stats && stats.matching > 500, `the lanes are drawn in the theme's colours (${stats?.matching})`);
        const makespan = (model: string) => p.page.locator(`#sim-table tr[data-model="${model}"] .makespan`).textContent();
        const base = simulate({ tasks: SIMULATOR_DEFAULTS.tasks, ioShare: SIMULATOR_DEFAULTS.ioShare, workers: SIMULATOR_DEFAULTS.workers });
        assert.equal(await makespan('worker-pool'), formatValue(base.models['worker-pool'].makespanMs, 'ms'));
        await screenshot(p, `simulator-${theme}`);
        await p.page.locator('#sim-tasks').fill('60');
        await p.page.locator('#sim-workers').focus();
        await p.page.keyboard.press('ArrowRight');
        const moved = simulate({ tasks: 60, ioShare: SIMULATOR_DEFAULTS.ioShare, workers: SIMULATOR_DEFAULTS.workers + 1 });
        assert.equal(await makespan('worker-pool'), formatValue(moved.models['worker-pool'].makespanMs, 'ms'));
        assert.equal(await makespan('event-loop'), formatValue(moved.models['event-loop'].makespanMs, 'ms'));
        await assertClean(p);
      } finally {
        await p.close();
      }
    });

    test(`exported report, ${theme} (prefers-color-scheme): every view on one page, no buttons to the editor`, async () => {
      const p = await openExport(browser, server, { panel: 'report', document: fullDoc, colorScheme: theme });
      try {
        await assertCharts(p, [...pView.charts, ...bView.charts], theme === 'dark' ? 'dark' : 'light');
        assert.equal(await p.page.locator('button.source-ref').count(), 0, 'no jump-to-source buttons without an extension');
        assert.ok((await p.page.locator('code.source-ref').count()) > 0, 'locations shown as text');
        assert.equal(await p.page.locator('#tree .tree-svg g.node.leaf').count(), 1, 'the decision tree with its leaf');
        await assertTreeLegible(p, '#tree');
        assert.equal(await p.page.locator('#simulator #sim-canvas').count(), 1, 'the simulator');
        assert.equal(await p.page.locator('#bench [data-explorer] input[type=range]').count(), 1, 'the explorer');
        assert.deepEqual(await p.page.locator('.report-nav a').evaluateAll((as: any[]) => as.map((a) => a.getAttribute('href'))), ['#profile', '#tree', '#bench', '#simulator']);
        await screenshot(p, `report-${theme}`, false);
        await assertClean(p);
      } finally {
        await p.close();
      }
    });
  }

  test('empty panels offer to run what is missing', async () => {
    const p = await openPanel(browser, server, { panel: 'profile', theme: 'dark', document: null });
    try {
      await p.page.getByRole('button', { name: 'Profile workload' }).click();
      assert.deepEqual((await p.posted()).at(-1), { type: 'runProfile' });
      await p.page.evaluate((m) => window.postMessage(m, '*'), { type: 'show', panel: 'bench', document: null });
      await p.page.waitForFunction(() => document.body.dataset.rendered === 'bench');
      await p.page.getByRole('button', { name: 'Run benchmarks' }).click();
      assert.deepEqual((await p.posted()).at(-1), { type: 'runBenchmarks' });
      await p.page.evaluate((m) => window.postMessage(m, '*'), { type: 'busy', text: 'Running benchmarks…' });
      await p.page.waitForFunction(() => document.querySelector('.status[role=status]')?.textContent === 'Running benchmarks…' && !document.querySelector('.status').hidden);
      await p.page.evaluate((m) => window.postMessage(m, '*'), { type: 'busy', text: null });
      await p.page.waitForFunction(() => document.querySelector('.status').hidden);
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('bench panel with a Python result (bench --python): Python machine line, Python modes, the article beside them, no Node explorer', async () => {
    const pyBench = readJson<BenchResult>('bench-python-quick.json');
    const pyDoc = lensDocument({ version: '0.1.0', bench: pyBench, now: new Date('2026-12-05T10:00:00Z') });
    const view = benchView(pyBench);
    const p = await openPanel(browser, server, { panel: 'bench', theme: 'dark', document: pyDoc });
    try {
      assert.equal(await p.page.locator('.machine').textContent(), view.machine);
      assert.match(view.machine, /Python 3\.\d+\.\d+ \(cpython/);
      await assertCharts(p, view.charts, 'dark');
      for (const spec of view.charts.filter((c) => !c.empty)) {
        const a = await chartAnnotations(p, spec.id);
        assert.deepEqual(a.legend.map((l) => l.text), spec.series.map((x) => x.label), `${spec.id}: one legend entry per series`);
      }
      const cpu = await chartAnnotations(p, 'cpu-speedup');
      assert.ok(['tokenize · threads', 'tokenize · processes', 'article · threads', 'article · processes'].every((l) => cpu.legend.some((e) => e.text === l)), JSON.stringify(cpu.legend));
      const hybrid = await chartAnnotations(p, 'hybrid-qps');
      assert.deepEqual(hybrid.legend.map((l) => l.text), ['Queries per second', 'Article (4 cores)']);
      assert.equal(await p.page.locator('[data-explorer]').count(), 0, "the explorer models Node's transfer modes only");
      await screenshot(p, 'bench-python-dark');
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('the serialisation explorer: the slider and the presets move the crossover; the setting is kept', async () => {
    const p = await openPanel(browser, server, { panel: 'bench', theme: 'dark', document: fullDoc });
    try {
      const crossoverText = () => p.page.locator('#explorer-crossover-value').textContent();
      const expected = (ns: number) => {
        const v = exploreSerialization(bench.serialization!, ns);
        return v.crossoverBytes === null ? 'none' : formatValue(v.crossoverBytes, 'bytes');
      };
      const first = await crossoverText();
      assert.equal(first, expected(DEFAULT_COMPUTE_NS_PER_BYTE));
      const canvasUrl = () => p.page.evaluate(() => document.querySelector('#chart-serialization-explorer canvas').toDataURL());
      const before = await canvasUrl();
      const position = sliderPositionOf(DEFAULT_COMPUTE_NS_PER_BYTE) + 20;
      await p.page.locator('#explorer-compute').fill(String(position));
      assert.equal(await crossoverText(), expected(nsPerByteAt(position)));
      assert.notEqual(await crossoverText(), first, 'the crossover moved');
      await chartsSettled(p.page);
      assert.notEqual(await canvasUrl(), before, 'the chart was redrawn');
      assert.equal((await p.page.evaluate(() => window.__state)).computeNsPerByte, nsPerByteAt(position));
      // From the keyboard: one step right.
      await p.page.locator('#explorer-compute').press('ArrowRight');
      assert.equal(await crossoverText(), expected(nsPerByteAt(position + 1)));
      await p.page.locator('[data-preset=heavy]').click();
      const heavy = COMPUTE_PRESETS.find((x) => x.id === 'heavy')!;
      assert.equal(await crossoverText(), expected(heavy.nsPerByte));
      assert.equal(await p.page.locator('[data-preset=heavy]').getAttribute('aria-pressed'), 'true');
      await assertClean(p);
    } finally {
      await p.close();
    }
    // A reopened panel starts from the kept setting.
    const again = await openPanel(browser, server, { panel: 'bench', theme: 'light', document: fullDoc, state: { panel: 'bench', computeNsPerByte: 500 } });
    try {
      const v = exploreSerialization(bench.serialization!, 500);
      assert.equal(await again.page.locator('#explorer-crossover-value').textContent(), v.crossoverBytes === null ? 'none' : formatValue(v.crossoverBytes, 'bytes'));
      assert.equal(await again.page.locator('#explorer-compute').inputValue(), String(sliderPositionOf(500)));
    } finally {
      await again.close();
    }
    // A setting past the slider's end (1e308 ns per byte) is not restored: the default shows.
    const huge = await openPanel(browser, server, { panel: 'bench', theme: 'dark', document: fullDoc, state: { panel: 'bench', computeNsPerByte: 1e308 } });
    try {
      assert.equal(await huge.page.locator('#explorer-compute').inputValue(), String(sliderPositionOf(DEFAULT_COMPUTE_NS_PER_BYTE)));
      assert.equal(await huge.page.locator('#explorer-crossover-value').textContent(), (() => {
        const v = exploreSerialization(bench.serialization!, DEFAULT_COMPUTE_NS_PER_BYTE);
        return v.crossoverBytes === null ? 'none' : formatValue(v.crossoverBytes, 'bytes');
      })());
    } finally {
      await huge.close();
    }
  });

  test('the simulator keeps its sliders over a new document and a reload, and each redraw leaves no observer or listener behind', async () => {
    const p = await openPanel(browser, server, { panel: 'simulator', theme: 'dark', document: null });
    try {
      const makespan = (model: string) => p.page.locator(`#sim-table tr[data-model="${model}"] .makespan`).textContent();
      // Count what each redraw leaves attached: ResizeObserver targets and theme-event listeners.
      await p.page.evaluate(() => {
        const live = { observed: 0, themeListeners: 0 };
        window.__live = live;
        const Native = window.ResizeObserver;
        window.ResizeObserver = class extends Native {
          n = 0;
          observe(t: any, o?: any) {
            this.n++;
            live.observed++;
            return super.observe(t, o);
          }
          unobserve(t: any) {
            this.n--;
            live.observed--;
            return super.unobserve(t);
          }
          disconnect() {
            live.observed -= this.n;
            this.n = 0;
            return super.disconnect();
          }
        };
        const add = window.addEventListener.bind(window);
        const remove = window.removeEventListener.bind(window);
        window.addEventListener = (type: string, fn: any, o?: any) => (type === 'lens-theme-change' && live.themeListeners++, add(type, fn, o));
        window.removeEventListener = (type: string, fn: any, o?: any) => (type === 'lens-theme-change' && live.themeListeners--, remove(type, fn, o));
      });
      await p.page.locator('#sim-tasks').fill('60');
      await p.page.locator('#sim-workers').focus();
      await p.page.keyboard.press('ArrowRight');
      await p.page.locator('#sim-ioShare').focus();
      await p.page.keyboard.press('ArrowLeft');
      const want = { tasks: 60, ioShare: SIMULATOR_DEFAULTS.ioShare - 0.05, workers: SIMULATOR_DEFAULTS.workers + 1 };
      assert.deepEqual((await p.page.evaluate(() => window.__state)).sim, want, 'the sliders are kept with setState');
      const moved = simulate(want);
      // A new profile and a new bench result arrive while the panel is open.
      await showAgain(p, 'simulator', lensDocument({ version: '0.1.0', profile }));
      await showAgain(p, 'simulator', fullDoc);
      await showAgain(p, 'simulator', fullDoc);
      assert.equal(await p.page.locator('#sim-tasks').inputValue(), '60');
      assert.equal(await p.page.locator('#sim-workers').inputValue(), String(want.workers));
      assert.equal(Number(await p.page.locator('#sim-ioShare').inputValue()), want.ioShare);
      assert.equal(await p.page.locator('#sim-ioShare-output').textContent(), formatValue(want.ioShare, 'share'));
      assert.equal(await makespan('worker-pool'), formatValue(moved.models['worker-pool'].makespanMs, 'ms'));
      const live = await p.page.evaluate(() => window.__live);
      assert.ok(live.observed <= 1, `at most one element observed for resizes after three redraws (${live.observed})`);
      assert.ok(live.themeListeners <= 1, `at most one theme listener after three redraws (${live.themeListeners})`);
      // The canvas still repaints on a theme switch and draws in the new colours.
      await p.page.evaluate(() => window.__applyVsCodeTheme('light'));
      await chartsSettled(p.page);
      const [stats] = await canvasStats(p.page, chartRgb('light'), '#sim-canvas');
      assert.ok(stats && stats.matching > 500, `repainted in the light theme's colours (${stats?.matching})`);
      await assertClean(p);
    } finally {
      await p.close();
    }
    // A reload: the page starts from the saved sliders; a state the page could not have saved is dropped.
    const again = await openPanel(browser, server, { panel: 'simulator', theme: 'light', document: null, state: { panel: 'simulator', sim: { tasks: 12, ioShare: 0.8, workers: 2 } } });
    try {
      assert.equal(await again.page.locator('#sim-tasks').inputValue(), '12');
      assert.equal(await again.page.locator('#sim-workers').inputValue(), '2');
      assert.equal(await again.page.locator('#sim-table tr[data-model="event-loop"] .makespan').textContent(), formatValue(simulate({ tasks: 12, ioShare: 0.8, workers: 2 }).models['event-loop'].makespanMs, 'ms'));
    } finally {
      await again.close();
    }
    const bad = await openPanel(browser, server, { panel: 'simulator', theme: 'light', document: null, state: { panel: 'simulator', sim: { tasks: 1e9, ioShare: 0.5, workers: 4 } } as never });
    try {
      assert.equal(await bad.page.locator('#sim-tasks').inputValue(), String(SIMULATOR_DEFAULTS.tasks));
    } finally {
      await bad.close();
    }
  });

  test('the tree is laid out again for a new panel width, legible at each', async () => {
    const p = await openPanel(browser, server, { panel: 'tree', theme: 'dark', document: fullDoc });
    try {
      const drawnAt = () => p.page.locator('.tree-wrap').getAttribute('data-drawn-width');
      const first = Number(await drawnAt());
      assert.ok(first > 0 && first < PANEL_WIDTH, `drawn for the panel's width (${first})`);
      let before = first;
      for (const width of [1100, 560, PANEL_WIDTH]) {
        await p.page.setViewportSize({ width, height: 900 });
        await p.page.waitForFunction((b) => document.querySelector('.tree-wrap').dataset.drawnWidth !== String(b), before);
        await drawingsSettled(p.page);
        await assertTreeLegible(p);
        before = Number(await drawnAt());
      }
      assert.equal(Number(await drawnAt()), first, 'back at the first width, the same layout');
      assert.equal(await p.page.locator('.tree-wrap svg.tree-svg').count(), 1, 'one drawing, replaced on each resize');
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('the tree keeps guided mode and its answers when a new document arrives', async () => {
    const p = await openPanel(browser, server, { panel: 'tree', theme: 'dark', document: fullDoc });
    try {
      assert.equal(await p.page.locator('[data-mode=measured]').count(), 1);
      await p.page.getByRole('button', { name: 'Answer the questions yourself' }).click();
      const first = guidedTreeView({}).pending!;
      await p.page.getByRole('button', { name: 'Yes', exact: true }).click();
      const second = guidedTreeView({ [first.id]: 'yes' }).pending!;
      assert.equal(await p.page.locator('.question .q').textContent(), second.question);
      assert.equal((await p.page.evaluate(() => window.__state)).treeMode, 'guided');
      await showAgain(p, 'tree', fullDoc);
      assert.equal(await p.page.locator('[data-mode=guided]').count(), 1, 'still guided after a live update');
      assert.equal(await p.page.locator('.question .q').textContent(), second.question, 'the answer is kept');
      // And back: the measured path is kept over an update as well.
      await p.page.getByRole('button', { name: 'Show the measured path' }).click();
      await showAgain(p, 'tree', fullDoc);
      assert.equal(await p.page.locator('[data-mode=measured]').count(), 1, 'measured after a live update');
      assert.equal((await p.page.evaluate(() => window.__state)).treeMode, 'measured');
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('a reopened tree panel resumes the guided answers from its saved state', async () => {
    const p = await openPanel(browser, server, { panel: 'tree', theme: 'light', document: null, state: { panel: 'tree', answers: { active: 'yes' } } });
    try {
      assert.equal(await p.page.locator('.question .q').textContent(), guidedTreeView({ active: 'yes' }).pending!.question);
      assert.deepEqual((await p.posted())[0], { type: 'ready', panel: 'tree' });
    } finally {
      await p.close();
    }
  });

  test('a profile run with --flamegraph offers to open it, in the editor or outside', async () => {
    const withFlame = lensDocument({ version: '0.1.0', profile: { ...profile, flamegraph: { htmlFile: '/tmp/profile/flamegraph.html' } } });
    const p = await openPanel(browser, server, { panel: 'profile', theme: 'light', document: withFlame });
    try {
      await p.page.getByRole('button', { name: 'Open flamegraph', exact: true }).click();
      assert.deepEqual((await p.posted()).at(-1), { type: 'openFlamegraph', where: 'editor' });
      await p.page.getByRole('button', { name: 'Open flamegraph in browser' }).click();
      assert.deepEqual((await p.posted()).at(-1), { type: 'openFlamegraph', where: 'external' });
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('a VS Code theme switch redraws the charts in the new colours', async () => {
    const p = await openPanel(browser, server, { panel: 'profile', theme: 'dark', document: fullDoc });
    try {
      // Orange is the same in both themes; the other five differ, so they tell the themes apart.
      const darkOnly = chartRgb('dark').filter((c) => !chartRgb('light').some((l) => l.join() === c.join()));
      const lightOnly = chartRgb('light').filter((c) => !chartRgb('dark').some((d) => d.join() === c.join()));
      const count = async (colors: [number, number, number][]): Promise<number> => (await canvasStats(p.page, colors)).reduce((n, s) => n + s.matching, 0);
      const darkBefore = await count(darkOnly);
      assert.ok(darkBefore > 100, `dark colours drawn first (${darkBefore})`);
      assert.equal(await count(lightOnly), 0, 'no light colours before the switch');
      await p.page.evaluate(() => window.__applyVsCodeTheme('light'));
      await p.page.waitForFunction(() => document.body.classList.contains('vscode-light'));
      await chartsSettled(p.page);
      await chartsSettled(p.page);
      const lightAfter = await count(lightOnly);
      assert.ok(lightAfter > 100, `light colours drawn after the switch (${lightAfter})`);
      assert.ok((await count(darkOnly)) < darkBefore / 20, 'dark colours gone after the switch');
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('the exported report follows prefers-color-scheme changes', async () => {
    const p = await openExport(browser, server, { panel: 'report', document: fullDoc, colorScheme: 'light' });
    try {
      // The export has no --vscode variables: main.css's fallbacks draw it. Their blue differs by scheme.
      const blue = (): Promise<string> => p.page.evaluate(() => window.getComputedStyle(document.body).getPropertyValue('--lens-blue').trim());
      const lightBlue = await blue();
      const before = await p.page.evaluate(() => document.querySelector('figure.chart canvas').toDataURL());
      await p.page.emulateMedia({ colorScheme: 'dark' });
      await chartsSettled(p.page);
      await chartsSettled(p.page);
      assert.notEqual(await blue(), lightBlue);
      const afterUrl = await p.page.evaluate(() => document.querySelector('figure.chart canvas').toDataURL());
      assert.notEqual(afterUrl, before, 'the chart was redrawn');
      await assertClean(p);
    } finally {
      await p.close();
    }
  });

  test('every profile fixture renders without errors', async () => {
    for (const name of fs.readdirSync(fixtures).filter((f) => f.startsWith('profile-'))) {
      const report = readJson<ProfileReport>(name);
      const p = await openPanel(browser, server, { panel: 'profile', theme: 'dark', document: lensDocument({ version: '0.1.0', profile: report }) });
      try {
        await assertCharts(p, profileView(report).charts, 'dark');
        await assertClean(p);
      } finally {
        await p.close();
      }
    }
  });
});
