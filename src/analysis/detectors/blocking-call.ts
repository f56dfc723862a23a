// Detector: a call to a Node API that blocks the calling thread (sync fs and child_process, CPU-heavy crypto,
// sync zlib, v8 serialisation, Atomics.wait, and third-party ones such as bcrypt's hashSync), or to a library that
// computes over its input (cheerio's load, marked, yjs encodes). The walker resolves what the callee refers to; this
// looks it up in the catalogue (blocking-apis.ts), which also names the rule, so a user's own `readSync()` never matches.
import type { ts } from '../typescript';
import { packageExport, type Binding } from '../bindings';
import { CALLED_INSTANCE, lookupBlockingApi, type BlockingApi } from '../blocking-apis';
import { blockingMessage, blocksHere, smallCost } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';

export function checkBlockingCall(w: FactWalker, call: ts.CallExpression, target: Binding | undefined, ctx: WalkCtx): void {
  if (!ctx.fn || !target) return;
  // A package's own export; `sanitizeHtml(dirty)` calls the package itself, its `default`.
  const exp = packageExport(target);
  const api = target.kind === 'member' ? libraryMethod(target)
    : target.kind === 'instance' ? calledInstance(target)
    : exp ? lookupBlockingApi(exp.module, exp.name)
    : target.kind === 'node-member' || target.kind === 'node-method'
      ? lookupBlockingApi(target.module, target.name, target.kind === 'node-method' ? target.className : undefined)
      : undefined;
  if (!api || !blocksHere(api, call)) return;
  // A metadata call (exists, stat, mkdir) and other small fixed costs: a note on a hot path, not a warning.
  const small = smallCost(api, call);
  w.candidate(ctx, api.rule, call, blockingMessage(api, small), small !== undefined ? { severity: 'info' } : documentCost(api));
}

/** A library call whose ordinary input is a whole document or image (blocking-apis.ts DOCUMENT_COSTS): a warning, though its rule is a note. */
function documentCost(api: BlockingApi): { severity?: 'warning' } {
  return api.cost === 'document' ? { severity: 'warning' } : {};
}

/** `new JSDOM(html)`: a library class whose constructor does the work (catalogued with the class name `new`). */
export function checkBlockingNew(w: FactWalker, e: ts.NewExpression, target: Binding | undefined, ctx: WalkCtx): void {
  const exp = target && packageExport(target);
  if (!ctx.fn || !exp) return;
  const api = lookupBlockingApi(exp.module, exp.name, 'new');
  if (!api || !blocksHere(api, e)) return;
  w.candidate(ctx, api.rule, e, blockingMessage(api), documentCost(api));
}

/** `convert(html)` where `const convert = compile(options)` (html-to-text): a library's compiled function, called. */
function calledInstance(target: Extract<Binding, { kind: 'instance' }>): BlockingApi | undefined {
  const cls = packageExport(target.of);
  return cls && lookupBlockingApi(cls.module, CALLED_INSTANCE, cls.name);
}

/** `encoder.encode(text)` on a js-tiktoken Tiktoken, `td.turndown(html)` on a TurndownService: a catalogued library method. */
function libraryMethod(target: Extract<Binding, { kind: 'member' }>): BlockingApi | undefined {
  const cls = target.of.kind === 'instance' ? packageExport(target.of.of) : undefined;
  return cls && lookupBlockingApi(cls.module, target.name, cls.name);
}
