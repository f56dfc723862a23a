// Detector: loops that hold the event loop or serialise independent work. A loop spinning on the clock is a
// busy-wait; a loop whose iterations each await something unrelated to the previous iteration runs the
// operations one after another when they could run together. The loop shapes live in loop-shapes.ts.
import { ts } from '../typescript';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { inTransaction } from '../call-shapes';
import { callsLoopVariable, collectAwaits, isBatchAwait, isBusyWait, isPacingAwait, isYieldAwait, iteratesBatches, loopCarriesDependency } from '../loop-shapes';

export function checkLoop(w: FactWalker, loop: ts.IterationStatement, ctx: WalkCtx): void {
  if (isBusyWait(loop)) {
    w.candidate(ctx, 'no-busy-wait', loop, 'this loop spins on the clock and blocks the event loop until it ends {where}; await a timer instead (await setTimeout(ms) from timers/promises)');
    return;
  }
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return;
  if (!(ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop))) return;
  const awaits = collectAwaits(loop.statement);
  if (awaits.length === 0) return;
  if (loopCarriesDependency(loop, awaits)) return;
  // An async generator's loop that yields as it goes hands items out in order, one per pull: the consumer sets the pace.
  if (yieldsInBody(loop.statement)) return;
  const serial = awaits.filter((a) => !isPacingAwait(a) && !isYieldAwait(a) && !isBatchAwait(a));
  if (serial.length === 0 || serial.length < awaits.length) return;
  if (ts.isForOfStatement(loop) && serial.some((a) => callsLoopVariable(a, loop))) return;
  // for (const batch of chunk(items, 50)) await send(batch): batched one at a time on purpose (API limits, memory).
  if (ts.isForOfStatement(loop) && iteratesBatches(loop.expression, (name) => w.initializerOf(name, ctx))) return;
  // Inside a database transaction the queries share one connection and run in order anyway.
  if (inTransaction(loop) || serial.some(passesTransaction)) return;
  const first = serial[0];
  const query = serial.some(looksLikeQuery);
  w.candidate(ctx, 'no-sequential-await-in-loop', first, query
    ? `await inside this loop runs one query per item, one after another {where} (an N+1 pattern); fetch them in one query (WHERE id IN ...), or start them together with a concurrency limit`
    : `await inside this loop runs independent operations one after another {where}; start them together with a concurrency limit (Promise.all over a limiter or batches)`);
}

/** Names that hold a transaction: `{ transaction }`, `trx`, `tx`, `t.query(...)` of a transaction. */
const TRANSACTION_NAME = /^(transaction|trx|tx|manager|queryRunner|session)$/;
/** Awaited calls that read a database or an API, one item at a time. */
const QUERY_CALLEE = /^(find\w*|get\w*By\w*|count\w*|query|fetch|load|select|exists)$/i;

/** `await doc.save({ transaction })`, `await trx('users').insert(...)`, `await tx.user.update(...)`. */
function passesTransaction(a: ts.AwaitExpression): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isIdentifier(n) && TRANSACTION_NAME.test(n.text)) found = true;
    else if (ts.isShorthandPropertyAssignment(n) && TRANSACTION_NAME.test(n.name.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(a.expression);
  return found;
}

function looksLikeQuery(a: ts.AwaitExpression): boolean {
  const e = a.expression;
  if (!ts.isCallExpression(e)) return false;
  const c = e.expression;
  const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : '';
  return QUERY_CALLEE.test(name);
}

/** A `yield` in the loop's own body (not in a function defined there). */
function yieldsInBody(body: ts.Statement): boolean {
  const visit = (n: ts.Node): boolean => !ts.isFunctionLike(n) && (ts.isYieldExpression(n) || (ts.forEachChild(n, visit) ?? false));
  return visit(body);
}
