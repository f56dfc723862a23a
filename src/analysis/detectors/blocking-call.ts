// Detector: a call to a Node API that blocks the calling thread (sync fs and child_process, CPU-heavy crypto,
// sync zlib, v8 serialisation, Atomics.wait, and third-party ones such as bcrypt's hashSync), or to a library that
// computes over its input (cheerio's load, marked, yjs encodes). The walker resolves what the callee refers to; this
// looks it up in the catalogue (blocking-apis.ts), which also names the rule, so a user's own `readSync()` never matches.
import type { ts } from 'ts-morph';
import type { Binding } from '../bindings';
import { lookupBlockingApi } from '../blocking-apis';
import { blockingMessage, blocksHere, smallCost } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';

export function checkBlockingCall(w: FactWalker, call: ts.CallExpression, target: Binding | undefined, ctx: WalkCtx): void {
  if (!ctx.fn || !target) return;
  if (target.kind !== 'node-member' && target.kind !== 'node-method' && target.kind !== 'package-member') return;
  const api = lookupBlockingApi(target.module, target.name, target.kind === 'node-method' ? target.className : undefined);
  if (!api || !blocksHere(api, call)) return;
  // A metadata call (exists, stat, mkdir) and other small fixed costs: a note on a hot path, not a warning.
  const small = smallCost(api, call);
  w.candidate(ctx, api.rule, call, blockingMessage(api, small), small !== undefined ? { severity: 'info' } : {});
}
