// Detector: `await` inside a `for` loop over independent items, in an `async def`: each iteration waits for the
// previous one though none needs its result, so the total time is the sum of the latencies. Quiet when the loop is
// sequential by design: a step needs the previous step's result (`text = await refine(text, rule)`, a cursor), the
// loop paces itself (`await asyncio.sleep`), stops early (`break`/`return`: retries, searches), does not use the
// item in what it awaits, or is an `async for` (a stream read in order). Also quiet when the items are tasks already
// running together: `for coro in asyncio.as_completed(tasks): await coro`, `for t in done: await t` (asyncio.wait's
// result): the loop only collects their results.
import { NO_BINDING } from '../../bindings';
import { PACING_CALLEE } from '../../entry-patterns';
import { field, hasToken, named, ownNodes, unwrap, type PyNode } from '../syntax-tree';
import type { PyCtx, PythonWalker } from '../walker';

function identifiersIn(w: PythonWalker, node: PyNode): Array<{ name: string; at: number }> {
  const out = node.type === 'identifier' ? [{ name: w.text(node), at: node.start }] : [];
  for (const n of ownNodes(node)) {
    // `x.attr`: the attribute name is not a variable.
    if (n.type === 'identifier' && n.field !== 'attribute' && n.field !== 'name') out.push({ name: w.text(n), at: n.start });
  }
  return out;
}

export function checkAwaitInLoop(w: PythonWalker, loop: PyNode, ctx: PyCtx): void {
  if (hasToken(loop, 'async')) return;
  const body = field(loop, 'body');
  const left = field(loop, 'left');
  if (!body || !left) return;
  const source = field(loop, 'right');
  if (source && isAsCompleted(w, unwrap(source))) return;
  const items = new Set(identifiersIn(w, left).map((i) => i.name));
  const awaits: PyNode[] = [];
  /** Where each name is first assigned in the body (the end of that assignment). */
  const assigned = new Map<string, number>();
  for (const n of ownNodes(body)) {
    if (n.type === 'break_statement' || n.type === 'return_statement') return;
    if (n.type === 'await') awaits.push(n);
    if ((n.type === 'assignment' || n.type === 'augmented_assignment') && field(n, 'left')) {
      const target = field(n, 'left')!;
      const names = target.type === 'identifier' ? [target] : named(target).filter((t) => t.type === 'identifier');
      for (const t of names) if (!assigned.has(w.text(t))) assigned.set(w.text(t), n.end);
    }
  }
  if (awaits.length === 0) return;
  for (const a of awaits) {
    const inner = unwrap(named(a)[0] ?? a);
    const callee = inner.type === 'call' ? w.text(field(inner, 'function')!) : '';
    if (PACING_CALLEE.test(callee.split('.').pop() ?? '')) return;
    // A value carried from one iteration to the next: read by an await before (or in) the statement that assigns it.
    for (const id of identifiersIn(w, a)) {
      const end = assigned.get(id.name);
      if (end !== undefined && id.at < end) return;
    }
  }
  // `await t` on the item itself: the item is a task or a future that is already running, unless the loop walks a
  // list of coroutines made by a comprehension (`coros = [fetch(u) for u in urls]`), which start only when awaited.
  const started = !source || !isCoroutineList(w, unwrap(source), ctx);
  const first = awaits.find((a) => !(started && awaitsItself(w, a, items)) && identifiersIn(w, a).some((id) => items.has(id.name)));
  if (!first) return;
  // The loop's other awaits wait one after another too: the finding shows them, so that its cost per item is in view.
  const related = awaits.filter((a) => a !== first).map((a) => ({ ...w.positionOf(a), message: 'also awaited in this loop, once per item' }));
  w.candidate(ctx, 'no-sequential-await-in-loop', first,
    'await inside this loop runs independent operations one after another {where}; start them together with asyncio.gather (bounded by an asyncio.Semaphore) or an asyncio.TaskGroup',
    related.length > 0 ? { related } : {});
}

/** `asyncio.as_completed(tasks)`: the tasks run together, the loop takes each result as it comes. */
function isAsCompleted(w: PythonWalker, source: PyNode): boolean {
  return source.type === 'call' && /(^|\.)as_completed$/.test(w.text(field(source, 'function')!));
}

/** `await item`: the loop variable awaited as it is, not a call made with it. */
function awaitsItself(w: PythonWalker, a: PyNode, items: Set<string>): boolean {
  const inner = unwrap(named(a)[0] ?? a);
  return inner.type === 'identifier' && items.has(w.text(inner));
}

/** `[fetch(u) for u in urls]` (or a name bound to it): coroutine objects, not tasks (`create_task` starts those). */
function isCoroutineList(w: PythonWalker, source: PyNode, ctx: PyCtx): boolean {
  const comp = source.type === 'identifier' ? w.comprehensions.get(w.valueBinding(source, ctx) ?? NO_BINDING) : source;
  if (!comp || (comp.type !== 'list_comprehension' && comp.type !== 'generator_expression')) return false;
  const body = field(comp, 'body');
  const call = body && unwrap(body);
  return call?.type === 'call' && !/(^|\.)(create_task|ensure_future)$/.test(w.text(field(call, 'function')!));
}
