// End-to-end check of the Python front end on examples/python/: a small FastAPI-style service (src layout, relative
// and absolute imports across modules) in which every Python rule fires on a hot path, beside harmless look-alikes
// that must stay quiet: a sync `def` endpoint (FastAPI runs it in a thread pool), start-up code (lifespan, a shutdown
// hook, `__main__`, config read at import), a blocking call run with `asyncio.to_thread` (I/O: the right fix, unlike
// the pure-Python token counter sent to a thread), a process-pool worker, a process pool created once (not per
// request), gather over a literal tuple, a loop whose step needs the previous result, a loop paced with
// `asyncio.sleep`, an array the process-pool worker loads itself (not pickled per task), a process started with the
// spawn start method beside one forked after a thread started, a CLI, a script, and a suppressed line. Expectations
// are exact: file, line (by a unique substring), rule, severity, entry and chain; nothing else may be reported.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { analyzePathsAsync } from '../../src/analysis';
import type { AnalysisResult, Finding } from '../../src/analysis/findings';
import { RULES } from '../../src/analysis/rules';

function findRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'examples', 'python', 'pyproject.toml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no examples/python/ above ${__dirname}`);
  }
}

const exampleDir = path.join(findRoot(), 'examples', 'python');
const PKG = 'src/ragsvc';

interface Expected {
  file: string;
  rule: string;
  lineContains: string;
  severity: 'error' | 'warning' | 'info';
  /** The chain, entry first: each step's file, its line (by a unique substring) and symbol. Empty: not checked. */
  chain: Array<{ file: string; lineContains: string; symbol: string }>;
}

