// Detector: `new Worker()` inside a function starts a thread per call, costing tens of milliseconds and
// megabytes each. A worker created to fill a pool (isPooled) is left alone.
import type { ts } from '../typescript';
import { isPooled } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';

export function checkWorkerPerRequest(w: FactWalker, e: ts.NewExpression, ctx: WalkCtx): void {
  if (ctx.fn && !isPooled(e)) {
    w.candidate(ctx, 'no-worker-per-request', e, 'new Worker() starts a thread per call {where}, costing tens of milliseconds and megabytes each; start a fixed pool once and reuse its workers');
  }
}
