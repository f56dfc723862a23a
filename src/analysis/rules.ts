// The rule catalogue: one entry per rule id, as data. Detectors refer to rules by id; severities can be
// overridden per rule by the caller (CLI flags, editor settings).
import type { Category, Severity, SourceLanguage } from './findings';

/** Every rule id. Detectors, the API catalogue and RULES below can name only these. */
export type RuleId =
  | 'no-sync-io-in-hot-path'
  | 'no-atomics-wait-on-main-thread'
  | 'no-require-in-hot-path'
  | 'no-blocking-crypto-in-hot-path'
  | 'no-sync-zlib-in-hot-path'
  | 'no-sync-v8-serialize-in-hot-path'
  | 'no-cpu-heavy-library-in-hot-path'
  | 'no-busy-wait'
  | 'no-redos-regex'
  | 'no-dynamic-regexp-in-hot-path'
  | 'no-accumulating-spread-in-hot-path'
  | 'no-quadratic-scan-in-hot-path'
  | 'no-unbounded-promise-all'
  | 'no-sequential-await-in-loop'
  | 'no-floating-promise'
  | 'no-worker-per-request'
  | 'no-large-postmessage-copy'
  // Python only (src/analysis/python/): threads that the GIL makes serial, tasks a process pool cannot pickle,
  // processes forked after threads have started.
  | 'no-cpu-work-on-threads'
  | 'no-unpicklable-process-task'
  | 'no-fork-after-threads';

export interface RuleInfo {
  /** One of RuleId in RULES; SARIF output also describes the ids of other front ends with this shape. */
  id: string;
  category: Category;
  defaultSeverity: Severity;
  /** One line for listings and SARIF's shortDescription. */
  title: string;
  /** Why it matters and what to do instead; SARIF's fullDescription and the docs page. */
  rationale: string;
  /** The front ends that report it, when not all: the Python-only rules' example is examples/python. */
  languages?: readonly SourceLanguage[];
  /**
   * What goes wrong is a rejection nobody handles, which Node makes fatal by default: in a program whose process logs
   * them instead (`process.on('unhandledRejection', log)`, FileFacts.logsUnhandledRejections), a note.
   */
  rejectionOnly?: boolean;
}

