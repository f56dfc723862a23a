// What one call of a catalogued CPU-heavy library costs on this machine, on the smallest input of its kind and on a
// typical one: the figures behind the catalogue's `document` tier (src/analysis/blocking-apis.ts, CPU_DOCUMENT_LIBRARIES).
// A library whose call costs milliseconds even on a tiny input (it builds a whole DOM, decodes an image, unzips a
// workbook) is a warning on a hot path; one whose cost is proportional to an input that is usually small (a YAML
// config, a chat message's markdown, an email template) stays a note.
//   node bench/library-cost.mjs            (installs the pinned packages into .bench/library-cost on first run)
// Prints the median time per call over several rounds, with the machine's load beside it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(repo, '.bench', 'library-cost');
// Pinned so the figures are comparable between runs; these are the versions the bench projects use, or close to them.
const PACKAGES = {
  jsdom: '24.1.3', cheerio: '1.0.0', 'html-to-text': '9.0.5', turndown: '7.2.0', marked: '12.0.2', 'js-yaml': '4.1.0',
  jimp: '0.22.12', xlsx: '0.18.5', 'sanitize-html': '2.13.0', dompurify: '3.1.6', '@mozilla/readability': '0.5.0',
  himalaya: '1.1.0', diff: '5.2.0', 'js-tiktoken': '1.0.14', 'markdown-it': '14.1.0', pretty: '2.0.0', json5: '2.2.3',
  '@tiptap/core': '2.27.3', '@tiptap/pm': '2.27.3', '@tiptap/starter-kit': '2.27.3', '@tiptap/extension-table': '2.27.3',
  '@tiptap/extension-table-row': '2.27.3', '@tiptap/extension-table-cell': '2.27.3', '@tiptap/extension-table-header': '2.27.3',
  '@tiptap/extension-link': '2.27.3', '@tiptap/extension-image': '2.27.3', '@tiptap/extension-task-list': '2.27.3',
  '@tiptap/extension-task-item': '2.27.3', '@tiptap/extension-highlight': '2.27.3', '@tiptap/extension-underline': '2.27.3',
  jszip: '3.10.1', 'pdf-parse': '2.4.5', pdfkit: '0.20.2',
};
if (!Object.keys(PACKAGES).every((name) => existsSync(path.join(dir, 'node_modules', name, 'package.json')))) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'library-cost', private: true, dependencies: PACKAGES }, null, 2));
  console.error(`installing ${Object.keys(PACKAGES).length} packages into ${dir} ...`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'inherit' });
}
const need = createRequire(path.join(dir, 'package.json'));

/** Median milliseconds per call: `rounds` rounds of `n` calls each, after one warm-up call. */
async function perCall(fn, n, rounds = 5) {
  await fn();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) await fn();
    times.push((performance.now() - start) / n);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

// Inputs: the smallest of each kind, and typical ones (a 70 KB article page, a 1,024 x 768 or 1,920 x 1,080 image, a
// 1,000-row sheet, a 100 KB article's text).
const tinyHtml = '<html><head><title>t</title></head><body><p>Hello <b>world</b></p></body></html>';
const para = '<p>Lorem ipsum <a href="https://example.com/x">dolor</a> sit amet, <em>consectetur</em> adipiscing elit, sed do eiusmod tempor.</p>';
const pageHtml = `<html><head><title>Article</title></head><body><article><h1>Title</h1>${
  Array.from({ length: 80 }, (_, i) => `<div class="section"><h2>Section ${i}</h2>${para.repeat(6)}<ul><li>one</li><li>two</li></ul></div>`).join('')
}</article></body></html>`;
const smallMarkdown = '# Title\n\nA paragraph with **bold** and a [link](https://example.com).\n\n- one\n- two\n';
const smallYaml = 'server:\n  port: 3000\n  host: localhost\nfeatures:\n  - a\n  - b\nlimits: { rpm: 60, tpm: 90000 }\n';
const longText = 'The quick brown fox jumps over the lazy dog. '.repeat(2_300); // ~100 KB

const rows = [];
const row = async (lib, call, input, fn, n) => rows.push([lib, call, input, await perCall(fn, n)]);