const EXPECTED: Expected[] = [
  { file: `${PKG}/routes/chat.py`, rule: 'no-floating-promise', lineContains: 'asyncio.create_task(audit.record("chat"', severity: 'warning', chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'asyncio.create_task(audit.record("chat"', symbol: 'POST /chat: chat' }] },
  { file: `${PKG}/routes/chat.py`, rule: 'no-floating-promise', lineContains: 'audit.record("feedback"', severity: 'warning', chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'audit.record("feedback"', symbol: 'POST /chat/feedback: feedback' }] },
  { file: `${PKG}/routes/chat.py`, rule: 'no-sync-io-in-hot-path', lineContains: 'subprocess.run(["git"', severity: 'warning', chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'subprocess.run(["git"', symbol: 'websocket /ws/chat: chat_socket' }] },
  { file: `${PKG}/routes/ingest.py`, rule: 'no-unbounded-promise-all', lineContains: 'asyncio.gather(*[embed(doc)', severity: 'warning', chain: [{ file: `${PKG}/routes/ingest.py`, lineContains: 'asyncio.gather(*[embed(doc)', symbol: 'POST /ingest/documents: ingest_documents' }] },
  { file: `${PKG}/routes/ingest.py`, rule: 'no-sequential-await-in-loop', lineContains: 'await index_document(doc)\n    tokens', severity: 'info', chain: [] },
  { file: `${PKG}/routes/ingest.py`, rule: 'no-sync-io-in-hot-path', lineContains: 'time.sleep(0.2)', severity: 'warning', chain: [{ file: `${PKG}/routes/ingest.py`, lineContains: 'time.sleep(0.2)', symbol: 'POST /ingest/summary: refine_summary' }] },
  {
    file: `${PKG}/routes/ingest.py`, rule: 'no-cpu-work-on-threads', lineContains: 'count_tokens, body["text"])', severity: 'warning',
    chain: [{ file: `${PKG}/routes/ingest.py`, lineContains: 'count_tokens, body["text"])', symbol: 'POST /ingest/tokens: token_counts' }],
  },
  {
    file: `${PKG}/routes/ingest.py`, rule: 'no-worker-per-request', lineContains: 'with ProcessPoolExecutor(max_workers=2) as pool', severity: 'warning',
    chain: [{ file: `${PKG}/routes/ingest.py`, lineContains: 'with ProcessPoolExecutor(max_workers=2) as pool', symbol: 'POST /ingest/tokens/batch: token_batch' }],
  },
  {
    file: `${PKG}/routes/ingest.py`, rule: 'no-unpicklable-process-task', lineContains: 'lambda: [len(t) for t in body["texts"]]', severity: 'error',
    chain: [{ file: `${PKG}/routes/ingest.py`, lineContains: 'lambda: [len(t) for t in body["texts"]]', symbol: 'POST /ingest/tokens/batch: token_batch' }],
  },
  {
    file: `${PKG}/routes/ingest.py`, rule: 'no-large-postmessage-copy', lineContains: 'run_in_executor(POOL, rank, EMBEDDINGS, body["vector"])', severity: 'info',
    chain: [{ file: `${PKG}/routes/ingest.py`, lineContains: 'run_in_executor(POOL, rank, EMBEDDINGS, body["vector"])', symbol: 'POST /ingest/similar: similar' }],
  },
  {
    file: `${PKG}/services/audit.py`, rule: 'no-fork-after-threads', lineContains: '    multiprocessing.Process(target=_write_archive', severity: 'warning',
    chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'audit.export_archive(body["path"])', symbol: 'POST /chat/export: export_audit' }, { file: `${PKG}/services/audit.py`, lineContains: '    multiprocessing.Process(target=_write_archive', symbol: 'export_archive' }],
  },
  {
    file: `${PKG}/services/auth.py`, rule: 'no-blocking-crypto-in-hot-path', lineContains: 'hashlib.pbkdf2_hmac(', severity: 'warning',
    chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'auth.verify_api_key(x_api_key)', symbol: 'POST /chat: chat' }, { file: `${PKG}/services/auth.py`, lineContains: 'hashlib.pbkdf2_hmac(', symbol: 'verify_api_key' }],
  },
  {
    file: `${PKG}/services/llm.py`, rule: 'no-sync-io-in-hot-path', lineContains: 'self.http.post(', severity: 'warning',
    chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'answer = llm.complete(', symbol: 'POST /chat: chat' }, { file: `${PKG}/services/llm.py`, lineContains: 'self.http.post(', symbol: 'LLMClient.complete' }],
  },
  {
    file: `${PKG}/services/retrieval.py`, rule: 'no-sync-io-in-hot-path', lineContains: 'with open(PROMPTS_DIR', severity: 'warning',
    chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'retrieval.load_prompt("answer")', symbol: 'POST /chat: chat' }, { file: `${PKG}/services/retrieval.py`, lineContains: 'with open(PROMPTS_DIR', symbol: 'load_prompt' }],
  },
  {
    file: `${PKG}/services/retrieval.py`, rule: 'no-sync-io-in-hot-path', lineContains: '    conn = sqlite3.connect(DB_PATH)', severity: 'warning',
    chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'retrieval.search(body["question"])', symbol: 'POST /chat: chat' }, { file: `${PKG}/services/retrieval.py`, lineContains: '    conn = sqlite3.connect(DB_PATH)', symbol: 'search' }],
  },
  {
    file: `${PKG}/services/retrieval.py`, rule: 'no-sync-io-in-hot-path', lineContains: 'conn.execute(', severity: 'warning',
    chain: [{ file: `${PKG}/routes/chat.py`, lineContains: 'retrieval.search(body["question"])', symbol: 'POST /chat: chat' }, { file: `${PKG}/services/retrieval.py`, lineContains: 'conn.execute(', symbol: 'search' }],
  },
];

/** Unknown reach: reported only as a note, and only when asked (`check --unknown-reach`; the editor's hints). */
const UNKNOWN: Expected[] = [
  { file: `${PKG}/jobs.py`, rule: 'no-sync-io-in-hot-path', lineContains: 'time.sleep(1)', severity: 'info', chain: [{ file: `${PKG}/jobs.py`, lineContains: 'time.sleep(1)', symbol: 'nightly_report' }] },
];

