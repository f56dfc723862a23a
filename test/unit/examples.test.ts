// End-to-end check of the analyzer on examples/: a small, realistic AI service in which every rule
// fires at least once on a hot path, next to harmless look-alikes (startup code, worker files, async
// forms, bounded fan-out, transfer lists, shared memory) that must stay quiet.
//
// The expected findings live here, not as comments in the example sources, so that the examples read
// like an ordinary service. Each one names its line by a substring of that line's text, which has to
// match exactly one line of the file; line numbers are resolved at run time, so edits that move code
// around do not break the table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { analyzePaths } from '../../src/analysis';
import { CATEGORIES, type AnalysisResult, type Finding } from '../../src/analysis/findings';
import type { TypeMode } from '../../src/analysis/options';
import { SOURCE_EXTENSIONS } from '../../src/analysis/options';
import { RULES, ruleInfo } from '../../src/analysis/rules';

/** The repository root: the nearest folder above this file that holds examples/package.json. */
function findRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'examples', 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no examples/ folder above ${__dirname}`);
  }
}

const examplesDir = path.join(findRoot(), 'examples');

interface Expected {
  /** Relative to examples/, forward slashes. */
  file: string;
  rule: string;
  /** A substring of the flagged line that occurs on no other line of the file. */
  lineContains: string;
}

const EXPECTED: Expected[] = [
  // sync-io
  { file: 'src/lib/render.ts', rule: 'no-sync-io-in-hot-path', lineContains: 'return rf(path.join(config.templatesDir' }, // renamed import, reached server.ts → files.ts → render.ts
  { file: 'src/admin/admin.cjs', rule: 'no-sync-io-in-hot-path', lineContains: "const lines = read(path.join(dataDir, 'audit.jsonl')" }, // const read = fs.readFileSync
  { file: 'src/admin/admin.cjs', rule: 'no-sync-io-in-hot-path', lineContains: 'const usage = run(`du -sk' }, // const { execSync: run } = require('child_process')
  { file: 'src/routes/files.ts', rule: 'no-sync-io-in-hot-path', lineContains: 'const dir = fs.opendirSync(docsDir);' },
  { file: 'src/routes/files.ts', rule: 'no-sync-io-in-hot-path', lineContains: 'while ((entry = dir.readSync()) !== null)' }, // Dir from opendirSync
  { file: 'src/routes/files.ts', rule: 'no-sync-io-in-hot-path', lineContains: 'dir.closeSync();' },
  { file: 'src/lib/llm-client.mjs', rule: 'no-atomics-wait-on-main-thread', lineContains: 'Atomics.wait(SLEEP_CELL, 0, 0, ms);' }, // sleepSync() in the retry loop of async complete()
  // cpu
  { file: 'src/lib/auth.ts', rule: 'no-blocking-crypto-in-hot-path', lineContains: 'crypto.pbkdf2Sync(key, config.apiKeySalt' }, // verifyApiKey() from /summarise
  { file: 'src/routes/files.ts', rule: 'no-sync-zlib-in-hot-path', lineContains: 'parts.push(gzipSync(chunk))' }, // req.on('data', ...)
  { file: 'src/lib/cache.js', rule: 'no-sync-v8-serialize-in-hot-path', lineContains: 'v8.serialize(store.entries())' }, // setInterval callback
  { file: 'src/routes/embed.ts', rule: 'no-cpu-heavy-library-in-hot-path', lineContains: 'marked.parse(markdown, { async: false })' }, // POST /embed/documents → embedDocument → markdownText
  { file: 'src/routes/embed.ts', rule: 'no-accumulating-spread-in-hot-path', lineContains: 'docs.reduce((byId, doc) => ({ ...byId, [doc.id]: doc })' }, // POST /embed/documents, one copy per uploaded document
  { file: 'src/lib/rate-limit.js', rule: 'no-busy-wait', lineContains: 'while (Date.now() < until) {}' }, // from the http.createServer handler
  { file: 'src/routes/embed.ts', rule: 'no-quadratic-scan-in-hot-path', lineContains: 'if (!titles.includes(doc.title)) titles.push(doc.title)' }, // POST /embed/documents: one scan of the titles kept per uploaded document
  { file: 'src/lib/tokenizer.js', rule: 'no-redos-regex', lineContains: 'return /^(\\w+\\s?)+$/.test(input);' }, // isPlainQuery(req.query.q)
  { file: 'src/routes/search.ts', rule: 'no-dynamic-regexp-in-hot-path', lineContains: 'new RegExp(req.query.title' },
  // unbounded-concurrency, sequential-await, floating-promise
  { file: 'src/routes/embed.ts', rule: 'no-unbounded-promise-all', lineContains: 'Promise.all(docs.map((doc) => embedDocument(doc)))' },
  { file: 'src/routes/summarise.ts', rule: 'no-sequential-await-in-loop', lineContains: 'answers.push(await llm.complete(' },
  { file: 'src/routes/summarise.ts', rule: 'no-floating-promise', lineContains: "auditLog.write({ requestId, route: '/summarise'" },
  // worker-lifecycle, serialization
  { file: 'src/routes/embed.ts', rule: 'no-worker-per-request', lineContains: "new Worker(new URL('../workers/rerank-worker.js'" },
  { file: 'src/admin/admin.cjs', rule: 'no-require-in-hot-path', lineContains: 'require(`./format-${path.extname(req.url)' },
  { file: 'src/admin/admin.cjs', rule: 'no-worker-per-request', lineContains: "new Worker(path.join(__dirname, 'reindex-worker.cjs'))" },
  { file: 'src/routes/embed.ts', rule: 'no-large-postmessage-copy', lineContains: 'worker.postMessage(corpus);' }, // new Float32Array(1 << 22), no transfer list
  // The profiler's labelled workloads (examples/workloads/) are mostly batch jobs whose loops run from
  // start-up code, which is not a hot path; the login server's request handler is one.
  { file: 'workloads/password-server.js', rule: 'no-blocking-crypto-in-hot-path', lineContains: 'return crypto.pbkdf2Sync(password, salt, ITERATIONS' },
];