const { JSDOM } = need('jsdom');
await row('jsdom', 'new JSDOM(html)', 'tiny page', () => new JSDOM(tinyHtml), 20);
await row('jsdom', 'new JSDOM(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => new JSDOM(pageHtml), 5);
const dom = new JSDOM(pageHtml);
await row('jsdom', 'dom.serialize()', `${Math.round(pageHtml.length / 1024)} KB page`, () => dom.serialize(), 5);
const { Readability } = need('@mozilla/readability');
await row('@mozilla/readability', 'new Readability(doc).parse()', `${Math.round(pageHtml.length / 1024)} KB page (DOM built beforehand)`,
  () => new Readability(new JSDOM(pageHtml).window.document).parse(), 3);
const createDOMPurify = need('dompurify');
const purify = createDOMPurify(new JSDOM('').window);
await row('dompurify (jsdom window)', 'sanitize(html)', 'tiny page', () => purify.sanitize(tinyHtml), 50);
await row('dompurify (jsdom window)', 'sanitize(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => purify.sanitize(pageHtml), 5);

const Jimp = need('jimp');
// A noisy image, so that the codecs have real work (a flat colour compresses to almost nothing).
const imageOf = (w, h) => {
  const image = new Jimp(w, h);
  const data = image.bitmap.data;
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return image;
};
const icon = await imageOf(64, 64).getBufferAsync(Jimp.MIME_PNG);
await row('jimp', 'Jimp.read(buffer)', '64 x 64 PNG', () => Jimp.read(icon), 20);
for (const [w, h] of [[1024, 768], [1920, 1080]]) {
  const size = `${w.toLocaleString('en')} x ${h.toLocaleString('en')}`;
  const photo = await imageOf(w, h).getBufferAsync(Jimp.MIME_JPEG);
  await row('jimp', 'Jimp.read(buffer)', `${size} JPEG`, () => Jimp.read(photo), 3);
  const decoded = await Jimp.read(photo);
  await row('jimp', 'image.resize(256, Jimp.AUTO)', size, () => decoded.clone().resize(256, Jimp.AUTO), 3);
  await row('jimp', 'image.getBufferAsync(JPEG)', size, () => decoded.getBufferAsync(Jimp.MIME_JPEG), 3);
}

const XLSX = need('xlsx');
const sheetOf = (n) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(Array.from({ length: n }, (_, i) => [i, `name ${i}`, i * 1.5, new Date(2020, 0, 1 + (i % 365)).toISOString()])), 's');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
};
const tinySheet = sheetOf(2);
const bigSheet = sheetOf(1_000);
await row('xlsx', 'XLSX.read(buffer)', '2-row workbook', () => XLSX.read(tinySheet), 20);
await row('xlsx', 'XLSX.read(buffer)', '1,000-row workbook', () => XLSX.read(bigSheet), 5);

