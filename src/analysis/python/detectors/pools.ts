// Detector: threads and process pools used in ways that cannot work as meant.
// - no-cpu-work-on-threads: a function handed to a thread (asyncio.to_thread, run_in_executor with None or a thread
//   pool, a ThreadPoolExecutor's submit/map) whose body is pure-Python CPU work: it loops (or recurses) and calls
//   only builtins, methods of values in memory, pure standard modules and other such functions or methods of this
//   file; or a function of a pure standard module itself (`json.loads`, C code that keeps the GIL). The GIL makes
//   it serial. A function that does I/O, or calls anything else (a library that may release the GIL, a method
//   that may do I/O), is what threads are for and is left alone; so is a function defined in another module, whose
//   body this file cannot see.
// - no-unpicklable-process-task: a lambda, or a function defined inside another function, handed to a process pool
//   (submit/map/apply_async, run_in_executor(process_pool, ...)), directly or through functools.partial: pickle
//   cannot send it, so every call fails. A module-level function is fine.
// - no-worker-per-request: a ProcessPoolExecutor or multiprocessing.Pool created inside a function and not kept: in
//   a `with` block, a local variable, an argument. One stored in an attribute or a global (lazy initialisation), or
//   returned by a factory, is a pool kept for reuse.
// - no-large-postmessage-copy (process-copies.ts): a large array or bytes pickled to a process pool with every task.
// - no-fork-after-threads (fork-start.ts): a process or a pool started with fork after this file started threads.
import type { Binding } from '../../bindings';
import { libraryPath, splitPath } from '../binding-members';
import { pythonConstructor } from '../blocking-apis';
import {
  EXECUTOR_KIND, PROCESS_EXECUTOR_NAME, PROCESS_POOL_CLASSES, PURE_BUILTINS, PURE_METHODS, PURE_MODULES, TASK_METHODS,
  THREAD_EXECUTOR_NAME, THREAD_HANDOFF_FUNCTIONS,
} from '../pool-patterns';
import { field, named, unwrap, type PyNode } from '../syntax-tree';
import type { PyCtx, PythonWalker } from '../walker';
import { checkForkStart } from './fork-start';
import { checkLargeTaskArguments } from './process-copies';

/** A receiver named like something that talks to the outside: its methods are not judged pure, whatever their name. */
const IO_RECEIVER = /client|session|conn|http|api|db|cursor|redis|bucket|sock|request|response|file|fp|stream|queue|channel/i;

export function checkPools(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): void {
  checkPoolCreation(w, call, target, ctx);
  checkForkStart(w, call, target, ctx);
  const handOff = handOffOf(w, call, target, ctx);
  if (handOff?.kind === 'process') {
    checkPicklable(w, handOff.fn, handOff.via, ctx);
    checkLargeTaskArguments(w, call, handOff, ctx);
  } else if (handOff?.kind === 'thread') checkCpuOnThread(w, handOff.fn, ctx);
}