/** Files in which nothing may be reported: startup-only modules and worker entry points. */
const QUIET_FILES: Array<{ file: string; why: string }> = [
  { file: 'src/server.ts', why: 'top-level startup code, main() called only from the top level, process exit handler' },
  { file: 'src/config.ts', why: 'loadConfig() runs only at module top level' },
  { file: 'src/workers/embed-worker.js', why: "worker file (new Worker(new URL('./embed-worker.js', import.meta.url)))" },
  { file: 'src/workers/rerank-worker.js', why: 'worker file' },
  { file: 'src/admin/reindex-worker.cjs', why: "worker file (new Worker(path.join(__dirname, 'reindex-worker.cjs')))" },
  { file: 'src/workers/pool.ts', why: 'workers started at startup; transfer list and SharedArrayBuffer posts' },
  { file: 'src/lib/pipeline.ts', why: 'user-defined runSync()' },
  { file: 'src/lib/limit.js', why: 'p-limit style limiter' },
];

/** Lines that look like findings but are not, with the reason; a finding on one of them is a false positive. */
const QUIET_LINES: Array<{ file: string; lineContains: string; why: string }> = [
  { file: 'src/server.ts', lineContains: "JSON.parse(readFileSync(new URL('../package.json'", why: 'readFileSync at module top level' },
  { file: 'src/server.ts', lineContains: "execSync('git rev-parse HEAD'", why: 'execSync at module top level' },
  { file: 'src/server.ts', lineContains: 'loadIndex(JSON.parse(readFileSync(indexFile', why: 'readFileSync in main(), which only the top level calls' },
  { file: 'src/server.ts', lineContains: 'pool.start(config.embedWorkers', why: 'workers started from main()' },
  { file: 'src/server.ts', lineContains: "process.on('exit', () => writeFileSync(", why: "'exit' listeners must be synchronous" },
  { file: 'src/config.ts', lineContains: "JSON.parse(readFileSync(file, 'utf8'))", why: 'loadConfig() called only at module top level' },
  { file: 'src/lib/cache.js', lineContains: 'store.load(v8.deserialize(readFileSync(file)))', why: 'restoreSnapshot() called only from main()' },
  { file: 'src/lib/router.ts', lineContains: 'pattern: new RegExp(`^${source}$`)', why: 'route patterns compiled when routes are registered, at startup' },
  { file: 'src/lib/tokenizer.js', lineContains: 'const STOPWORDS = new RegExp(', why: 'RegExp built once at module top level' },
  { file: 'src/workers/embed-worker.js', lineContains: 'pbkdf2Sync(token, modelId', why: 'CPU work inside a worker file' },
  { file: 'src/admin/reindex-worker.cjs', lineContains: "fs.readFileSync(path.join(docsDir, name), 'utf8')", why: 'sync I/O inside a worker file' },
  { file: 'src/admin/reindex-worker.cjs', lineContains: 'Atomics.wait(PAUSE, 0, 0, 2);', why: 'Atomics.wait off the main thread' },
  { file: 'src/routes/files.ts', lineContains: 'await fs.promises.readFile(', why: 'promise API' },
  { file: 'src/lib/auth.ts', lineContains: 'crypto.pbkdf2(key, config.apiKeySalt', why: 'callback form runs on the thread pool' },
  { file: 'src/lib/auth.ts', lineContains: 'crypto.randomBytes(16, (err, buf)', why: 'callback form' },
  { file: 'src/lib/auth.ts', lineContains: 'crypto.randomBytes(32).toString', why: '32 random bytes cost microseconds' },
  { file: 'src/admin/admin.cjs', lineContains: "require('./report.cjs')", why: 'a constant require is cached after its first load' },
  { file: 'src/routes/embed.ts', lineContains: "createHash('sha256').update(text)", why: 'hashing is not key derivation' },
  { file: 'src/routes/embed.ts', lineContains: 'embeddings.addSync(keys[i], fresh[j]);', why: 'Store.addSync is a user-defined in-memory method' },
  { file: 'src/routes/summarise.ts', lineContains: 'runSync([stripMarkup, collapseWhitespace]', why: 'user-defined runSync()' },
  { file: 'src/routes/summarise.ts', lineContains: 'chunks.map((c) => limit(() => llm.complete(', why: 'fan-out bounded by a p-limit style limiter' },
  { file: 'src/routes/summarise.ts', lineContains: 'const [summary, keywords] = await Promise.all([', why: 'fixed tuple of two promises' },
  { file: 'src/lib/llm-client.mjs', lineContains: 'const page = await this.#get(`/v1/models', why: 'pagination: the cursor comes from the previous page (while)' },
  { file: 'src/lib/llm-client.mjs', lineContains: 'const page = await this.#get(`/v1/files', why: 'pagination: the cursor comes from the previous page (for)' },
  { file: 'src/lib/llm-client.mjs', lineContains: 'const res = await fetch(`${this.#baseUrl}/v1/completions`', why: 'retry loop: each attempt depends on the previous one failing' },
  { file: 'src/routes/embed.ts', lineContains: 'worker.postMessage(queryVector, [queryVector.buffer]);', why: 'transfer list' },
  { file: 'src/workers/pool.ts', lineContains: 'worker.postMessage(q, [q.buffer]);', why: 'transfer list' },
  { file: 'src/workers/pool.ts', lineContains: 'worker.postMessage(scores);', why: 'SharedArrayBuffer-backed Float64Array: shared, not copied' },
  { file: 'src/lib/limit.js', lineContains: '.then(resolve, reject)', why: 'rejection handled by then(…, reject)' },
];

