// Detector (no-fork-after-threads): `multiprocessing.Process(...)`, `multiprocessing.Pool(...)` or
// `ProcessPoolExecutor(...)` made with the default start method, which is `fork` on Linux before Python 3.14, in a
// process where this file shows threads (or CUDA) already started. fork copies the whole memory but only the calling
// thread: a lock another thread held at that moment (the logging module's, the allocator's, a queue's) stays locked
// in the child forever, and CUDA cannot be used in a forked child at all.
//
// The evidence must be in the file, and must run before the pool is made:
// - module-level code (it runs at import, before any function): `threading.Thread(...)` started, a thread pool made
//   (`ThreadPoolExecutor()`, `ThreadPool()`), CUDA initialised (`.cuda()`, `.to("cuda")`, `device="cuda"`,
//   `torch.cuda.set_device(...)`...);
// - or the same, and `asyncio.to_thread(...)` / `run_in_executor(None, ...)` (the loop's default thread pool stays
//   alive), earlier in the function that makes the pool.
// Quiet when the start method is chosen: `mp_context=` / `context=` given, a context's own `ctx.Process(...)`, or
// `set_start_method(...)` called anywhere in the file (unless with "fork"). A thread joined, or a thread pool whose
// `with` block ended, before the pool is made is no evidence. Threads started in other modules or other functions
// (a lifespan handler, a library) are not seen: see docs/rules/no-fork-after-threads.md.
import type { Binding } from '../../bindings';
import { libraryPath } from '../binding-members';
import { CONTEXT_ARGUMENT, CUDA_INIT, DEFAULT_EXECUTOR_CALLS, FORKING_CONSTRUCTORS, THREAD_POOL_MAKERS, THREAD_STARTERS } from '../pool-patterns';
import { field, named, unwrap, type PyNode } from '../syntax-tree';
import { enclosingDef, moduleCtx, ownNodes } from '../value-origins';
import type { PyCtx, PythonWalker } from '../walker';

interface Evidence {
  node: PyNode;
  what: string;
  cuda: boolean;
}

const startMethodSet = new WeakMap<PyNode, boolean>();
const moduleEvidence = new WeakMap<PyNode, Evidence | null>();

function keywordNames(w: PythonWalker, call: PyNode): string[] {
  return named(field(call, 'arguments') ?? call).filter((a) => a.type === 'keyword_argument').map((a) => w.text(field(a, 'name')!));
}