/** Lines that look like findings and are not, with why. */
const QUIET: Array<{ file: string; lineContains: string; why: string }> = [
  { file: `${PKG}/main.py`, lineContains: 'index = open_index()', why: 'lifespan: start-up and shutdown' },
  { file: `${PKG}/main.py`, lineContains: 'requests.get("http://localhost:11434/api/tags", timeout=5)', why: 'lifespan' },
  { file: `${PKG}/main.py`, lineContains: 'time.sleep(0.01)', why: 'sync def endpoint: FastAPI runs it in a thread pool' },
  { file: `${PKG}/main.py`, lineContains: 'time.sleep(0.5)', why: '@app.on_event("shutdown")' },
  { file: `${PKG}/config.py`, lineContains: 'with open(ROOT / "settings.json"', why: 'called only at module top level' },
  { file: `${PKG}/routes/chat.py`, lineContains: 'await asyncio.to_thread(requests.get', why: 'run on a thread' },
  { file: `${PKG}/routes/chat.py`, lineContains: 'task = asyncio.create_task(audit.record("answer"', why: 'the task is kept' },
  { file: `${PKG}/routes/chat.py`, lineContains: 'Path("banner.txt").read_text()', why: 'suppressed with a reason' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'asyncio.gather(*[warm_up(model)', why: 'gather over a literal tuple' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'text = await refine(text, rule)', why: 'each step needs the previous result' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'await asyncio.sleep(0.05)', why: 'a loop paced on purpose' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'POOL = ProcessPoolExecutor(max_workers=2)', why: 'one process pool, created at import' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'run_in_executor(POOL, tokenize_batch, [body["text"]])', why: 'CPU work in the process pool, a module-level function' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'run_in_executor(pool, tokenize_batch, body["texts"])', why: 'a module-level function pickles (the pool itself is the finding)' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'run_in_executor(POOL, rank_preloaded, body["vector"])', why: 'the worker loads the matrix itself: only the vector is pickled' },
  { file: `${PKG}/routes/ingest.py`, lineContains: 'EMBEDDINGS = np.load(', why: 'loaded once at import' },
  { file: `${PKG}/services/audit.py`, lineContains: 'get_context("spawn").Process(', why: 'the spawn start method: a fresh interpreter, no threads copied' },
  { file: `${PKG}/services/audit.py`, lineContains: 'with open("audit.log"', why: 'the body of a thread' },
  { file: `${PKG}/services/auth.py`, lineContains: 'bcrypt.hashpw(', why: 'only the CLI calls it' },
  { file: `${PKG}/services/retrieval.py`, lineContains: 'return sqlite3.connect(DB_PATH)', why: 'open_index() runs in the lifespan only' },
  { file: `${PKG}/workers.py`, lineContains: 'with open(ROOT / "vocab.txt"', why: 'a process-pool worker (run_in_executor)' },
  { file: `${PKG}/cli.py`, lineContains: 'time.sleep(1)', why: 'a typer command' },
  { file: 'scripts/seed_index.py', lineContains: 'requests.post(url', why: 'a script' },
];

const texts = new Map<string, string>();
function textOf(file: string): string {
  let t = texts.get(file);
  if (t === undefined) texts.set(file, (t = fs.readFileSync(path.join(exampleDir, file), 'utf8')));
  return t;
}

/** The 1-based line holding `needle` (which may end in a line break); it must match exactly one place. */
function lineOf(file: string, needle: string): number {
  const t = textOf(file);
  const at = t.indexOf(needle);
  assert.ok(at >= 0, `${file}: ${JSON.stringify(needle)} not found`);
  assert.equal(t.indexOf(needle, at + 1), -1, `${file}: ${JSON.stringify(needle)} matches more than once`);
  return t.slice(0, at).split('\n').length;
}