export const RULES: readonly (RuleInfo & { id: RuleId })[] = [
  {
    id: 'no-sync-io-in-hot-path',
    category: 'sync-io',
    defaultSeverity: 'warning',
    title: 'Synchronous file system or child-process call on a hot path',
    rationale:
      'Synchronous fs and child_process calls stop the event loop until the disk or the child answers; every other request waits. Use the promise API (fs.promises, promisified exec) and await it.',
  },
  {
    id: 'no-atomics-wait-on-main-thread',
    category: 'sync-io',
    defaultSeverity: 'warning',
    title: 'Atomics.wait on the main thread',
    rationale:
      'Atomics.wait parks the calling thread. On the main thread that is the event loop. Use Atomics.waitAsync, or wait inside a worker.',
  },
  {
    id: 'no-require-in-hot-path',
    category: 'sync-io',
    defaultSeverity: 'info',
    title: 'require() inside a hot function',
    rationale:
      'require() reads and compiles a module synchronously the first time it runs. Require at module top level, or use a cached dynamic import().',
  },
  {
    id: 'no-blocking-crypto-in-hot-path',
    category: 'cpu',
    defaultSeverity: 'warning',
    title: 'CPU-heavy synchronous crypto on a hot path',
    rationale:
      'Key derivation, key generation and asymmetric operations run on the calling thread when called synchronously. Their callback forms run on the libuv thread pool; for bulk work use a worker pool.',
  },
  {
    id: 'no-cpu-work-on-threads',
    category: 'cpu',
    defaultSeverity: 'warning',
    title: 'Pure-Python CPU work handed to a thread',
    rationale:
      'asyncio.to_thread, run_in_executor(None, ...) and a ThreadPoolExecutor are the right fix for blocking I/O, but pure-Python computation holds the GIL: on a thread it runs no faster, two such threads run slower than one, and the event loop waits for the GIL while they run. Use a ProcessPoolExecutor created once, or move the loop into native code that releases the GIL.',
    languages: ['python'],
  },
  {
    id: 'no-sync-zlib-in-hot-path',
    category: 'cpu',
    defaultSeverity: 'warning',
    title: 'Synchronous compression on a hot path',
    rationale:
      'zlib *Sync calls compress on the event loop. The callback or promisified forms run on the libuv thread pool; streams bound the memory as well.',
  },
  {
    id: 'no-sync-v8-serialize-in-hot-path',
    category: 'cpu',
    defaultSeverity: 'warning',
    title: 'v8 serialisation or heap snapshot on a hot path',
    rationale:
      'v8.serialize/deserialize copy the whole value on the calling thread, and writeHeapSnapshot stops the process while it writes. Move them to a worker or off the request path.',
  },
  {
    id: 'no-cpu-heavy-library-in-hot-path',
    category: 'cpu',
    defaultSeverity: 'info',
    title: 'A library that computes over its input on a hot path',
    rationale:
      'Parsers, converters, tokenisers and pure-JavaScript compressors (cheerio, marked, js-yaml, xlsx, yjs, gpt-tokenizer, pako, ...) run on the event loop for as long as their input is large: microseconds for a line, seconds for a large upload, and every other request waits. Where the input can be large (uploads, documents, whole spaces or exports), run the call in a worker pool, or stream it. A note, except the calls whose ordinary input already costs tens of milliseconds (new JSDOM, Readability, jimp decoding and encoding): warnings.',
  },
  {
    id: 'no-busy-wait',
    category: 'cpu',
    defaultSeverity: 'error',
    title: 'Busy-wait loop',
    rationale:
      'A loop that spins on the clock burns a core and blocks the event loop for its whole duration. Await a timer (timers/promises setTimeout) instead.',
  },
  {
    id: 'no-redos-regex',
    category: 'cpu',
    defaultSeverity: 'warning',
    title: 'Regular expression with super-linear backtracking on variable input',
    rationale:
      'Nested or overlapping quantifiers and backreferences can take exponential or polynomial time on crafted input, and the regex engine runs on the event loop. Rewrite the pattern without ambiguity, bound the input length, or match in a worker.',
  },
  {
    id: 'no-dynamic-regexp-in-hot-path',
    category: 'cpu',
    defaultSeverity: 'info',
    title: 'RegExp built from non-constant input on a hot path',
    rationale:
      'A pattern built at run time is compiled on every call and may carry catastrophic backtracking from its input. Build it once, escape user input, or validate the pattern.',
  },
  {
    id: 'no-accumulating-spread-in-hot-path',
    category: 'cpu',
    // How long the collection grows is what the code cannot show: a note, like a CPU-heavy library call.
    defaultSeverity: 'info',
    title: 'A reduce or loop that copies its whole accumulator at every step, on a hot path',
    rationale:
      'Returning { ...acc, [key]: value } or [...acc, item] from a reduce callback, or writing all = [...all, ...page] in a loop, copies everything gathered so far on every step: n items cost n²/2 copies on the event loop. Building an object of 1,000 keys that way takes tens of milliseconds, of 10,000 keys seconds (bench/accumulating-spread-cost.mjs). Add to the accumulator in place (acc[key] = value; return acc, all.push(...page)), or build the result once with Object.fromEntries or a Map. In Python: rows = rows + [row] or index = {**index, key: row} in a loop, or functools.reduce with such a lambda; append, extend or |= instead.',
  },
  {
    id: 'no-quadratic-scan-in-hot-path',
    category: 'cpu',
    // Like the accumulating copy: how long the list gets is what the code cannot show, so a note.
    defaultSeverity: 'info',
    title: 'A search, at every step of a loop, of a list the loop grows or goes over, on a hot path',
    rationale:
      'list.includes(x), find, findIndex, indexOf, some or filter look at the entries one by one. Inside a loop that pushes onto the same list (if (!seen.includes(id)) seen.push(id)), or that goes over the list itself (rows.filter((r, i) => rows.indexOf(r) === i)), every step scans up to n entries: n items cost about n²/2 comparisons on the event loop, nothing for ten items and seconds for a hundred thousand. Keep a Set or a Map beside the list (seen.has(id), byId.get(id)), or find duplicates in one pass with new Set(list).',
  },
  {
    id: 'no-unbounded-promise-all',
    category: 'unbounded-concurrency',
    // A note unless the list is the request's own input: on code the rules were not tuned on, no fan-out warning over
    // a query result, a parameter or a loop's pushes was judged worth fixing (BENCHMARKS.md, "Fan-out is a note").
    defaultSeverity: 'info',
    title: 'Unbounded fan-out with Promise.all over a collection',
    rationale:
      'Promise.all(items.map(...)) starts one operation per item at once: sockets, rate limits and memory grow with the input. Use a concurrency limit (a p-limit style limiter or batches).',
  },
  {
    id: 'no-sequential-await-in-loop',
    category: 'sequential-await',
    defaultSeverity: 'info',
    title: 'await inside a loop over independent items',
    rationale:
      'Each iteration waits for the previous one although they do not depend on each other, so the total time is the sum of the latencies. Start them together with a concurrency limit.',
  },
  {
    id: 'no-floating-promise',
    category: 'floating-promise',
    defaultSeverity: 'warning',
    title: 'Promise neither awaited nor handled',
    rationale:
      'A promise that is not awaited, returned or given a rejection handler loses its errors (an unhandled rejection ends the process) and its timing. Await it, return it, or mark it with void and a .catch.',
    rejectionOnly: true,
  },
  {
    id: 'no-worker-per-request',
    category: 'worker-lifecycle',
    defaultSeverity: 'warning',
    title: 'new Worker() or a process pool started on a hot path',
    rationale:
      'Starting a worker costs tens of milliseconds and megabytes of memory; a Python ProcessPoolExecutor or multiprocessing.Pool starts whole interpreters. One per request runs out of both under load. Keep a fixed pool started once and reuse it.',
  },
  {
    id: 'no-fork-after-threads',
    category: 'worker-lifecycle',
    defaultSeverity: 'warning',
    title: 'A process started with fork after threads or CUDA have started',
    rationale:
      'On Linux before Python 3.14, multiprocessing and ProcessPoolExecutor start processes with fork, which copies the whole memory but only the calling thread: a lock another thread held at that moment stays locked in the child, which can hang, and a child cannot use CUDA initialised in the parent. Use multiprocessing.get_context("spawn") (ctx.Process, ctx.Pool, or ProcessPoolExecutor(mp_context=...)), or set_start_method("spawn") once at start-up.',
    languages: ['python'],
  },
  {
    id: 'no-large-postmessage-copy',
    category: 'serialization',
    defaultSeverity: 'info',
    title: 'postMessage or a process pool copies a large binary buffer',
    rationale:
      'postMessage without a transfer list copies the buffer with the structured clone algorithm. Pass a transfer list (postMessage(buf, [buf.buffer])) or share a SharedArrayBuffer. In Python, a process pool pickles every task\'s arguments and copies them through a pipe: put a large array in multiprocessing.shared_memory once and pass its name, or let the worker load it.',
  },
  {
    id: 'no-unpicklable-process-task',
    category: 'serialization',
    defaultSeverity: 'error',
    title: 'A lambda or a local function sent to a process pool',
    rationale:
      'A process pool pickles the function of every task to send it to a worker process, and pickle can send only functions defined at a module\'s top level: a lambda or a function defined inside another fails with PicklingError ("Can\'t pickle local object") on every call. Define the function at module level and bind its arguments with functools.partial.',
    languages: ['python'],
  },
];

const byId = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule: ${id}`);
  return rule;
}

export function isRuleId(id: string): boolean {
  return byId.has(id);
}

/** The repository path of a rule's documentation page; the editor turns it into a link. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
