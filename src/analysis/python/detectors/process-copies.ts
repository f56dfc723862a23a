// Detector (no-large-postmessage-copy, Python): a large array or a large bytes value handed to a process pool with
// every task. The pool pickles each task's arguments in the parent, writes them through a pipe and unpickles them in
// the worker: a full copy or two per task, on the calling thread. `multiprocessing.shared_memory` (or a worker that
// loads the data itself, once) avoids it.
//
// Flagged, for a pool known to be a process pool (see pools.ts): the arguments of `submit(fn, ...)`,
// `apply_async(fn, args)`, `run_in_executor(pool, fn, ...)`, the items of `map(fn, items)` / `starmap(fn, items)`
// (a literal list, `[arr] * n`, a comprehension, `itertools.repeat(arr)`, `zip(...)` of those), and the arguments
// bound with `functools.partial(fn, arr)`, when the value is evidently large:
// - a NumPy array made with a constant shape of LARGE_TASK_BYTES or more (`np.zeros((1000, 1000))`), `bytes(n)`,
//   `bytearray(n)`, `os.urandom(n)`, `array.array(...)` of a constant size, `b"\0" * n`;
// - an array or bytes read whole from a file (`np.load(path)`, `np.fromfile`, `Path.read_bytes()`,
//   `open(path, "rb").read()`), whose size is the file's;
// - `.tobytes()`, `.copy()`, `np.asarray(...)`... of one of those;
// reached through a local name, a module-level name or a `self.` field of the class.
// Left alone: a value of unknown size (a parameter, a request body, the result of a project function), small
// constant sizes, thread pools (nothing is pickled), and a pool that cannot be told to be a process pool. Torch
// tensors are not values this detector knows: torch.multiprocessing already moves their storage to shared memory.
import { libraryPath } from '../binding-members';
import {
  ITEM_SIZES, LARGE_TASK_BYTES, NUMPY_DIMENSIONS, NUMPY_FILE_READS, NUMPY_SAME_SIZE, NUMPY_SHAPED, NUMPY_SIZED, RANDOM_BYTES,
  SAME_SIZE_METHODS,
} from '../pool-patterns';
import { field, named, shortText, unwrap, type PyNode } from '../syntax-tree';
import { constantNumber, fieldOrigins, moduleCtx, originOf } from '../value-origins';
import type { PyCtx, PythonWalker } from '../walker';

/** A value the detector can size: a known number of bytes, or the whole contents of a file. */
interface Sized {
  bytes?: number;
  fromFile?: boolean;
  /** "a NumPy array", "bytes". */
  what: string;
}

const MAX_DEPTH = 8;

/** How a process pool receives a task: the call, the method, and where its function and arguments are. */
export interface ProcessTask {
  method: string;
  via: string;
}

function keywordArgs(call: PyNode): PyNode[] {
  return named(field(call, 'arguments') ?? call).filter((a) => a.type === 'keyword_argument');
}