function positional(call: PyNode): PyNode[] {
  return named(field(call, 'arguments') ?? call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

/** A call that hands a function to a thread or a process: which, the function's argument, and the call as written. */
function handOffOf(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): { kind: 'thread' | 'process'; fn: PyNode; via: string; method: string } | undefined {
  const pos = positional(call);
  const fnNode = field(call, 'function')!;
  const via = `${w.text(fnNode).replace(/\s+/g, '')}()`;
  const path = libraryPath(target);
  if (path && THREAD_HANDOFF_FUNCTIONS.has(path)) return pos[0] ? { kind: 'thread', fn: pos[0], via, method: '' } : undefined;
  if (fnNode.type !== 'attribute') return undefined;
  const method = w.text(field(fnNode, 'attribute')!);
  if (method === 'run_in_executor' && pos.length >= 2) {
    const kind = executorKind(w, pos[0], ctx);
    return kind ? { kind, fn: pos[1], via, method } : undefined;
  }
  if (TASK_METHODS.has(method) && pos[0]) {
    const kind = executorKind(w, field(fnNode, 'object')!, ctx);
    return kind ? { kind, fn: pos[0], via, method } : undefined;
  }
  return undefined;
}

/** `None` is the loop's default executor, a thread pool; else a catalogued executor, or one named like a kind. */
function executorKind(w: PythonWalker, node: PyNode, ctx: PyCtx): 'thread' | 'process' | undefined {
  const n = unwrap(node);
  if (n.type === 'none') return 'thread';
  const b = w.valueBinding(n, ctx);
  if (b?.kind === 'node-instance' && EXECUTOR_KIND[b.className]) return EXECUTOR_KIND[b.className];
  if (n.type !== 'identifier' && n.type !== 'attribute') return undefined;
  const name = w.text(n).split('.').pop() ?? '';
  if (PROCESS_EXECUTOR_NAME.test(name)) return 'process';
  if (THREAD_EXECUTOR_NAME.test(name)) return 'thread';
  return undefined;
}

/** `functools.partial(fn, ...)` hands over `fn`. */
function handedFunction(w: PythonWalker, arg: PyNode): PyNode {
  const a = unwrap(arg);
  if (a.type === 'call' && /(^|\.)partial$/.test(w.text(field(a, 'function')!))) return unwrap(positional(a)[0] ?? a);
  return a;
}

function checkPicklable(w: PythonWalker, arg: PyNode, via: string, ctx: PyCtx): void {
  const fn = handedFunction(w, arg);
  let what: string | undefined;
  if (fn.type === 'lambda') what = 'a lambda';
  else if (fn.type === 'identifier') {
    const name = w.text(fn);
    if (ctx.scope.lookup(name)?.kind === 'fn' && w.isLocalName(name, ctx)) what = `${name}(), a function defined inside another function,`;
  }
  if (!what) return;
  w.candidate(ctx, 'no-unpicklable-process-task', fn,
    `${what} cannot be pickled, so ${via} fails with PicklingError on every call {where}; define the function at module level and bind its arguments with functools.partial`);
}

function checkCpuOnThread(w: PythonWalker, arg: PyNode, ctx: PyCtx): void {
  const fn = handedFunction(w, arg);
  let body: PyNode | undefined;
  let name: string;
  if (fn.type === 'lambda') {
    body = field(fn, 'body');
    name = 'the lambda';
  } else if (fn.type === 'identifier' || fn.type === 'attribute') {
    // A function or a method of this file (`count_tokens`, `self._parse_json`), or a pure library function
    // (`json.loads`, `re.sub`): C code that holds the GIL for its whole run.
    const b = w.valueBinding(fn, ctx);
    const def = b?.kind === 'fn' ? w.definitionOf(b.id) : undefined;
    body = def && field(def, 'body');
    name = `${w.text(fn).replace(/\s+/g, '')}()`;
    if (!body && !(b && b.kind === 'package-member' && libraryVerdict(b) === 'pure')) return;
  } else return;
  if (body && !isPureCpu(w, body, ctx, new Set())) return;
  w.candidate(ctx, 'no-cpu-work-on-threads', fn,
    `${name} is CPU work that holds the GIL, handed to a thread {where}: on a thread it runs no faster, two at once are slower than one, and the event loop waits for the GIL meanwhile; run it in a ProcessPoolExecutor created once, or in native code that releases the GIL`);
}

/** Nodes that run as part of this body: not nested function or class definitions (a lambda's body is kept). */
function* ownNodes(node: PyNode): Generator<PyNode> {
  for (const c of node.children) {
    if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'decorated_definition') continue;
    yield c;
    yield* ownNodes(c);
  }
}

const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * Loops (or calls a function that does) and calls nothing but pure code: builtins, pure methods on values in memory,
 * pure standard modules, and functions of this file that are themselves pure. `seen` guards recursion.
 */
function isPureCpu(w: PythonWalker, body: PyNode, ctx: PyCtx, seen: Set<PyNode>, outer: ReadonlyMap<string, PyNode> = new Map()): boolean {
  seen.add(body);
  // Functions defined in this body (helpers of a method, recursive formatters): judged by their own bodies.
  const local = new Map(outer);
  for (const n of ownNodes(body)) if (n.type === 'block') for (const st of named(n)) if (st.type === 'function_definition') local.set(w.text(field(st, 'name')!), st);
  for (const st of body.type === 'block' ? named(body) : []) if (st.type === 'function_definition') local.set(w.text(field(st, 'name')!), st);
  let loops = false;
  for (const n of [body, ...ownNodes(body)]) {
    if (LOOPS.has(n.type)) loops = true;
    if (n.type === 'with_statement' || n.type === 'await') return false;
    if (n.type !== 'call') continue;
    const callee = unwrap(field(n, 'function')!);
    const nested = callee.type === 'identifier' ? local.get(w.text(callee)) : undefined;
    const nestedBody = nested && field(nested, 'body');
    const verdict = nestedBody ? (seen.has(nestedBody) || isPureCpu(w, nestedBody, ctx, seen, local) ? 'loops' : 'impure') : pureCall(w, callee, ctx, seen);
    if (verdict === 'impure') return false;
    if (verdict === 'loops') loops = true;
  }
  return loops;
}

function pureCall(w: PythonWalker, callee: PyNode, ctx: PyCtx, seen: Set<PyNode>): 'pure' | 'loops' | 'impure' {
  if (callee.type === 'identifier') {
    const name = w.text(callee);
    const b = w.moduleLookup(name);
    if (b?.kind === 'fn') {
      const def = w.definitionOf(b.id);
      const body = def && field(def, 'body');
      if (!body) return 'impure';
      // A function of this file: pure if its own body is; calling itself is recursion, a loop of its own.
      if (seen.has(body)) return 'loops';
      return isPureCpu(w, body, ctx, seen) ? 'loops' : 'impure';
    }
    // Not a module-level name: a builtin, or a local or a parameter, which could be anything.
    if (b === undefined || b.kind === 'opaque') return PURE_BUILTINS.has(name) ? 'pure' : 'impure';
    return libraryVerdict(b);
  }
  if (callee.type !== 'attribute') return 'impure';
  // `self._format(x)`: a method of this class, judged by its body like a function of this file.
  const bound = w.valueBinding(callee, ctx);
  if (bound?.kind === 'fn') {
    const body = field(w.definitionOf(bound.id) ?? callee, 'body');
    if (!body) return 'impure';
    if (seen.has(body)) return 'loops';
    return isPureCpu(w, body, ctx, seen) ? 'loops' : 'impure';
  }
  const receiver = unwrap(field(callee, 'object')!);
  const method = w.text(field(callee, 'attribute')!);
  const head = receiver.type === 'identifier' ? w.moduleLookup(w.text(receiver)) : undefined;
  if (head && head.kind !== 'opaque' && head.kind !== 'class' && head.kind !== 'fn') return libraryVerdict(head);
  // A method of a value in memory: a local, a literal, the result of a call (`text.lower().split()`).
  const receiverText = w.text(receiver);
  if (receiverText === 'self' || receiverText.startsWith('self.') || IO_RECEIVER.test(receiverText.split('.').pop() ?? '')) return 'impure';
  return PURE_METHODS.has(method) ? 'pure' : 'impure';
}

/** A library call: pure only in the standard modules that compute in memory. */
function libraryVerdict(b: Binding): 'pure' | 'impure' {
  const path = libraryPath(b);
  if (!path) return 'impure';
  const module = b.kind === 'package-member' ? splitPath(b).module.split('.')[0] : path.split('.')[0];
  return PURE_MODULES.has(module) ? 'pure' : 'impure';
}

/** `ProcessPoolExecutor()` or `multiprocessing.Pool()` created per call and not kept for reuse. */
function checkPoolCreation(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): void {
  if (target?.kind !== 'package-member') return;
  const { module, name } = splitPath(target);
  const cls = pythonConstructor(module, name);
  if (!cls || !PROCESS_POOL_CLASSES.has(cls) || isKept(w, call)) return;
  w.candidate(ctx, 'no-worker-per-request', call,
    `${w.text(field(call, 'function')!).replace(/\s+/g, '')}() starts a pool of worker processes per call {where}: each is a new Python interpreter that imports the program again, tens of milliseconds and megabytes apiece; create one pool at start-up (a lifespan handler, or module level) and reuse it`);
}

/** Stored where it outlives the call: an attribute, a `global`/`nonlocal` name, or returned to the caller. */
function isKept(w: PythonWalker, call: PyNode): boolean {
  let node = call;
  while (node.parent && (node.parent.type === 'parenthesized_expression' || node.parent.type === 'conditional_expression')) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'return_statement') return true;
  if (parent.type !== 'assignment' || node.field !== 'right') return false;
  const left = field(parent, 'left');
  if (!left) return false;
  if (left.type === 'attribute' || left.type === 'subscript') return true;
  if (left.type !== 'identifier') return false;
  const name = w.text(left);
  let fn = parent.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const body = fn && field(fn, 'body');
  return body !== undefined && [...ownNodes(body)].some((n) => (n.type === 'global_statement' || n.type === 'nonlocal_statement') && named(n).some((id) => w.text(id) === name));
}