/** The cross-file finding: request handler in server.ts → showPage() in routes/files.ts → readTemplate() in lib/render.ts. */
const CHAIN_CASE = {
  finding: EXPECTED[0],
  // Each step but the last points at its call of the next one: `callsAt` is the text at the step's column.
  steps: [
    { file: 'src/server.ts', lineContains: 'const html = showPage(req.params.name, text);', callsAt: 'showPage(' },
    { file: 'src/routes/files.ts', lineContains: "const template = readTemplate('document');", symbol: 'showPage', callsAt: 'readTemplate(' },
    { file: 'src/lib/render.ts', lineContains: 'return rf(path.join(config.templatesDir', symbol: 'readTemplate' },
  ],
};

const sources = new Map<string, string[]>();
function linesOf(file: string): string[] {
  let lines = sources.get(file);
  if (!lines) {
    lines = fs.readFileSync(path.join(examplesDir, file), 'utf8').split(/\r?\n/);
    sources.set(file, lines);
  }
  return lines;
}

/** The 1-based line of `file` that contains `needle`; it must be exactly one. */
function lineOf(file: string, needle: string): number {
  const hits = linesOf(file).flatMap((text, i) => (text.includes(needle) ? [i + 1] : []));
  assert.equal(hits.length, 1, `examples/${file}: ${JSON.stringify(needle)} must match exactly one line, matched ${hits.length}`);
  return hits[0];
}

