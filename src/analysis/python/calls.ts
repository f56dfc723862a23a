// What one call adds to the facts: the edge to what it calls (and to `__init__` when it may construct a class), a
// dynamic call by name when the receiver is unknown, the list a loop fills with `.append(...)`, the call detectors
// (blocking calls, gather, pools), and its arguments by the role registrations.ts gives them: a function handed to a
// thread or a process runs off the loop (no edge), one handed to `map`/`sorted` runs now, any other is a reference.
// The call's parts are walked back through the walker (walk.ts).
import { checkAccumulatingReduce } from './detectors/accumulating-copy';
import { checkBlockingCall } from './detectors/blocking-call';
import { checkGather } from './detectors/gather';
import { checkPools } from './detectors/pools';
import { isSuperCall, valueBinding } from './expression-bindings';
import { argumentRole, callRoles } from './registrations';
import { field, named, textOf, unwrap, type PyNode } from './syntax-tree';
import type { PyCtx, PythonWalker } from './walker';

/** Calls whose function arguments run at once, as part of the caller: `map(f, xs)`, `sorted(xs, key=f)`. */
const RUNS_CALLBACK_NOW = new Set(['map', 'filter', 'sorted', 'min', 'max', 'reduce', 'any', 'all']);

export function visitCall(w: PythonWalker, call: PyNode, ctx: PyCtx): void {
  const fnNode = field(call, 'function')!;
  const target = valueBinding(w, fnNode, ctx);
  const from = ctx.fn ?? w.facts.topId;
  const at = w.positionOf(call);
  if (target) {
    if (target.kind === 'fn' || target.kind === 'project-export' || target.kind === 'member' || target.kind === 'project-module') {
      w.facts.edges.push({ from, to: target, ...at, kind: 'call' });
      // Calling a class runs its __init__; for an imported name the linker finds out whether it is a class.
      if (target.kind !== 'fn') w.facts.edges.push({ from, to: { kind: 'member', of: target, name: '__init__' }, ...at, kind: 'call' });
    } else if (target.kind === 'class') {
      const init = target.methods.get('__init__');
      if (init) w.facts.edges.push({ from, to: init, ...at, kind: 'call' });
    }
  } else if (fnNode.type === 'attribute' && !isSuperCall(w, unwrap(field(fnNode, 'object')!), ctx)) {
    // `x.perform()` on a receiver nothing tells us about: the linker may link it to a family of methods of that name.
    // Not `super().m()` on a library base (`Exception`, `BaseModel`): that runs the library's method.
    const name = textOf(w.tree, field(fnNode, 'attribute')!);
    // `await upload.read()`: only an `async def` of that name can be what runs (a plain `def read` cannot be awaited).
    const awaited = call.parent?.type === 'await';
    w.facts.dynamicCalls.push({ from, name, ...at, once: false, ...(awaited && { awaited }) });
  }
  if (ctx.loopSource && fnNode.type === 'attribute' && textOf(w.tree, field(fnNode, 'attribute')!) === 'append') {
    // `tasks.append(fetch(u))` in a loop: `tasks` holds one entry per item of the loop.
    const list = valueBinding(w, field(fnNode, 'object')!, ctx);
    if (list && !w.appendedInLoop.has(list)) w.appendedInLoop.set(list, ctx.loopSource);
  }
  if (ctx.fn) {
    checkBlockingCall(w, call, target, ctx);
    checkGather(w, call, target, ctx);
    checkPools(w, call, target, ctx);
    checkAccumulatingReduce(w, call, target, ctx);
  }
  w.visit(fnNode, ctx);
  const args = field(call, 'arguments');
  if (!args) return;
  const roles = callRoles(w, call, target, ctx);
  const calleeName = fnNode.type === 'identifier' ? textOf(w.tree, fnNode) : fnNode.type === 'attribute' ? textOf(w.tree, field(fnNode, 'attribute')!) : '';
  for (const arg of named(args)) {
    const role = argumentRole(roles, arg);
    const value = arg.type === 'keyword_argument' ? field(arg, 'value') : arg;
    if (!value) continue;
    if (role === 'off-loop') {
      visitOffLoop(w, value, ctx);
      continue;
    }
    if (role === 'plain') {
      const b = value.type === 'identifier' || value.type === 'attribute' ? valueBinding(w, value, ctx) : undefined;
      if (b && (b.kind === 'fn' || b.kind === 'project-export' || b.kind === 'member')) {
        // A function handed over: run now by map/sorted..., otherwise whenever the callee decides.
        w.facts.edges.push({ from, to: b, ...w.positionOf(value), kind: RUNS_CALLBACK_NOW.has(calleeName) ? 'call' : 'reference' });
      }
    }
    w.visit(value, ctx);
  }
}

/**
 * A function handed to a thread or a process pool: no edge to it, since it does not run on the loop. Of
 * `functools.partial(fn, x)` only the bound arguments are evaluated here; a lambda's body runs over there too.
 */
function visitOffLoop(w: PythonWalker, value: PyNode, ctx: PyCtx): void {
  if (value.type === 'identifier' || value.type === 'attribute') {
    handedOff(w, value, ctx);
    return;
  }
  if (value.type === 'lambda') return;
  if (value.type === 'call' && /(^|\.)partial$/.test(textOf(w.tree, field(value, 'function')!))) {
    const [fn, ...bound] = named(field(value, 'arguments') ?? value);
    if (fn) handedOff(w, fn, ctx);
    for (const a of bound) w.visit(a, ctx);
    return;
  }
  w.visit(value, ctx);
}

/**
 * A nested `def` handed to a thread or a process pool runs there, not where it is defined: the edge its definition
 * made (a closure may run whenever its parent does) is taken back. A direct call of it elsewhere keeps its own edge.
 */
function handedOff(w: PythonWalker, value: PyNode, ctx: PyCtx): void {
  if (value.type !== 'identifier' || !ctx.fn) return;
  const b = ctx.scope.lookup(textOf(w.tree, value));
  if (b?.kind !== 'fn') return;
  const at = w.facts.edges.findIndex((e) => e.kind === 'nested' && e.from === ctx.fn && e.to.kind === 'fn' && e.to.id === b.id);
  if (at >= 0) w.facts.edges.splice(at, 1);
}