function positionalArgs(call: PyNode): PyNode[] {
  return named(field(call, 'arguments') ?? call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

function keyword(w: PythonWalker, call: PyNode, name: string): PyNode | undefined {
  const kw = keywordArgs(call).find((a) => w.text(field(a, 'name')!) === name);
  return kw && field(kw, 'value');
}

/** Checks what a call to a process pool pickles with every task. */
export function checkLargeTaskArguments(w: PythonWalker, call: PyNode, task: ProcessTask, ctx: PyCtx): void {
  const pos = positionalArgs(call);
  const fnIndex = task.method === 'run_in_executor' ? 1 : 0;
  const fn = pos[fnIndex];
  if (!fn) return;
  // Each entry: the argument as written, the values in it that are pickled with each task, and how to say so.
  const direct: PyNode[] = [];
  const perItem: PyNode[] = [];
  const handed = unwrap(fn);
  if (handed.type === 'call' && /(^|\.)partial$/.test(w.text(field(handed, 'function')!))) {
    direct.push(...positionalArgs(handed).slice(1), ...keywordArgs(handed).map((k) => field(k, 'value')!).filter(Boolean));
  }
  const rest = pos.slice(fnIndex + 1);
  switch (task.method) {
    case 'submit':
    case 'run_in_executor':
      direct.push(...rest, ...keywordArgs(call).map((k) => field(k, 'value')!).filter(Boolean));
      break;
    case 'apply':
    case 'apply_async':
      for (const a of [rest[0], rest[1], keyword(w, call, 'args'), keyword(w, call, 'kwds')]) if (a) direct.push(a);
      break;
    case 'map':
    case 'imap':
    case 'imap_unordered':
    case 'map_async':
    case 'starmap':
    case 'starmap_async':
      // ProcessPoolExecutor.map takes several iterables; Pool.map one, then a chunk size.
      perItem.push(...(task.method === 'map' ? rest.filter((a) => unwrap(a).type !== 'integer') : rest.slice(0, 1)));
      break;
    default:
      return;
  }
  for (const arg of direct) {
    const found = largeIn(w, arg, ctx, 0);
    if (found) report(w, arg, found.node, found.size, task, ctx, false);
  }
  for (const arg of perItem) {
    for (const item of itemsOf(w, arg, ctx, 0)) {
      const found = largeIn(w, item.node, item.ctx, 0);
      if (found) {
        report(w, arg, found.node, found.size, task, ctx, true);
        break;
      }
    }
  }
}

function report(w: PythonWalker, arg: PyNode, big: PyNode, size: Sized, task: ProcessTask, ctx: PyCtx, perItem: boolean): void {
  const shown = shortText(w.tree, big);
  const desc = size.fromFile ? `${size.what} read whole from a file` : `${size.what} of ${formatBytes(size.bytes!)}`;
  const subject = perItem ? `every item of ${shortText(w.tree, arg)} holds ${shown} (${desc}), which` : `${shown} (${desc})`;
  const fix = size.fromFile
    ? 'pass the path and let the worker load it (once per worker, in the pool\'s initializer), or share it through multiprocessing.shared_memory'
    : 'put it in multiprocessing.shared_memory once and pass the block\'s name, or build it in the worker';
  w.candidate(ctx, 'no-large-postmessage-copy', arg,
    `${subject} is pickled and copied into a worker process with every task of ${task.via} {where}; ${fix}`);
}


function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${mib >= 10 ? Math.round(mib) : mib.toFixed(1)} MiB`;
}

/** The items a `map` sends, one per task: of a literal list, `[x] * n`, a comprehension, `repeat(x)`, `zip(...)`. */
function itemsOf(w: PythonWalker, node: PyNode, ctx: PyCtx, depth: number): Array<{ node: PyNode; ctx: PyCtx }> {
  if (depth > MAX_DEPTH) return [];
  const n = unwrap(node);
  switch (n.type) {
    case 'list':
    case 'tuple':
    case 'set':
      return named(n).filter((c) => c.type !== 'list_splat').map((c) => ({ node: c, ctx }));
    case 'list_comprehension':
    case 'generator_expression':
    case 'set_comprehension': {
      const body = field(n, 'body');
      return body ? [{ node: body, ctx }] : [];
    }
    case 'binary_operator': {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !right || w.tree.text.slice(left.end, right.start).trim() !== '*') return [];
      return [...itemsOf(w, left, ctx, depth + 1), ...itemsOf(w, right, ctx, depth + 1)];
    }
    case 'call': {
      const path = libraryPath(w.valueBinding(field(n, 'function')!, ctx));
      const callee = w.text(field(n, 'function')!);
      const args = positionalArgs(n);
      if (path === 'itertools.repeat' && args[0]) return [{ node: args[0], ctx }];
      if (callee === 'zip' && w.valueBinding(field(n, 'function')!, ctx) === undefined) return args.flatMap((a) => itemsOf(w, a, ctx, depth + 1));
      return [];
    }
    case 'identifier': {
      const origin = originOf(w, w.text(n), n, ctx);
      return origin ? itemsOf(w, origin.value, origin.moduleLevel ? moduleCtx(ctx) : ctx, depth + 1) : [];
    }
    default:
      return [];
  }
}

/** A large value in `node`: the node itself, or one inside a tuple, list or dict literal that is pickled with it. */
function largeIn(w: PythonWalker, node: PyNode, ctx: PyCtx, depth: number): { node: PyNode; size: Sized } | undefined {
  const n = unwrap(node);
  if (n.type === 'tuple' || n.type === 'list' || n.type === 'dictionary') {
    for (const c of named(n)) {
      const inner = c.type === 'pair' ? field(c, 'value') : c;
      const found = inner && largeIn(w, inner, ctx, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const size = sizeOf(w, n, ctx, 0);
  return size && (size.fromFile || (size.bytes ?? 0) >= LARGE_TASK_BYTES) ? { node: n, size } : undefined;
}

/** The size of a binary value (an array, bytes), known from the code; undefined for anything else. */
function sizeOf(w: PythonWalker, node: PyNode, ctx: PyCtx, depth: number): Sized | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier': {
      const origin = originOf(w, w.text(n), n, ctx);
      return origin ? sizeOf(w, origin.value, origin.moduleLevel ? moduleCtx(ctx) : ctx, depth + 1) : undefined;
    }
    case 'attribute': {
      // `self.matrix`: every value the class assigns to the field must be large, the smallest counts.
      const values = fieldOrigins(w, n);
      if (!values || values.length === 0) return undefined;
      const sizes = values.map((v) => sizeOf(w, v, ctx, depth + 1));
      if (sizes.some((s) => !s)) return undefined;
      return sizes.find((s) => !s!.fromFile && (s!.bytes ?? 0) < LARGE_TASK_BYTES) ?? sizes[0];
    }
    case 'string': {
      const start = n.children.find((c) => c.type === 'string_start');
      if (!start || !/^[rR]?[bB]|^[bB][rR]?/.test(w.text(start))) return undefined;
      // Each escape sequence (`\0`, `\x00`) is one byte.
      let bytes = 0;
      for (const c of n.children.filter((x) => x.type === 'string_content')) {
        const escapes = c.children.filter((x) => x.type === 'escape_sequence');
        bytes += w.text(c).length - escapes.reduce((sum, e) => sum + w.text(e).length - 1, 0);
      }
      return { bytes, what: 'bytes' };
    }
    case 'binary_operator': {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !right || w.tree.text.slice(left.end, right.start).trim() !== '*') return undefined;
      const sides = [[left, right], [right, left]].map(([v, c]) => [sizeOf(w, v, ctx, depth + 1), constantNumber(w, c, ctx)] as const);
      const [value, count] = sides.find(([s, k]) => s?.bytes !== undefined && k !== undefined) ?? [];
      if (!value || count === undefined) return undefined;
      // `arr * 2` multiplies a NumPy array element by element; `b"\0" * n` and `array.array(...) * n` repeat.
      return value.what === 'a NumPy array' ? value : { bytes: value.bytes! * count, what: value.what };
    }
    case 'call':
      return callSize(w, n, ctx, depth);
    default:
      return undefined;
  }
}

function callSize(w: PythonWalker, call: PyNode, ctx: PyCtx, depth: number): Sized | undefined {
  const fnNode = field(call, 'function')!;
  const target = w.valueBinding(fnNode, ctx);
  const path = libraryPath(target);
  const args = positionalArgs(call);
  const num = (node: PyNode | undefined): number | undefined => (node ? constantNumber(w, node, ctx) : undefined);
  if (path) {
    const itemSize = (fallback: PyNode | undefined): number => {
      const dtype = keyword(w, call, 'dtype') ?? fallback;
      if (!dtype) return 8;
      const name = w.stringValue(dtype) ?? w.text(dtype).split('.').pop() ?? '';
      return ITEM_SIZES[name] ?? 1;
    };
    if (NUMPY_SHAPED.has(path)) {
      const shape = args[0] ?? keyword(w, call, 'shape') ?? keyword(w, call, 'size');
      const elements = shape && shapeElements(w, shape, ctx);
      const fill = path === 'numpy.full' ? unwrap(args[1] ?? call) : undefined;
      const dtypeArg = path === 'numpy.full' ? args[2] : /numpy\.(zeros|ones|empty)$/.test(path) ? args[1] : undefined;
      const size = fill && (fill.type === 'true' || fill.type === 'false') && !dtypeArg && !keyword(w, call, 'dtype') ? 1 : itemSize(dtypeArg);
      return elements !== undefined ? { bytes: elements * size, what: 'a NumPy array' } : undefined;
    }
    if (NUMPY_DIMENSIONS.has(path)) {
      const dims = args.map((a) => num(a));
      return dims.length > 0 && dims.every((d) => d !== undefined) ? { bytes: dims.reduce((a, b) => a! * b!, 1)! * 8, what: 'a NumPy array' } : undefined;
    }
    if (NUMPY_SIZED.has(path)) {
      const shape = keyword(w, call, 'size');
      const elements = shape && shapeElements(w, shape, ctx);
      return elements !== undefined ? { bytes: elements * itemSize(undefined), what: 'a NumPy array' } : undefined;
    }
    if (path === 'numpy.arange') {
      const [a, b] = args.map((x) => num(x));
      const count = args.length === 1 ? a : args.length === 2 && a !== undefined && b !== undefined ? b - a : undefined;
      return count !== undefined ? { bytes: count * itemSize(undefined), what: 'a NumPy array' } : undefined;
    }
    if (path === 'numpy.eye' || path === 'numpy.identity') {
      const k = num(args[0]);
      return k !== undefined && args.length === 1 ? { bytes: k * k * itemSize(undefined), what: 'a NumPy array' } : undefined;
    }
    if (NUMPY_FILE_READS.has(path)) return { fromFile: true, what: 'a NumPy array' };
    if (NUMPY_SAME_SIZE.has(path) && args[0]) {
      const inner = sizeOf(w, args[0], ctx, depth + 1);
      return inner && { ...inner, what: inner.what === 'bytes' && path !== 'numpy.frombuffer' ? 'bytes' : 'a NumPy array' };
    }
    if (RANDOM_BYTES.has(path)) {
      const k = num(args[0]);
      return k !== undefined ? { bytes: k, what: 'bytes' } : undefined;
    }
    if (path === 'array.array') {
      const code = w.stringValue(args[0]);
      const init = args[1] && unwrap(args[1]);
      if (!code || !init) return undefined;
      const item = ITEM_SIZES[code] ?? 1;
      if (init.type === 'call' && w.text(field(init, 'function')!) === 'range' && !w.valueBinding(field(init, 'function')!, ctx)) {
        const r = positionalArgs(init).map((x) => num(x));
        const count = r.length === 1 ? r[0] : r.length === 2 && r[0] !== undefined && r[1] !== undefined ? r[1] - r[0] : undefined;
        return count !== undefined ? { bytes: count * item, what: 'an array.array' } : undefined;
      }
      if (init.type === 'list') return { bytes: named(init).length * item, what: 'an array.array' };
      const inner = sizeOf(w, init, ctx, depth + 1);
      return inner && { ...inner, what: 'an array.array' };
    }
    if (path === 'builtins.open') return undefined;
  }
  if (target?.kind === 'node-method' && target.module === 'pathlib' && target.name === 'read_bytes') return { fromFile: true, what: 'bytes' };
  // `bytes(n)`, `bytearray(n)`, `bytes(arr)`: builtins, when nothing here shadows the name.
  if (fnNode.type === 'identifier' && !target && /^(bytes|bytearray)$/.test(w.text(fnNode)) && args[0]) {
    const k = num(args[0]);
    if (k !== undefined) return { bytes: k, what: w.text(fnNode) === 'bytes' ? 'bytes' : 'a bytearray' };
    const inner = sizeOf(w, args[0], ctx, depth + 1);
    return inner && { ...inner, what: 'bytes' };
  }
  if (fnNode.type !== 'attribute') return undefined;
  const method = w.text(field(fnNode, 'attribute')!);
  const receiver = field(fnNode, 'object')!;
  if (SAME_SIZE_METHODS.has(method)) {
    const inner = sizeOf(w, receiver, ctx, depth + 1);
    return inner && (method === 'tobytes' ? { ...inner, what: 'bytes' } : inner);
  }
  if (method === 'astype') {
    const inner = sizeOf(w, receiver, ctx, depth + 1);
    const dtype = args[0] && (w.stringValue(args[0]) ?? w.text(args[0]).split('.').pop() ?? '');
    if (!inner || inner.fromFile) return inner;
    return { ...inner, bytes: Math.floor((inner.bytes! / 8) * (ITEM_SIZES[dtype ?? ''] ?? 1)) };
  }
  if (method === 'read' && args.length === 0 && keywordArgs(call).length === 0 && isBinaryOpen(w, receiver, ctx, depth)) return { fromFile: true, what: 'bytes' };
  return undefined;
}

/** `open(path, "rb")`, directly or through the name `with open(path, "rb") as f` binds. */
function isBinaryOpen(w: PythonWalker, node: PyNode, ctx: PyCtx, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unwrap(node);
  if (n.type === 'identifier') {
    const origin = originOf(w, w.text(n), n, ctx);
    return origin !== undefined && isBinaryOpen(w, origin.value, origin.moduleLevel ? moduleCtx(ctx) : ctx, depth + 1);
  }
  if (n.type !== 'call') return false;
  const path = libraryPath(w.valueBinding(field(n, 'function')!, ctx));
  const isOpen = path === 'builtins.open' || path === 'io.open' || (w.valueBinding(field(n, 'function')!, ctx)?.kind === 'node-method' && w.text(field(field(n, 'function')!, 'attribute') ?? n) === 'open');
  if (!isOpen) return false;
  const args = positionalArgs(n);
  const modeIndex = path === 'builtins.open' || path === 'io.open' ? 1 : 0;
  const mode = w.stringValue(keyword(w, n, 'mode') ?? args[modeIndex]);
  return mode !== undefined && mode.includes('b') && !/[wax+]/.test(mode);
}

/** The number of elements of a constant shape: `(1000, 1000)`, `[n, d]`, `4096`. */
function shapeElements(w: PythonWalker, shape: PyNode, ctx: PyCtx): number | undefined {
  const s = unwrap(shape);
  if (s.type === 'tuple' || s.type === 'list') {
    const dims = named(s).map((d) => constantNumber(w, d, ctx));
    return dims.length > 0 && dims.every((d) => d !== undefined) ? dims.reduce((a, b) => a! * b!, 1) : undefined;
  }
  return constantNumber(w, s, ctx);
}
