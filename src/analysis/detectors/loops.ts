// Detector: loops that hold the event loop or serialise independent work. A loop spinning on the clock is a
// busy-wait; a loop whose iterations each await something unrelated to the previous iteration runs the
// operations one after another when they could run together. The loop shapes live in loop-shapes.ts.
import { ts } from '../typescript';
import { skipOuter } from '../syntax';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { inClientlessTransaction, inTransaction } from '../call-shapes';
import { callsLoopVariable, collectAwaits, isBatchAwait, isBusyWait, isPacingAwait, isYieldAwait, iteratesBatches, loopCarriesDependency, whileCounter } from '../loop-shapes';

export function checkLoop(w: FactWalker, loop: ts.IterationStatement, ctx: WalkCtx): void {
  if (isBusyWait(loop)) {
    w.candidate(ctx, 'no-busy-wait', loop, 'this loop spins on the clock and blocks the event loop until it ends {where}; await a timer instead (await setTimeout(ms) from timers/promises)');
    return;
  }
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return;
  // Other while loops poll, page or drain a queue: each pass waits on what the last one found.
  const counted = whileCounter(loop) !== undefined;
  if (!(ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop) || counted)) return;
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
  const message = serial.some(looksLikeQuery)
    ? `await inside this loop runs one query per item, one after another {where} (an N+1 pattern); fetch them in one query (WHERE id IN ...), or start them together with a concurrency limit`
    : serial.some(looksLikePrismaWrite)
      ? `await inside this loop runs one write per item, one after another {where}; write them in one statement (createMany, updateMany, deleteMany), or start them together with a concurrency limit`
      : `await inside this loop runs independent operations one after another {where}; start them together with a concurrency limit (Promise.all over a limiter or batches)`;
  // The loop's other awaits wait one after another too: the finding shows them, so that its cost per item is in view.
  const related = serial.slice(1).map((a) => {
    const at = w.sf.getLineAndCharacterOfPosition(a.getStart(w.sf));
    return { line: at.line + 1, column: at.character + 1, message: 'also awaited in this loop, once per item' };
  });
  // The loop's author believes it is in a transaction: say that it is not, which matters more than the speed.
  w.candidate(ctx, 'no-sequential-await-in-loop', first, inClientlessTransaction(loop)
    ? `${message}. The $transaction callback takes no client, so these queries run outside the transaction: use the client it passes (async (tx) => tx.model...)`
    : message, related.length > 0 ? { related } : {});
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

const looksLikeQuery = (a: ts.AwaitExpression): boolean => QUERY_CALLEE.test(awaitedCallee(a));

/** The keys each Prisma one-row write requires: `create({ data })`, `update({ where, data })`, `delete({ where })`. */
const PRISMA_WRITE_KEYS: Readonly<Record<string, readonly string[]>> = {
  create: ['data'], update: ['where', 'data'], delete: ['where'],
};

/**
 * `await prisma.link.create({ data: ... })`: a one-row write, by its shape: a client's model (`client.model.create`,
 * not `this.service.create`) given the keys Prisma requires.
 */
function looksLikePrismaWrite(a: ts.AwaitExpression): boolean {
  const e = a.expression;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  const keys = PRISMA_WRITE_KEYS[e.expression.name.text];
  const model = e.expression.expression;
  if (!keys || !ts.isPropertyAccessExpression(model) || model.expression.kind === ts.SyntaxKind.ThisKeyword) return false;
  const arg = e.arguments[0];
  if (arg === undefined || !ts.isObjectLiteralExpression(arg)) return false;
  const given = new Set(arg.properties.map((p) => (p.name && ts.isIdentifier(p.name) ? p.name.text : '')));
  return keys.every((k) => given.has(k));
}

/** The name of the function an await calls: `create` in `await prisma.link.create(...)`. */
function awaitedCallee(a: ts.AwaitExpression): string {
  const e = a.expression;
  if (!ts.isCallExpression(e)) return '';
  const c = e.expression;
  return ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : '';
}

/** A `yield` in the loop's own body (not in a function defined there). */
function yieldsInBody(body: ts.Statement): boolean {
  const visit = (n: ts.Node): boolean => !ts.isFunctionLike(n) && (ts.isYieldExpression(n) || (ts.forEachChild(n, visit) ?? false));
  return visit(body);
}

/** The `async` library (caolan/async, and its forks) whose series helpers run one task or item at a time. */
export const SERIES_PACKAGES: ReadonlySet<string> = new Set(['async', 'neo-async', 'async-es']);
/** Helpers that call their iteratee for one item, wait for its callback, then the next: a loop of awaits by other means. */
const SERIES_ITERATORS = new Set([
  'mapSeries', 'eachSeries', 'forEachSeries', 'eachOfSeries', 'forEachOfSeries', 'mapValuesSeries', 'concatSeries',
  'filterSeries', 'rejectSeries', 'timesSeries',
]);

/**
 * `async.mapSeries(files, copyToCache, cb)`, `async.series(jobs, cb)` with `jobs` built per item: the `async` library's
 * way of writing a loop whose iterations wait one after another (Overleaf's compile cache copies each output file in
 * turn; its real-time service reads each connected client's record in turn). `async.series([stepA, stepB])` written
 * out is a sequence of different steps, not a loop, and a search (detectSeries) or a fold (reduce) is ordered on purpose.
 */
export function checkSeriesCall(w: FactWalker, call: ts.CallExpression, name: string, ctx: WalkCtx): void {
  const first = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!first) return;
  if (SERIES_ITERATORS.has(name)) {
    w.candidate(ctx, 'no-sequential-await-in-loop', call,
      `async.${name} runs its iteratee for one item after another {where}: each waits for the last; run a few at a time with async.${name.replace('Series', 'Limit')} (or Promise.all over a limiter)`);
    return;
  }
  if (name !== 'series' || ts.isArrayLiteralExpression(first) || ts.isObjectLiteralExpression(first)) return;
  w.candidate(ctx, 'no-sequential-await-in-loop', call,
    `async.series runs these jobs one after another {where}; when they do not depend on each other, run a few at a time with async.parallelLimit`);
}
