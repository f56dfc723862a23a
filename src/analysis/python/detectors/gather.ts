// Detector: `asyncio.gather(*...)` over a collection whose size the input decides: one task per item, all at once, so
// sockets, rate limits and memory grow with the input. Quiet for a fixed set of awaitables (`gather(a(), b())`), a
// comprehension over a literal or a constant `range`, a bounded slice (`items[:8]`), items wrapped in a limiter
// (`limited(fetch(u))`, a function named like a semaphore or limit), and a list gathered in batches inside the loop
// that fills it.
import type { Binding } from '../../bindings';
import { namesLimiter } from '../../entry-patterns';
import { libraryPath } from '../binding-members';
import { field, named, shortText, unwrap, type PyNode } from '../syntax-tree';
import type { PyCtx, PythonWalker } from '../walker';

export function checkGather(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): void {
  if (libraryPath(target) !== 'asyncio.gather') return;
  const splat = named(field(call, 'arguments') ?? call).find((a) => a.type === 'list_splat');
  if (!splat) return;
  const spread = unwrap(named(splat)[0] ?? splat);
  let comprehension: PyNode | undefined;
  /** What the tasks are made from: a comprehension's iterables, map's list, or the loop that appended them. */
  const sources: PyNode[] = [];
  if (spread.type === 'list_comprehension' || spread.type === 'generator_expression') comprehension = spread;
  else if (spread.type === 'identifier') {
    const b = w.valueBinding(spread, ctx);
    if (!b) return;
    comprehension = w.comprehensions.get(b);
    // A list filled in a loop is as unbounded as the loop; a literal list, or a name not known to hold tasks, is not.
    // Gathered inside the loop that fills it, the list is a batch (`if len(tasks) == 128: await gather(*tasks)`).
    if (!comprehension) {
      const loopSource = w.appendedInLoop.get(b);
      if (!loopSource || isBoundedSource(w, loopSource, ctx) || ctx.loopSource === loopSource) return;
      sources.push(loopSource);
    }
  } else if (spread.type === 'call' && w.text(field(spread, 'function')!) === 'map') {
    const source = named(field(spread, 'arguments') ?? spread)[1];
    if (!source || isBoundedSource(w, source, ctx)) return;
    sources.push(source);
  } else return;
  if (comprehension && isBoundedComprehension(w, comprehension, ctx)) return;
  if (comprehension) sources.push(...comprehension.children.filter((c) => c.type === 'for_in_clause').map((c) => field(c, 'right') ?? c));
  // Over the request's own input (`[embed(d) for d in body["documents"]]`) a warning; otherwise the rule's note.
  const clientSized = sources.some((src) => { const b = w.valueBinding(src, ctx); return b !== undefined && w.requestInputs.has(b); });
  w.candidate(ctx, 'no-unbounded-promise-all', call,
    `asyncio.gather(*${shortText(w.tree, spread)}) starts one task per item, all at once {where}; bound it with an asyncio.Semaphore (or gather in batches)`,
    clientSized ? { severity: 'warning' } : {});
}

function isBoundedComprehension(w: PythonWalker, comp: PyNode, ctx: PyCtx): boolean {
  const clauses = comp.children.filter((c) => c.type === 'for_in_clause');
  if (clauses.length === 0 || clauses.every((c) => isBoundedSource(w, field(c, 'right') ?? c, ctx))) return true;
  const body = field(comp, 'body');
  const callee = body && unwrap(body).type === 'call' ? w.text(field(unwrap(body), 'function')!) : '';
  return namesLimiter(callee.split('.').pop() ?? '');
}

/** A collection whose size is fixed in the code: a literal, a name bound to one, `range(8)`, `items[:8]`. */
export function isBoundedSource(w: PythonWalker, source: PyNode, ctx: PyCtx): boolean {
  const s = unwrap(source);
  if (s.type === 'list' || s.type === 'tuple' || s.type === 'set' || s.type === 'dictionary' || s.type === 'string') return true;
  if (s.type === 'identifier') {
    const b = w.valueBinding(s, ctx);
    return b !== undefined && w.literalCollections.has(b);
  }
  if (s.type === 'call' && w.text(field(s, 'function')!) === 'range') {
    return named(field(s, 'arguments') ?? s).every((a) => a.type === 'integer');
  }
  if (s.type === 'subscript') {
    const slice = field(s, 'subscript');
    if (slice?.type === 'slice') {
      const parts = named(slice);
      return parts.length > 0 && parts.every((p) => p.type === 'integer');
    }
  }
  return false;
}

