// Detector: a call to a Node API that blocks the calling thread (sync fs and child_process, CPU-heavy crypto,
// sync zlib, v8 serialisation, Atomics.wait, and third-party ones such as bcrypt's hashSync), or to a library that
// computes over its input (cheerio's load, marked, yjs encodes). The walker resolves what the callee refers to; this
// looks it up in the catalogue (blocking-apis.ts), which also names the rule, so a user's own `readSync()` never matches.
import type { ts } from '../typescript';
import { fromOtherFile, memberPath, packageExport, type Binding } from '../bindings';
import { CALLED_INSTANCE, libraryClassesWithPath, lookupBlockingApi, lookupLibraryPath, type BlockingApi } from '../blocking-apis';
import { blockingMessage, blocksHere, smallCost } from '../call-shapes';
import type { FactWalker, WalkCtx } from '../fact-walker';
import type { CandidateCondition } from '../file-facts';

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
  if (!api && target.kind === 'member') return checkImportedInstance(w, call, target, ctx);
  if (!api || !blocksHere(api, call)) return;
  report(w, call, api, ctx);
}

function report(w: FactWalker, call: ts.CallExpression, api: BlockingApi, ctx: WalkCtx, condition: CandidateCondition = {}): void {
  // A metadata call (exists, stat, mkdir) and other small fixed costs: a note on a hot path, not a warning.
  const small = smallCost(api, call);
  w.candidate(ctx, api.rule, call, blockingMessage(api, small), { ...condition, ...(small !== undefined ? { severity: 'info' } : documentCost(api)) });
}

/**
 * `db.query.chats.findMany()` where `db` comes from another file of the project (`export const db = drizzle(sqlite)`):
 * what `db` is, is known only when the files are linked. So each library class with a catalogued method at this path
 * makes a candidate that holds only if the receiver turns out to be an instance of that class (requiresLibraryInstance).
 */
function checkImportedInstance(w: FactWalker, call: ts.CallExpression, target: Extract<Binding, { kind: 'member' }>, ctx: WalkCtx): void {
  const { root, path } = memberPath(target);
  if (!fromOtherFile(root)) return;
  // `models.db.select()`: the receiver may be any member along the way; the rest is the method's path.
  let receiver: Binding = root;
  for (let i = 0; i < path.length; i++) {
    for (const { module, className, api } of libraryClassesWithPath(path.slice(i))) {
      if (blocksHere(api, call)) report(w, call, api, ctx, { requiresLibraryInstance: { receiver, module, className } });
    }
    receiver = { kind: 'member', of: receiver, name: path[i] };
  }
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

/**
 * `encoder.encode(text)` on a js-tiktoken Tiktoken, `td.turndown(html)` on a TurndownService: a catalogued library
 * method; also through members of the instance (`db.query.chats.findMany()` on a Drizzle database).
 */
function libraryMethod(target: Extract<Binding, { kind: 'member' }>): BlockingApi | undefined {
  const { root, path } = memberPath(target);
  const cls = root.kind === 'instance' ? packageExport(root.of) : undefined;
  return cls && lookupLibraryPath(cls.module, cls.name, path);
}