function describeFinding(f: Finding): string {
  const chain = (f.chain ?? []).map((s) => `${s.file}:${s.line}:${s.column} ${s.symbol}`).join(' → ');
  return `${f.file}:${f.line}:${f.column} ${f.rule} (${f.severity}) — ${f.message}${chain ? ` [${chain}]` : ''}`;
}

/** The Python example has its own exact expectations (python-analysis.test.ts); this table is the JavaScript one's. */
const PYTHON_EXAMPLE = 'python';
/** The labelled Python workloads for `profile` (python-workloads.test.ts): they block and compute on purpose. */
const PYTHON_WORKLOADS = 'workloads/python';

function sourceFilesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      const skipped = ['node_modules', 'dist', 'out', 'build', 'coverage', '.git'].includes(entry.name) || child === PYTHON_EXAMPLE || child === PYTHON_WORKLOADS;
      if (!skipped) out.push(...sourceFilesUnder(dir, child));
    } else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(entry.name)) {
      out.push(child);
    }
  }
  return out.sort();
}

test('the expectation tables are sound: every rule is expected somewhere and every line is unambiguous', () => {
  const expectedRules = new Set(EXPECTED.map((e) => e.rule));
  // A Python-only rule is expected in examples/python instead (python-analysis.test.ts).
  const pythonOnly = (r: (typeof RULES)[number]): boolean => r.languages !== undefined && r.languages.every((l) => l === 'python');
  assert.deepEqual(
    RULES.filter((r) => !pythonOnly(r)).map((r) => r.id).filter((id) => !expectedRules.has(id)),
    [],
    'rules with no expected finding in examples/',
  );
  for (const e of EXPECTED) {
    assert.ok(ruleInfo(e.rule), e.rule);
    lineOf(e.file, e.lineContains);
  }
  for (const q of QUIET_LINES) lineOf(q.file, q.lineContains);
  for (const q of QUIET_FILES) assert.ok(fs.existsSync(path.join(examplesDir, q.file)), q.file);
  for (const s of CHAIN_CASE.steps) lineOf(s.file, s.lineContains);
  const quietKeys = new Set(QUIET_LINES.map((q) => `${q.file}:${lineOf(q.file, q.lineContains)}`));
  const clash = EXPECTED.filter((e) => quietKeys.has(`${e.file}:${lineOf(e.file, e.lineContains)}`));
  assert.deepEqual(clash, [], 'a line cannot be both expected and quiet');
});