const { parse: himalaya } = need('himalaya');
await row('himalaya', 'parse(html)', 'tiny page', () => himalaya(tinyHtml), 200);
await row('himalaya', 'parse(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => himalaya(pageHtml), 5);

// The scale-with-input libraries, for comparison: a note in the catalogue.
const cheerio = need('cheerio');
await row('cheerio', 'load(html)', 'tiny page', () => cheerio.load(tinyHtml), 200);
await row('cheerio', 'load(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => cheerio.load(pageHtml), 5);
const { convert } = need('html-to-text');
await row('html-to-text', 'convert(html)', 'tiny page', () => convert(tinyHtml), 200);
await row('html-to-text', 'convert(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => convert(pageHtml), 5);
const TurndownService = need('turndown');
const td = new TurndownService();
await row('turndown', 'td.turndown(html)', 'tiny page', () => td.turndown(tinyHtml), 200);
const sanitizeHtml = need('sanitize-html');
await row('sanitize-html', 'sanitizeHtml(html)', 'tiny page', () => sanitizeHtml(tinyHtml), 200);
await row('sanitize-html', 'sanitizeHtml(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => sanitizeHtml(pageHtml), 5);
const { marked } = need('marked');
await row('marked', 'marked.parse(md)', 'a chat message', () => marked.parse(smallMarkdown), 500);
const MarkdownIt = need('markdown-it');
const md = new MarkdownIt();
await row('markdown-it', 'md.render(text)', 'a chat message', () => md.render(smallMarkdown), 500);
const yaml = need('js-yaml');
await row('js-yaml', 'load(text)', 'a config file', () => yaml.load(smallYaml), 500);
const { createPatch } = need('diff');
const before = longText.slice(0, 4_000);
await row('diff', 'createPatch(a, b)', 'a 4 KB note, one line changed', () => createPatch('n', before, `${before}\nnew line`), 50);
const pretty = need('pretty');
const noteHtml = `<p>${para.repeat(8)}</p>`;
await row('pretty (js-beautify)', 'pretty(html)', `a ${Math.round(noteHtml.length / 1024)} KB post`, () => pretty(noteHtml), 20);
await row('pretty (js-beautify)', 'pretty(html)', `${Math.round(pageHtml.length / 1024)} KB page`, () => pretty(pageHtml), 3);
const JSON5 = need('json5');
const results = JSON.stringify(Array.from({ length: 2_000 }, (_, i) => ({ metric: `m${i}`, variation: i % 4, mean: i / 7, stddev: i / 13, ci: [i / 9, i / 3] })));
await row('json5', 'JSON5.parse(text)', `${Math.round(results.length / 1024)} KB of results`, () => JSON5.parse(results), 3);
await row('(JSON.parse, for comparison)', 'JSON.parse(text)', `${Math.round(results.length / 1024)} KB of results`, () => JSON.parse(results), 20);
const { getEncoding } = need('js-tiktoken');
const enc = getEncoding('cl100k_base');
await row('js-tiktoken', 'enc.encode(text)', 'a 200-character prompt', () => enc.encode(longText.slice(0, 200)), 200);
await row('js-tiktoken', 'enc.encode(text)', `${Math.round(longText.length / 1024)} KB article`, () => enc.encode(longText), 3);

// @tiptap/core's getSchema builds a ProseMirror schema from the editor's extensions: a fixed cost per call, whatever
// the document (a collaborative editor's server calls it per document conversion when it does not keep the schema).
const { getSchema } = need('@tiptap/core');
const tiptapExtensions = [
  need('@tiptap/starter-kit').default,
  ...['table', 'table-row', 'table-cell', 'table-header', 'link', 'image', 'task-list', 'task-item', 'highlight', 'underline']
    .map((name) => need(`@tiptap/extension-${name}`).default),
];
await row('@tiptap/core', 'getSchema(extensions)', `StarterKit and ${tiptapExtensions.length - 1} extensions`, () => getSchema(tiptapExtensions), 50);

// JSZip compresses in JavaScript on the loop, in slices: the CPU it takes, and the longest the loop waits meanwhile.
const JSZip = need('jszip');
const zipPage = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20);
const zipped = async () => {
  const zip = new JSZip();
  for (let i = 0; i < 400; i++) zip.file(`page-${i}.md`, zipPage.repeat(50) + i);
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  await new Promise((resolve, reject) => zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' })
    .on('data', () => {}).on('end', resolve).on('error', reject));
  delay.disable();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, maxDelayMs: delay.max / 1e6 };
};
const zipRuns = [];
for (let i = 0; i < 3; i++) zipRuns.push(await zipped());
zipRuns.sort((a, b) => a.cpuMs - b.cpuMs);
rows.push(['jszip', "generateNodeStream({ compression: 'DEFLATE' })", `400 pages, ${Math.round((400 * zipPage.length * 50) / 1e6)} MB: CPU (longest hold of the loop ${zipRuns[1].maxDelayMs.toFixed(1)} ms)`, zipRuns[1].cpuMs]);

// pdf-parse 2 runs pdf.js with its "fake worker" in Node: the parsing happens on the calling thread, behind a promise.
// The time per call, and how long the loop went without a turn meanwhile (setImmediate, run at every turn).
const PDFDocument = need('pdfkit');
const pdfOf = (pages) => new Promise((resolve) => {
  const doc = new PDFDocument();
  const parts = [];
  doc.on('data', (d) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts)));
  for (let p = 0; p < pages; p++) {
    if (p) doc.addPage();
    doc.fontSize(10).text('The quick brown fox jumps over the lazy dog. '.repeat(60));
  }
  doc.end();
});
const { PDFParse } = need('pdf-parse');
const loopHold = async (fn) => {
  let longest = 0;
  let last = performance.now();
  let on = true;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (on) setImmediate(turn);
  };
  setImmediate(turn);
  const start = performance.now();
  await fn();
  on = false;
  return { ms: performance.now() - start, longest: Math.max(longest, performance.now() - last) };
};
for (const pages of [1, 20]) {
  const data = await pdfOf(pages);
  const getText = async () => {
    const parser = new PDFParse({ data });
    await parser.getText();
    await parser.destroy();
  };
  await getText();
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await loopHold(getText));
  runs.sort((a, b) => a.ms - b.ms);
  rows.push(['pdf-parse', 'new PDFParse({ data }).getText()', `${pages}-page text PDF (longest hold of the loop ${runs[2].longest.toFixed(1)} ms)`, runs[2].ms]);
}

console.log('| library | call | input | ms per call |\n| --- | --- | --- | --- |');
for (const [lib, call, input, ms] of rows) console.log(`| ${lib} | \`${call}\` | ${input} | ${ms < 0.1 ? ms.toFixed(3) : ms.toFixed(1)} |`);
console.log(`\nnode ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