function positionalCount(call: PyNode): number {
  return named(field(call, 'arguments') ?? call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat').length;
}

export function checkForkStart(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): void {
  const path = libraryPath(target);
  if (!path || !FORKING_CONSTRUCTORS.has(path)) return;
  const spec = CONTEXT_ARGUMENT[path];
  if (keywordNames(w, call).includes(spec.keyword) || (spec.position !== undefined && positionalCount(call) > spec.position)) return;
  if (setsStartMethod(w)) return;
  const evidence = functionEvidence(w, call, ctx) ?? moduleLevelEvidence(w, ctx);
  if (!evidence) return;
  const made = `${w.text(field(call, 'function')!).replace(/\s+/g, '')}(${named(field(call, 'arguments') ?? call).length > 0 ? '...' : ''})`;
  const line = w.positionOf(evidence.node).line;
  const why = evidence.cuda
    ? `after ${evidence.what} (line ${line}) initialised CUDA: a forked child cannot use CUDA ("Cannot re-initialize CUDA in forked subprocess") and can hang on locks the driver's threads held`
    : `after ${evidence.what} (line ${line}) started threads: a forked child copies the memory but only the calling thread, so a lock another thread held (logging, a queue, the allocator) stays locked and the child can hang`;
  w.candidate(ctx, 'no-fork-after-threads', call,
    `${made} starts its processes with fork (the default on Linux before Python 3.14) {where}, ${why}; use multiprocessing.get_context("spawn") (ctx.Process, ctx.Pool, or ProcessPoolExecutor(mp_context=...))`);
}

/** `multiprocessing.set_start_method("spawn")` (or "forkserver", or a value the code computes) anywhere in the file. */
function setsStartMethod(w: PythonWalker): boolean {
  const known = startMethodSet.get(w.tree.root);
  if (known !== undefined) return known;
  let found = false;
  const visit = (n: PyNode): void => {
    if (found) return;
    if (n.type === 'call' && /(^|\.)set_start_method$/.test(w.text(field(n, 'function')!).replace(/\s+/g, ''))) {
      const first = named(field(n, 'arguments') ?? n)[0];
      const value = first?.type === 'keyword_argument' ? field(first, 'value') : first;
      if (w.stringValue(value) !== 'fork') found = true;
    }
    for (const c of n.children) visit(c);
  };
  visit(w.tree.root);
  startMethodSet.set(w.tree.root, found);
  return found;
}

/** Evidence in the module's own top-level code, which runs at import. */
function moduleLevelEvidence(w: PythonWalker, ctx: PyCtx): Evidence | undefined {
  const known = moduleEvidence.get(w.tree.root);
  if (known !== undefined) return known ?? undefined;
  const nodes = [...ownNodes(w.tree.root)];
  const found = firstEvidence(w, nodes, moduleCtx(ctx), undefined, false);
  moduleEvidence.set(w.tree.root, found ?? null);
  return found;
}

/** Evidence earlier in the function that makes the pool. */
function functionEvidence(w: PythonWalker, call: PyNode, ctx: PyCtx): Evidence | undefined {
  const def = enclosingDef(call);
  const body = def && field(def, 'body');
  if (!body) return undefined;
  const before = [...ownNodes(body)].filter((n) => n.end <= call.start);
  return firstEvidence(w, before, ctx, call, true);
}

function importsTorch(w: PythonWalker): boolean {
  return /^\s*(import\s+torch\b|from\s+torch\b)/m.test(w.tree.text);
}

function firstEvidence(w: PythonWalker, nodes: PyNode[], ctx: PyCtx, made: PyNode | undefined, inFunction: boolean): Evidence | undefined {
  const calls = nodes.filter((n) => n.type === 'call');
  const torch = importsTorch(w);
  for (const n of calls) {
    const fnNode = field(n, 'function')!;
    const path = libraryPath(w.valueBinding(fnNode, ctx));
    const shown = `${w.text(fnNode).replace(/\s+/g, '')}(${named(field(n, 'arguments') ?? n).length > 0 ? '...' : ''})`;
    if (path && THREAD_STARTERS.has(path) && threadStarted(w, n, calls, made)) return { node: n, what: `${shown}.start()`, cuda: false };
    if (path && THREAD_POOL_MAKERS.has(path) && !poolClosedBefore(n, made)) return { node: n, what: shown, cuda: false };
    if (inFunction && path && DEFAULT_EXECUTOR_CALLS.has(path)) return { node: n, what: shown, cuda: false };
    if (inFunction && fnNode.type === 'attribute' && w.text(field(fnNode, 'attribute')!) === 'run_in_executor') {
      const first = named(field(n, 'arguments') ?? n)[0];
      if (first && unwrap(first).type === 'none') return { node: n, what: 'run_in_executor(None, ...)', cuda: false };
    }
    if (path && CUDA_INIT.has(path)) return { node: n, what: shown, cuda: true };
    if (torch && isCudaCall(w, n, fnNode, path)) return { node: n, what: w.text(n).replace(/\s+/g, '').slice(0, 60), cuda: true };
  }
  return undefined;
}

/** `.cuda()`, `.to("cuda")`, `torch.zeros(..., device="cuda")`: CUDA initialised in this process. */
function isCudaCall(w: PythonWalker, call: PyNode, fnNode: PyNode, path: string | undefined): boolean {
  const args = named(field(call, 'arguments') ?? call);
  const cudaString = (a: PyNode | undefined): boolean => /^cuda(:\d+)?$/.test(w.stringValue(a) ?? '');
  if (fnNode.type === 'attribute') {
    const method = w.text(field(fnNode, 'attribute')!);
    if (method === 'cuda' && !path) return true;
    if (method === 'to' && !path && args.some((a) => cudaString(a.type === 'keyword_argument' ? field(a, 'value') : a))) return true;
  }
  return path !== undefined && path.startsWith('torch.')
    && args.some((a) => a.type === 'keyword_argument' && w.text(field(a, 'name')!) === 'device' && cudaString(field(a, 'value')));
}

/** `Thread(...).start()`, or `t = Thread(...)` and `t.start()` later (and not `t.join()` before the pool is made). */
function threadStarted(w: PythonWalker, thread: PyNode, calls: PyNode[], made: PyNode | undefined): boolean {
  const parent = thread.parent;
  if (parent?.type === 'attribute' && w.text(field(parent, 'attribute')!) === 'start' && parent.parent?.type === 'call') return true;
  const assignment = parent?.type === 'assignment' && thread.field === 'right' ? parent : undefined;
  const left = assignment && field(assignment, 'left');
  const callsOn = (receiver: string, method: string): PyNode[] => calls.filter((c) => c.start > thread.end && w.text(field(c, 'function')!).replace(/\s+/g, '') === `${receiver}.${method}`);
  if (left && (left.type === 'identifier' || left.type === 'attribute')) {
    const name = w.text(left).replace(/\s+/g, '');
    if (callsOn(name, 'start').length === 0) return false;
    // Joined before the pool is made (at module level: at import, before any function runs): the thread has ended.
    return !callsOn(name, 'join').some((c) => made === undefined || c.end <= made.start);
  }
  // Made in a list or a loop: started if anything after it is `.start()`ed.
  return calls.some((c) => c.start > thread.end && /\.start$/.test(w.text(field(c, 'function')!).replace(/\s+/g, '')) && named(field(c, 'arguments') ?? c).length === 0);
}

/**
 * A thread pool used as `with ThreadPoolExecutor() as ex:` whose block ends before the pool is made (at module level:
 * at import): its threads are joined.
 */
function poolClosedBefore(pool: PyNode, made: PyNode | undefined): boolean {
  for (let n = pool.parent; n; n = n.parent) {
    if (n.type === 'with_statement') return made === undefined || n.end <= made.start;
    if (n.type !== 'with_item' && n.type !== 'with_clause' && n.type !== 'as_pattern') return false;
  }
  return false;
}