for (const types of ['off', 'auto'] as TypeMode[]) {
  describe(`analyzer on examples/ (types: ${types})`, () => {
    let result: AnalysisResult;

    before(async () => {
      result = await analyzePaths({ paths: [examplesDir], cwd: examplesDir, types, exclude: [`${PYTHON_EXAMPLE}/**`, `${PYTHON_WORKLOADS}/**`] });
    });

    test('analyses every source file and skips none', (t) => {
      t.diagnostic(`${result.stats.files} files, ${result.findings.length} findings, typeAware=${result.stats.typeAware}, ${result.stats.durationMs} ms`);
      assert.deepEqual(result.skipped, [], 'skipped files');
      assert.deepEqual(result.notes ?? [], [], 'files analysed with a caveat');
      assert.equal(result.stats.files, sourceFilesUnder(examplesDir).length, `source files: ${sourceFilesUnder(examplesDir).join(', ')}`);
      if (types === 'off') assert.equal(result.stats.typeAware, false);
    });

    test('reports every expected finding on its exact line', () => {
      const used = new Set<Finding>();
      const missing: string[] = [];
      for (const e of EXPECTED) {
        const line = lineOf(e.file, e.lineContains);
        const hit = result.findings.find((f) => !used.has(f) && f.file === e.file && f.rule === e.rule && f.line === line);
        if (hit) {
          used.add(hit);
          continue;
        }
        const near = result.findings.filter((f) => f.file === e.file && (f.rule === e.rule || f.line === line));
        missing.push(
          `${e.file}:${line} ${e.rule} — ${linesOf(e.file)[line - 1].trim()}` +
            (near.length ? `\n      nearby: ${near.map(describeFinding).join('\n              ')}` : ''),
        );
      }
      if (missing.length > 0) assert.fail(`${missing.length} missing finding(s):\n  ${missing.join('\n  ')}`);
    });

    test('reports nothing else (no false positives)', () => {
      const expectedLeft = EXPECTED.map((e) => ({ ...e, line: lineOf(e.file, e.lineContains) }));
      const extra: string[] = [];
      for (const f of result.findings) {
        const i = expectedLeft.findIndex((e) => e.file === f.file && e.rule === f.rule && e.line === f.line);
        if (i >= 0) expectedLeft.splice(i, 1);
        else extra.push(describeFinding(f));
      }
      if (extra.length > 0) assert.fail(`${extra.length} unexpected finding(s):\n  ${extra.join('\n  ')}`);
    });

    test('keeps startup code, worker files and the harmless look-alikes quiet', () => {
      const noisy = new Map<Finding, string[]>();
      const note = (f: Finding, why: string) => noisy.set(f, [...(noisy.get(f) ?? []), why]);
      for (const q of QUIET_FILES) {
        for (const f of result.findings.filter((f) => f.file === q.file)) note(f, q.why);
      }
      for (const q of QUIET_LINES) {
        const line = lineOf(q.file, q.lineContains);
        for (const f of result.findings.filter((f) => f.file === q.file && f.line === line)) note(f, q.why);
      }
      const report = [...noisy].map(([f, why]) => `${describeFinding(f)}\n      expected quiet: ${why.join('; ')}`);
      if (report.length > 0) assert.fail(`${report.length} finding(s) on harmless code:\n  ${report.join('\n  ')}`);
    });

    test('finds every category', () => {
      const seen = new Set(result.findings.map((f) => f.category));
      assert.deepEqual(
        CATEGORIES.filter((c) => !seen.has(c)),
        [],
        'categories with no finding',
      );
    });

    test('follows the call chain across files: server.ts → routes/files.ts → lib/render.ts', () => {
      const { finding: e, steps } = CHAIN_CASE;
      const line = lineOf(e.file, e.lineContains);
      const f = result.findings.find((x) => x.file === e.file && x.rule === e.rule && x.line === line);
      assert.ok(f, `no ${e.rule} finding at ${e.file}:${line}`);
      const shown = describeFinding(f);
      assert.ok(f.chain.length >= 3, `chain has ${f.chain.length} step(s): ${shown}`);
      assert.equal(f.chain[0].file, steps[0].file, `chain starts in the server file: ${shown}`);
      assert.equal(f.chain[0].line, lineOf(steps[0].file, steps[0].lineContains), `first step is the handler's call to showPage: ${shown}`);
      const textAt = (s: { file: string; line: number; column?: number }): string => (linesOf(s.file)[s.line - 1] ?? '').slice((s.column ?? 0) - 1);
      assert.ok(textAt(f.chain[0]).startsWith(steps[0].callsAt!), `first step sits at the call expression, with its column: ${shown}`);
      assert.equal(f.chain[0].link, 'call', shown);
      const last = f.chain[f.chain.length - 1];
      assert.deepEqual(
        { file: last.file, line: last.line, column: last.column, symbol: last.symbol, link: last.link },
        { file: steps[2].file, line, column: f.column, symbol: steps[2].symbol, link: undefined },
        `last step is readTemplate at the flagged code: ${shown}`,
      );
      const middle = f.chain.find((s) => s.file === steps[1].file);
      assert.ok(middle, `chain passes through ${steps[1].file}: ${shown}`);
      assert.deepEqual(
        { line: middle.line, symbol: middle.symbol },
        { line: lineOf(steps[1].file, steps[1].lineContains), symbol: steps[1].symbol },
        `showPage step points at its call to readTemplate: ${shown}`,
      );
      assert.ok(textAt(middle).startsWith(steps[1].callsAt!), `showPage step sits at the call of readTemplate, with its column: ${shown}`);
    });

    test('every finding keeps the findings contract', () => {
      const problems: string[] = [];
      for (const f of result.findings) {
        const where = describeFinding(f);
        const check = (ok: boolean, what: string) => {
          if (!ok) problems.push(`${what}: ${where}`);
        };
        const relOk = (file: string) =>
          typeof file === 'string' && !path.isAbsolute(file) && !file.includes('\\') && !file.startsWith('..') && fs.existsSync(path.join(examplesDir, file));
        check(relOk(f.file), 'file is relative to cwd with forward slashes');
        if (!relOk(f.file)) continue;
        const lines = linesOf(f.file);
        check(Number.isInteger(f.line) && f.line >= 1 && f.line <= lines.length, 'line is 1-based and inside the file');
        check(Number.isInteger(f.column) && f.column >= 1 && f.column <= (lines[f.line - 1] ?? '').length, 'column is 1-based and inside the line');
        check(f.endLine > f.line || (f.endLine === f.line && f.endColumn > f.column), 'the range ends after it starts');
        check(RULES.some((r) => r.id === f.rule), 'rule is in the catalogue');
        if (RULES.some((r) => r.id === f.rule)) {
          const info = ruleInfo(f.rule);
          check(f.category === info.category, `category is the rule's (${info.category})`);
          check(f.severity === info.defaultSeverity, `severity is the rule's default (${info.defaultSeverity})`);
        }
        check(typeof f.message === 'string' && f.message.trim().length > 0, 'message is set');
        check(Array.isArray(f.chain) && f.chain.length >= 1, 'chain has at least one step');
        for (const [i, s] of (f.chain ?? []).entries()) {
          check(relOk(s.file) && Number.isInteger(s.line) && s.line >= 1 && typeof s.symbol === 'string' && s.symbol.length > 0, 'chain step is well-formed');
          if (!relOk(s.file)) continue;
          const width = (linesOf(s.file)[s.line - 1] ?? '').length;
          check(Number.isInteger(s.column) && s.column! >= 1 && s.column! <= width, 'chain step column is 1-based and inside its line');
          const leadsOn = i === f.chain.length - 1 ? s.link === undefined : ['call', 'callback', 'nested'].includes(s.link ?? '');
          check(leadsOn, 'every step but the last says how it leads on');
        }
        const last = f.chain?.[f.chain.length - 1];
        check(!!last && last.file === f.file && last.line === f.line && last.column === f.column, 'last chain step is the flagged code');
      }
      if (problems.length > 0) assert.fail(`${problems.length} contract problem(s):\n  ${problems.join('\n  ')}`);
    });
  });
}