function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.rule} (${f.severity}) ${f.chain.map((s) => `${s.file}:${s.line} ${s.symbol}`).join(' → ')}`;
}

function check(found: Finding[], expected: Expected[]): void {
  const want = expected.map((e) => `${e.file}:${lineOf(e.file, e.lineContains)} ${e.rule} ${e.severity}`).sort();
  const got = found.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`).sort();
  assert.deepEqual(got, want, found.map(describeFinding).join('\n'));
  for (const e of expected) {
    if (e.chain.length === 0) continue;
    const f = found.find((x) => x.file === e.file && x.line === lineOf(e.file, e.lineContains) && x.rule === e.rule)!;
    assert.deepEqual(
      f.chain.map((s) => `${s.file}:${s.line} ${s.symbol}`),
      e.chain.map((s) => `${s.file}:${lineOf(s.file, s.lineContains)} ${s.symbol}`),
      describeFinding(f),
    );
  }
}

describe('the Python example (examples/python)', () => {
  let result: AnalysisResult;

  before(async () => {
    result = await analyzePathsAsync({ paths: [exampleDir], cwd: exampleDir, types: 'off' });
  });

  test('analyses every .py file, skips none, notes none', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.py')) files.push(e.name);
      }
    };
    walk(exampleDir);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.notes, []);
    assert.equal(result.stats.files, files.length);
    assert.equal(files.length, 16);
  });

  test('every Python-only rule is expected here (examples.test.ts leaves them to this example)', () => {
    const pythonOnly = RULES.filter((r) => r.languages?.every((l) => l === 'python')).map((r) => r.id);
    assert.deepEqual(pythonOnly.filter((id) => !EXPECTED.some((e) => e.rule === id)), []);
    assert.ok(pythonOnly.length >= 2);
  });

  test('reports exactly the expected findings on hot paths, with their chains across modules', () => {
    check(result.findings.filter((f) => f.reach === undefined), EXPECTED);
  });

  test('reports the async function no entry reaches as unknown reach only (the analysis keeps it; `check` drops it)', () => {
    check(result.findings.filter((f) => f.reach === 'unknown'), UNKNOWN);
    assert.ok(result.findings.filter((f) => f.reach === 'unknown').every((f) => f.entry === 'async-function'));
  });

  test('keeps the look-alikes quiet', () => {
    const noisy = QUIET.flatMap((q) => {
      const line = lineOf(q.file, q.lineContains);
      return result.findings.filter((f) => f.file === q.file && f.line === line).map((f) => `${describeFinding(f)} — expected quiet: ${q.why}`);
    });
    assert.deepEqual(noisy, []);
  });

  test('every finding says it is Python, reads right for Python, and keeps the findings contract', () => {
    for (const f of result.findings) {
      assert.equal(f.language, 'python', describeFinding(f));
      assert.ok(!/fs\.promises|Promise\.all|\.catch\(\)|libuv/.test(f.message), `message speaks Node: ${f.message}`);
      assert.ok(f.column >= 1 && f.endLine >= f.line, describeFinding(f));
      const last = f.chain[f.chain.length - 1];
      assert.deepEqual([last.file, last.line, last.column, last.link], [f.file, f.line, f.column, undefined]);
      for (const step of f.chain.slice(0, -1)) assert.equal(step.link, 'call', describeFinding(f));
    }
    const sleep = result.findings.find((f) => f.file.endsWith('ingest.py') && f.rule === 'no-sync-io-in-hot-path')!;
    assert.equal(sleep.message, 'time.sleep() blocks the event loop on a request path; use await asyncio.sleep(...) instead');
    const gather = result.findings.find((f) => f.rule === 'no-unbounded-promise-all')!;
    assert.equal(gather.message, 'asyncio.gather(*[embed(doc) for doc in docs]) starts one task per item, all at once on a request path; bound it with an asyncio.Semaphore (or gather in batches)');
  });
});
