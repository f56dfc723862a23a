// The exported report: the self-contained page (its CSP, its nonce, its embedded document, nothing
// loaded from the network), the atomic writes, and `concurrency-lens report` end to end through the
// built CLI, with every failure mode and its exit code. The quick benchmark suite never runs here: each
// run gets a results folder holding the fixture result, or --no-bench.
import assert from 'node:assert/strict';
import { runCli, type CliRun } from './process-helpers';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { BenchResult } from '../../src/harness/result-types';
import { renderReportHtml, reportTitle, ReportWriteError, writeReportFiles } from '../../src/report/export-report';
import { lensDocument, type LensDocument } from '../../src/report/lens-document';
import type { ConfirmedFinding, ProfileReport } from '../../src/report/profile-report';
import { packageRoot } from '../../src/report/package-root';
import { readWebviewAssets, webviewDistDir } from '../../src/report/webview-assets';
import { DOCUMENT_ELEMENT_ID } from '../../src/report/webview-html';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const WORKLOADS = path.join(ROOT, 'test/fixtures/workloads');
const REPORTS = path.join(ROOT, 'test/fixtures/reports');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-report-'));
/** An empty home: the CLI must never read or write this machine's own benchmark results here. */
const HOME = path.join(TMP, 'home');
fs.mkdirSync(HOME);
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const FAKE_ASSETS = { script: 'document.getElementById("app").textContent = "drawn";', style: 'main { color: red; }' };
const profileFixture = (): ProfileReport => JSON.parse(fs.readFileSync(path.join(REPORTS, 'profile-rag-pipeline.json'), 'utf8')) as ProfileReport;
const benchFixture = (): BenchResult => JSON.parse(fs.readFileSync(path.join(REPORTS, 'bench-quick.json'), 'utf8')) as BenchResult;
const sampleDoc = (): LensDocument => lensDocument({ version: '1.2.3', profile: profileFixture(), bench: benchFixture(), benchSource: { ranForReport: false } });
let dirs = 0;
const freshDir = (name: string): string => fs.mkdtempSync(path.join(TMP, `${name}-${dirs++}-`));

/** The pieces of an exported page a browser acts on. */
function pageParts(html: string) {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
  const scriptNonces = [...html.matchAll(/<script nonce="([^"]+)">/g)].map((m) => m[1]);
  const styleNonces = [...html.matchAll(/<style nonce="([^"]+)">/g)].map((m) => m[1]);
  const data = new RegExp(`<script type="application/json" id="${DOCUMENT_ELEMENT_ID}">([\\s\\S]*?)</script>`).exec(html)?.[1];
  return { csp, scriptNonces, styleNonces, data };
}

/** Anything that would make a browser fetch from the network: a src/href/url()/@import with a scheme or //. */
function networkReferences(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:|\/\/)[^"'\s>]*|url\(\s*["']?(?:https?:|\/\/)[^)]*\)|@import\s+(?:url\()?\s*["']?(?:https?:|\/\/)[^;]*/gi)].map((m) => m[0]);
}

describe('renderReportHtml', () => {
  it('allows nothing but its own nonce: the CSP nonce is the script and style nonce', () => {
    const { csp, scriptNonces, styleNonces } = pageParts(renderReportHtml(sampleDoc(), FAKE_ASSETS));
    assert.ok(csp, 'a CSP meta element');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, csp);
    assert.match(csp, /^default-src 'none'; /);
    assert.deepEqual(scriptNonces, [nonce]);
    assert.deepEqual(styleNonces, [nonce]);
    assert.ok(csp.includes(`style-src 'nonce-${nonce}'`), csp);
    assert.ok(!/unsafe-(eval|inline)/.test(csp), csp);
  });

  it('carries the bundle inline, panel "report", and loads nothing from the network', () => {
    const html = renderReportHtml(sampleDoc(), FAKE_ASSETS);
    assert.ok(html.includes(FAKE_ASSETS.script));
    assert.ok(html.includes(FAKE_ASSETS.style));
    assert.match(html, /<body data-panel="report" data-mode="export">/);
    assert.deepEqual(networkReferences(html), []);
    assert.deepEqual(networkReferences('<img src="https://x.test/a.png"><link href=//cdn.test/x.css>'), ['src="https://x.test/a.png', 'href=//cdn.test/x.css'], 'the check itself finds network references');
  });

  it('embeds the document so that it parses back whole, whatever its strings hold', () => {
    const doc = sampleDoc();
    const sa = doc.profile!.staticAnalysis as { findings: ConfirmedFinding[] };
    sa.findings[0] = { ...sa.findings[0], message: 'ends early? </script><script>alert(1)</script> <!-- \u2028 & done' };
    const html = renderReportHtml(doc, FAKE_ASSETS);
    const { data } = pageParts(html);
    assert.ok(data, 'the document element');
    assert.deepEqual(JSON.parse(data), JSON.parse(JSON.stringify(doc)));
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the data block and the bundle close a script element');
    assert.ok(!html.includes('<script>alert(1)'));
  });

  it('draws a fresh nonce for every page, and names the workload in the title', () => {
    const a = pageParts(renderReportHtml(sampleDoc(), FAKE_ASSETS)).scriptNonces[0];
    const b = pageParts(renderReportHtml(sampleDoc(), FAKE_ASSETS)).scriptNonces[0];
    assert.notEqual(a, b);
    assert.match(renderReportHtml(sampleDoc(), FAKE_ASSETS), /<title>Concurrency Lens report: rag-pipeline\.js<\/title>/);
    assert.equal(reportTitle(lensDocument({ version: '1', bench: benchFixture() })), 'Concurrency Lens report: benchmarks');
  });
});

