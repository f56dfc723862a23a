// Detector: a task or coroutine whose result is dropped.
// - `asyncio.create_task(...)` / `ensure_future` / `loop.create_task` as a statement: the event loop keeps only a weak
//   reference to tasks, so one nobody holds can be garbage-collected mid-flight, and its exception is never seen.
//   `TaskGroup.create_task` is not flagged: the group holds its tasks.
// - a project coroutine function called without `await`: the coroutine object is made and dropped, and never runs.
//   Emitted only if the callee turns out to be an `async def` (the linker checks, across files).
import { libraryPath } from '../binding-members';
import { field, unwrap, type PyNode } from '../syntax-tree';
import type { PyCtx, PythonWalker } from '../walker';

const TASK_FACTORIES = new Set(['asyncio.create_task', 'asyncio.ensure_future']);

/** `expr` is an expression statement's expression. */
export function checkDroppedTask(w: PythonWalker, expr: PyNode, ctx: PyCtx): void {
  if (!ctx.fn) return;
  const call = unwrap(expr);
  if (call.type !== 'call') return;
  const fn = field(call, 'function')!;
  const target = w.valueBinding(fn, ctx);
  const path = libraryPath(target);
  const loopMethod = target?.kind === 'node-method' && target.module === 'asyncio' && target.className === 'AbstractEventLoop' && target.name === 'create_task';
  if ((path && TASK_FACTORIES.has(path)) || loopMethod) {
    w.candidate(ctx, 'no-floating-promise', call,
      `the task ${w.text(fn)}() returns is dropped {where}: the event loop keeps only a weak reference, so it can be garbage-collected mid-flight and its exception is lost; keep it in a set and discard it in a done callback, or use an asyncio.TaskGroup`);
    return;
  }
  if (target && (target.kind === 'fn' || target.kind === 'project-export' || target.kind === 'member')) {
    w.candidate(ctx, 'no-floating-promise', call,
      `${w.text(fn)}() is a coroutine function called without await {where}: the coroutine is never run (Python warns "coroutine ... was never awaited"); await it, or start it with asyncio.create_task and keep the task`,
      { requiresPromiseTarget: target });
  }
}
