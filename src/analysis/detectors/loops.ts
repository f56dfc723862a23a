// Detector: loops that hold the event loop or serialise independent work. A loop spinning on the clock is a
// busy-wait; a loop whose iterations each await something unrelated to the previous iteration runs the
// operations one after another when they could run together. The loop shapes live in loop-shapes.ts.
import { ts } from 'ts-morph';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { callsLoopVariable, collectAwaits, isBatchAwait, isBusyWait, isPacingAwait, loopCarriesDependency } from '../loop-shapes';

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
  const serial = awaits.filter((a) => !isPacingAwait(a) && !isBatchAwait(a));
  if (serial.length === 0 || serial.length < awaits.length) return;
  if (ts.isForOfStatement(loop) && serial.some((a) => callsLoopVariable(a, loop))) return;
  const first = serial[0];
  w.candidate(ctx, 'no-sequential-await-in-loop', first,
    `await inside this loop runs independent operations one after another {where}; start them together with a concurrency limit (Promise.all over a limiter or batches)`);
}