describe('writeReportFiles', () => {
  it('writes HTML, Markdown and JSON into new folders and returns their paths in that order, leaving no temp file', async () => {
    const dir = path.join(freshDir('write'), 'a', 'b');
    const out = { html: path.join(dir, 'r.html'), markdown: path.join(dir, 'r.md'), json: path.join(dir, 'r.json') };
    const doc = sampleDoc();
    assert.deepEqual(await writeReportFiles(doc, FAKE_ASSETS, out), [out.html, out.markdown, out.json]);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['r.html', 'r.json', 'r.md']);
    assert.deepEqual(JSON.parse(fs.readFileSync(out.json, 'utf8')), JSON.parse(JSON.stringify(doc)));
    assert.match(fs.readFileSync(out.markdown, 'utf8'), /^## Concurrency Lens: mixed → hybrid/);
    assert.match(fs.readFileSync(out.markdown, 'utf8'), /charts and the decision tree: `r\.html`/);
    assert.deepEqual(JSON.parse(pageParts(fs.readFileSync(out.html, 'utf8')).data!), JSON.parse(JSON.stringify(doc)));
    assert.deepEqual(await writeReportFiles(doc, FAKE_ASSETS, { json: out.json }), [out.json], 'only what is asked for');
  });

  it('names the file it could not write and the ones it wrote before it', async () => {
    const dir = freshDir('unwritable');
    fs.writeFileSync(path.join(dir, 'file'), 'not a folder');
    const html = path.join(dir, 'ok.html');
    const bad = path.join(dir, 'file', 'r.md');
    await assert.rejects(
      () => writeReportFiles(sampleDoc(), FAKE_ASSETS, { html, markdown: bad }),
      (e: unknown) => e instanceof ReportWriteError && e.file === bad && e.message.startsWith(`could not write ${bad}: `) && e.written.length === 1 && e.written[0] === html,
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['file', 'ok.html']);
  });
});

describe('webview assets', () => {
  it('finds dist/webview from the package root, wherever the code runs from', () => {
    assert.equal(packageRoot(), ROOT);
    assert.equal(webviewDistDir(), path.join(ROOT, 'dist', 'webview'));
    assert.equal(webviewDistDir(path.join(ROOT, 'dist')), path.join(ROOT, 'dist', 'webview'));
  });

  it('refuses a missing or empty bundle with the way to build it', async () => {
    const dir = freshDir('assets');
    await assert.rejects(() => readWebviewAssets(dir), /^Error: the webview bundle is missing: run npm run build \(.*main\.js: not found\)$/);
    fs.writeFileSync(path.join(dir, 'main.js'), 'x();');
    await assert.rejects(() => readWebviewAssets(dir), /the webview bundle is missing: run npm run build \(.*main\.css/);
    fs.writeFileSync(path.join(dir, 'main.css'), '');
    await assert.rejects(() => readWebviewAssets(dir), /the webview bundle is missing/);
    fs.writeFileSync(path.join(dir, 'main.css'), 'a{}');
    assert.deepEqual(await readWebviewAssets(dir), { script: 'x();', style: 'a{}' });
  });
});

type Ran = CliRun;

function cli(
  args: string[],
  options: { cwd?: string; cli?: string; interruptWhen?: (out: { stdout: string; stderr: string }) => boolean } = {},
): Promise<Ran> {
  return runCli(options.cli ?? CLI, args, { cwd: options.cwd ?? WORKLOADS, home: HOME, interruptWhen: options.interruptWhen });
}

/** A results folder holding the fixture quick-bench result under the name `bench` saves it as. */
function resultsWithFixture(): { dir: string; file: string } {
  const dir = freshDir('results');
  const file = path.join(dir, `bench-${benchFixture().createdAt.replace(/:/g, '-')}.json`);
  fs.copyFileSync(path.join(REPORTS, 'bench-quick.json'), file);
  return { dir, file };
}

const readJson = (file: string): LensDocument => JSON.parse(fs.readFileSync(file, 'utf8')) as LensDocument;

describe('concurrency-lens report', () => {
  it('profiles the script, adds its folder’s findings and the saved bench, and writes HTML, Markdown and JSON', async () => {
    const results = resultsWithFixture();
    const out = path.join(freshDir('e2e'), 'nested');
    const files = [path.join(out, 'x.html'), path.join(out, 'x.md'), path.join(out, 'x.json')];
    const r = await cli(['report', 'cpu-loop.js', '800', '--results-dir', results.dir, '--out', files[0], '--markdown', files[1], '--json', files[2]]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, files.map((f) => `${f}\n`).join(''), 'stdout lists the files written, nothing else');
    assert.match(r.stderr, /concurrency-lens: profiling cpu-loop\.js 800/);
    assert.match(r.stderr, /rounds \d+/, "the workload's own output goes to stderr");
    for (const f of files) assert.match(r.stderr, new RegExp(`concurrency-lens: wrote ${f.replace(/[.]/g, '\\.')}`));
    assert.deepEqual(fs.readdirSync(out).sort(), ['x.html', 'x.json', 'x.md'], 'no temp files left');

    const doc = readJson(files[2]);
    assert.equal(doc.kind, 'report');
    assert.equal(doc.profile?.workload.type, 'cpu-bound');
    assert.equal(doc.profile?.recommendation.model, 'worker-pool');
    assert.deepEqual(doc.profile?.command, ['cpu-loop.js', '800']);
    assert.equal(doc.profile?.hotspots[0].function, 'burnCpu');
    assert.ok(doc.profile?.staticAnalysis && 'findings' in doc.profile.staticAnalysis && doc.profile.staticAnalysis.files > 5, 'the folder was analysed');
    assert.deepEqual(doc.bench, benchFixture());
    assert.deepEqual(doc.benchSource, { file: results.file, ranForReport: false });
    assert.equal(doc.profile?.thresholds.cloneBytesPerMs.source, 'benchmark', 'the saved result set the thresholds');

    const html = fs.readFileSync(files[0], 'utf8');
    const parts = pageParts(html);
    assert.deepEqual(JSON.parse(parts.data!), doc, 'the page carries the same document as the JSON file');
    const nonce = /script-src 'nonce-([^']+)'/.exec(parts.csp!)?.[1];
    assert.deepEqual(parts.scriptNonces, [nonce]);
    const assets = await readWebviewAssets(webviewDistDir());
    assert.ok(html.includes(assets.script.slice(0, 2000).replace(/<\/script/gi, '<\\/script')), 'the real bundle is inline');
    assert.deepEqual(networkReferences(html), [], 'nothing is loaded from the network');
    assert.match(html, /<title>Concurrency Lens report: cpu-loop\.js<\/title>/);

    const md = fs.readFileSync(files[1], 'utf8');
    assert.match(md, /^## Concurrency Lens: cpu-bound → worker-pool \(closest call: step \d, margin [^)]+\)\n/);
    assert.match(md, /^- 2 worker threads: 1\.57× the main thread's speed/m);
    assert.match(md, /^\| `burnCpu` \| `cpu-loop\.js:\d+` \|/m);
  });

  it('with --no-bench and an empty results folder: a document without benchmarks, and no bench run', async () => {
    const empty = freshDir('empty-results');
    const out = freshDir('nobench');
    const r = await cli(['report', '--no-bench', '--no-static', '--results-dir', empty, '--out', path.join(out, 'r.html'), '--json', path.join(out, 'r.json'), 'cpu-loop.js', '300']);
    assert.equal(r.code, 0, r.stderr);
    const doc = readJson(path.join(out, 'r.json'));
    assert.equal(doc.bench, undefined);
    assert.equal(doc.benchSource, undefined);
    assert.equal(doc.profile?.staticAnalysis, undefined);
    assert.doesNotMatch(r.stderr, /benchmark/);
    assert.deepEqual(fs.readdirSync(empty), [], 'nothing was measured or saved');
  });

  it('without SCRIPT: the built-in example of the package, found from any folder', async () => {
    const cwd = freshDir('elsewhere');
    const r = await cli(['report', '--no-bench', '--no-static', '--out', 'r.html', '--json', 'r.json'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${path.join(cwd, 'r.html')}\n${path.join(cwd, 'r.json')}\n`);
    const doc = readJson(path.join(cwd, 'r.json'));
    assert.deepEqual(doc.profile?.command, [path.join(ROOT, 'examples/workloads/rag-pipeline.js')]);
    assert.equal(typeof doc.profile?.recommendation.model, 'string');
  });

  it('the default --out is concurrency-lens-report.html in the current folder', async () => {
    const cwd = freshDir('default-out');
    fs.copyFileSync(path.join(WORKLOADS, 'cpu-loop.js'), path.join(cwd, 'cpu-loop.js'));
    const r = await cli(['report', 'cpu-loop.js', '200', '--no-bench', '--no-static'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${path.join(cwd, 'concurrency-lens-report.html')}\n`);
    assert.ok(fs.statSync(path.join(cwd, 'concurrency-lens-report.html')).size > 1000);
  });

  it('a workload that fails: the report is still written, exit 1', async () => {
    const out = freshDir('crash');
    const r = await cli(['report', 'crash.js', '--no-bench', '--no-static', '--out', path.join(out, 'r.html'), '--json', path.join(out, 'r.json')]);
    assert.equal(r.code, 1, r.stderr);
    const doc = readJson(path.join(out, 'r.json'));
    assert.equal(doc.profile?.run.errorKind, 'exit-code');
    assert.match(doc.profile?.run.error ?? '', /boom from crash fixture/);
    assert.ok(fs.existsSync(path.join(out, 'r.html')));
  });

  it('Ctrl-C while profiling: stops the workload and still writes the report, exit 130', async () => {
    const out = freshDir('interrupt');
    const r = await cli(['report', '--no-bench', '--no-static', '--out', path.join(out, 'r.html'), '--json', path.join(out, 'r.json'), 'hang-with-children.js', 'idle'], {
      // Once the workload says its children are up: a fixed delay can fall before the CLI has even started on a
      // busy machine, and a SIGINT that early ends it by the signal (exit code null), not by its handler.
      interruptWhen: ({ stdout, stderr }) => /children \d+ \d+/.test(stdout + stderr),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.equal(readJson(path.join(out, 'r.json')).profile?.run.stoppedBy, 'interrupt');
    assert.ok(fs.existsSync(path.join(out, 'r.html')));
  });

  it('a missing script: exit 2, the reason, nothing written and nothing measured', async () => {
    const out = path.join(freshDir('missing'), 'never');
    const r = await cli(['report', 'no-such-script.js', '--out', path.join(out, 'r.html'), '--json', path.join(out, 'r.json')]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^concurrency-lens: Script not found: .*no-such-script\.js\n$/);
    assert.equal(fs.existsSync(out), false);
  });

  it('an --out that cannot be written: exit 2 with a clear message, before any profiling', async () => {
    const dir = freshDir('blocked');
    fs.writeFileSync(path.join(dir, 'file'), 'not a folder');
    const bad = path.join(dir, 'file', 'r.html');
    const r = await cli(['report', 'cpu-loop.js', '--no-bench', '--out', bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^concurrency-lens: cannot write --out ${bad.replace(/[.]/g, '\\.')}: .*(ENOTDIR|EEXIST)`));
    assert.doesNotMatch(r.stderr, /profiling/);
    const asDir = await cli(['report', 'cpu-loop.js', '--no-bench', '--out', dir]);
    assert.equal(asDir.code, 2);
    assert.match(asDir.stderr, /cannot write --out .*: it is a directory/);
  });

  it('a usage error: exit 2 and nothing on stdout', async () => {
    const r = await cli(['report', '--out']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^concurrency-lens: .*--out/);
  });

  it('without the webview bundle: exit 2, says to build it, writes nothing', async () => {
    // A copy of the built package without dist/webview, as a checkout looks before the webview is built.
    const pkg = freshDir('no-bundle');
    fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true, filter: (src) => !src.includes(`${path.sep}webview`) });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    const out = path.join(pkg, 'out');
    const r = await cli(['report', 'cpu-loop.js', '--no-bench', '--out', path.join(out, 'r.html')], { cli: path.join(pkg, 'dist/cli.js') });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^concurrency-lens: the webview bundle is missing: run npm run build \(.*main\.js: not found\)\n$/);
    assert.equal(fs.existsSync(out), false);
  });
});
