// Detector: a promise made and dropped (neither awaited, returned nor given a rejection handler) loses its
// errors and its timing. Runs on each expression statement inside a function. Whether a call returns a promise
// is known from syntax for local and Node functions; calls into other files are decided when linking
// (requiresPromiseTarget), and in type-aware mode the checker is asked lazily (confirm).
import { ts } from '../typescript';
import { definedInProject, KNOWN_GLOBALS, NO_BINDING, type Binding } from '../bindings';
import { PROMISE_GLOBALS, PROMISE_MODULES } from '../blocking-apis';
import { BUILTIN_NAMESPACES, calleeLabel, callbackGiven, chainHasRejectionHandler, chainRoot } from '../call-shapes';
import { clientMethodPromise, clientPromiseReturnedBy } from '../client-values';
import type { ClientNeed, MemberRef } from '../file-facts';
import type { FactWalker, WalkCtx } from '../fact-walker';
import { isPromiseClientMethod } from '../promise-clients';
import { memberRef, returnedValues, rootName, skipOuter } from '../syntax';

type Deferred = { target: Binding } | { confirm: () => boolean };
type PromiseKind = 'yes' | 'no' | Deferred | ({ client: ClientNeed } & Partial<Deferred>);

export function checkFloating(w: FactWalker, expr: ts.Expression, ctx: WalkCtx): void {
  const e = skipOuter(expr);
  if (ts.isVoidExpression(e)) return checkVoided(w, skipOuter(e.expression), ctx);
  if (!ts.isCallExpression(e)) return;
  const callee = skipOuter(e.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const m = callee.name.text;
    if (m === 'catch' || m === 'then' || m === 'finally') {
      // Promise methods in practice, whatever the receiver is: handled if the chain has a rejection handler.
      if (chainHasRejectionHandler(e)) return;
      if (surfacesRejectionOnPurpose(e)) return;
      // fetchLimits().then(apply), where fetchLimits catches everything: the chain starts from a promise that cannot reject.
      const source = chainSource(w, e, ctx);
      if (source?.kind === 'fn' && w.fnById.get(source.id)?.catchesAll) return;
      const condition = source && (source.kind === 'fn' || source.kind === 'project-export' || source.kind === 'member') ? { unlessCannotFail: source } : {};
      w.candidate(ctx, 'no-floating-promise', e, `this promise chain has no rejection handler {where}; add .catch() or await it in a try block`, condition);
      return;
    }
  }
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'forEach') return checkAsyncForEach(w, e, ctx);
  // `executeFn(item);` with executeFn a parameter: an async function the callers pass there floats (checkCallbacksDropped).
  // The call itself is still judged below: typed `() => Promise<void>`, the type checker knows it returns a promise.
  if (ts.isIdentifier(callee)) noteDroppedParameter(w, callee, e, ctx, 'called');
  const kind = promiseKind(w, e, ctx);
  const label = calleeLabel(callee, w.sf);
  const message = `the promise returned by ${label}() is neither awaited nor handled {where}; await it, return it, or mark it with void and add a .catch()`;
  // `const retrievedPad = await padManager.getPad(id); retrievedPad.remove();`: the method of the class the name says it
  // holds, decided when the files are linked; one more way beside a promise client's method or the checker's answer.
  const undecided = kind !== 'no' && kind !== 'yes' && !('target' in kind);
  const member = (kind === 'no' || undecided) && ts.isPropertyAccessExpression(callee) && productOfProjectCall(w, skipOuter(callee.expression), ctx)
    ? untrackedMember(w, callee, ctx) : undefined;
  if (kind === 'no') {
    if (member) w.candidate(ctx, 'no-floating-promise', e, message, { requiresPromiseMember: member });
    return;
  }
  if (kind === 'yes') w.candidate(ctx, 'no-floating-promise', e, message);
  else w.candidate(ctx, 'no-floating-promise', e, message, {
    requiresClient: 'client' in kind ? kind.client : undefined,
    requiresPromiseTarget: 'target' in kind ? kind.target : undefined,
    callbackAt: 'target' in kind && endsWithCallback(e) ? e.arguments.length - 1 : undefined,
    confirm: 'confirm' in kind ? kind.confirm : undefined,
    requiresPromiseMember: member,
  });
}

/**
 * `executeFn(item);` or `this.eventStore.on(eventName, listener)` where `executeFn`, `listener` is a parameter of the
 * enclosing function: it drops the promise of what its callers pass there (FunctionFact.dropsParams), calling it as a
 * statement or handing it to an emitter, which calls its listeners and drops what they return.
 */
export function noteDroppedParameter(w: FactWalker, param: ts.Expression, site: ts.Node, ctx: WalkCtx, how: 'called' | 'emitter'): void {
  const slot = w.parameterSlot(param, ctx);
  const dropper = slot && w.fnById.get(slot.fn);
  if (!dropper || dropper.dropsParams?.some((d) => d.index === slot.index)) return;
  const at = w.sf.getLineAndCharacterOfPosition(site.getStart(w.sf));
  (dropper.dropsParams ??= []).push({ index: slot.index, line: at.line + 1, column: at.character + 1, ...(how === 'emitter' && { emitter: true as const }) });
}

/**
 * `void this.noteService.markNoteAsVisited(id)`: `void` says the caller does not wait, on purpose, but a rejection is
 * still unhandled. Reported only for a project function that can fail (resolved when the files are linked: not one
 * that catches everything, nor one whose calls cannot fail), with no rejection handler on the chain: a library call
 * marked void (`void body.cancel()`) is the author's judgement that its failure does not matter.
 */
function checkVoided(w: FactWalker, e: ts.Expression, ctx: WalkCtx): void {
  if (!ts.isCallExpression(e) || chainHasRejectionHandler(e)) return;
  const source = chainSource(w, e, ctx);
  const callee = skipOuter(chainRoot(e)?.expression ?? e.expression);
  const message = `the promise returned by ${calleeLabel(callee, w.sf)}() is marked with void but nothing handles its rejection {where}: a failure inside is unhandled; add a .catch() that logs it`;
  // `void tenant.invalidateCache()` on a receiver the walk cannot follow: the method of the class it is named after.
  const member = !source || source.kind === 'opaque' ? untrackedMember(w, callee, ctx) : undefined;
  if (member) {
    w.candidate(ctx, 'no-floating-promise', e, message, { requiresPromiseMember: member });
    return;
  }
  if (!source || (source.kind !== 'fn' && source.kind !== 'project-export' && source.kind !== 'member')) return;
  if (source.kind === 'fn' && !w.fnById.get(source.id)?.returnsPromise) return;
  w.candidate(ctx, 'no-floating-promise', e, message, { requiresPromiseTarget: source });
}

/** A name holding what a project function returned, awaited or not: `const pad = await padManager.getPad(id)`. */
function productOfProjectCall(w: FactWalker, receiver: ts.Expression, ctx: WalkCtx): boolean {
  if (!ts.isIdentifier(receiver)) return false;
  const init = w.initializerOf(receiver.text, ctx);
  let made = init && skipOuter(init);
  if (made && ts.isAwaitExpression(made)) made = skipOuter(made.expression);
  return made !== undefined && ts.isCallExpression(made) && w.madeByProjectFunction(made, ctx) !== undefined;
}

/** `receiver.method` where the receiver is a name or `this.field` the walk does not follow (not a global, a module or a package). */
function untrackedMember(w: FactWalker, callee: ts.Expression, ctx: WalkCtx): MemberRef | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = skipOuter(callee.expression);
  const root = rootName(receiver);
  if (root === undefined || BUILTIN_NAMESPACES.has(root) || KNOWN_GLOBALS.has(root)) return undefined;
  const b = w.valueBinding(receiver, ctx);
  return b && b.kind !== 'opaque' ? undefined : memberRef(callee);
}

/**
 * `links.forEach(async (link) => { await prisma.link.update(...) })`: forEach calls the callback for every item at once
 * and drops the promises it returns, so the caller goes on before the work is done and a rejection inside is unhandled.
 * Reported on the callback unless nothing in it can fail, like an async listener (entries.ts), at the rule's severity.
 */
function checkAsyncForEach(w: FactWalker, call: ts.CallExpression, ctx: WalkCtx): void {
  const fn = call.arguments.length > 0 ? skipOuter(call.arguments[0]) : undefined;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return;
  const fact = w.fnFact(fn);
  if (!fact.isAsync) return;
  w.candidate(ctx, 'no-floating-promise', fn,
    'forEach drops the promises this async callback returns {where}: the code after it runs before they settle, and a rejection inside is unhandled; use for…of with await, or await Promise.all over map (with a limiter)',
    { unlessCannotFail: { kind: 'fn', id: fact.id } });
}

/**
 * `batchExecute(projects, 1, 30_000, async (project) => {...})` where batchExecute calls `executeFn(item);` and drops
 * what it returns: the callback's promise floats, as with forEach. Reported on the callback when the callee (resolved
 * when the files are linked) drops that parameter, unless nothing in the callback can fail. The callback is an async
 * function written there, or an arrow whose body is a call of a project function that returns a promise
 * (`(project) => this.setProjectHealthRating(project.id)`).
 */
export function checkCallbacksDropped(w: FactWalker, call: ts.CallExpression, callee: Binding, ctx: WalkCtx): void {
  if (!ctx.fn) return;
  call.arguments.forEach((arg, index) => {
    const fn = skipOuter(arg);
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return checkListenerDropped(w, call, fn, index, callee, ctx);
    const { id, isAsync: async } = w.fnFact(fn);
    const made = async ? undefined : conciseProjectCall(w, fn, ctx)?.target;
    if (!async && !made) return;
    const name = calleeLabel(skipOuter(call.expression), w.sf);
    w.candidate(ctx, 'no-floating-promise', fn,
      `${name}() calls this callback without awaiting it and drops the promise it returns {where}: a rejection inside is unhandled and nothing waits for it; await it there, or catch inside the callback`,
      { requiresDroppedParam: { callee, index }, ...(async ? { unlessCannotFail: { kind: 'fn', id } } : { requiresPromiseTarget: made }) });
  });
}

/**
 * `(project) => this.setProjectHealthRating(project.id)`: an arrow whose body is a call of a project function, which
 * returns that call's promise. The callee as written and what it resolves to; undefined for anything else.
 */
export function conciseProjectCall(
  w: FactWalker, fn: ts.ArrowFunction | ts.FunctionExpression, ctx: WalkCtx,
): { callee: ts.Expression; target: Binding } | undefined {
  const body = ts.isArrowFunction(fn) && !ts.isBlock(fn.body) ? skipOuter(fn.body) : undefined;
  if (!body || !ts.isCallExpression(body)) return undefined;
  const callee = skipOuter(body.expression);
  const target = w.valueBinding(callee, ctx);
  return target && definedInProject(target) ? { callee, target } : undefined;
}

/**
 * `this.eventService.onEvent(eventName, handler)` where `const handler = this.handleEvent(eventName)` returns an async
 * function, and onEvent hands its listener to an emitter (or calls it and drops the result): the listener's promise
 * floats. The argument is an async function of this file, or what a project function returns (in the call itself, or
 * in a name it initialised); reported on the argument when the callee drops that parameter and the function can fail.
 */
function checkListenerDropped(w: FactWalker, call: ts.CallExpression, arg: ts.Expression, index: number, callee: Binding, ctx: WalkCtx): void {
  const factory = w.madeByProjectFunction(arg, ctx);
  const local = !factory && ts.isIdentifier(arg) ? w.valueBinding(arg, ctx) : undefined;
  const asyncLocal = local?.kind === 'fn' && w.fnById.get(local.id)?.isAsync === true ? local : undefined;
  if (!asyncLocal && !factory) return;
  const name = calleeLabel(skipOuter(call.expression), w.sf);
  // Judged where the function runs (a listener's event), not where it is handed over (often start-up).
  w.candidate(asyncLocal ? { ...ctx, fn: asyncLocal.id, once: false } : ctx, 'no-floating-promise', arg,
    `${name}() drops the promise of the async function ${arg.getText(w.sf)} {where}: a rejection inside it is unhandled and nothing waits for it; catch inside that function`,
    { requiresDroppedParam: { callee, index }, ...(asyncLocal ? { unlessCannotFail: asyncLocal } : { requiresAsyncReturn: factory, reachVia: factory }) });
}

/**
 * `getRedisCache().setex(...)`, `transporter.sendMail(...)`: a method called on a promise library's client that the
 * project made in a function or module of its own (client-values.ts): decided now when made in this file, else when
 * the files are linked.
 */
function clientReceiver(w: FactWalker, call: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: WalkCtx): PromiseKind | undefined {
  const kind = clientMethodPromise(w, call, callee.name.text, callee.expression, ctx);
  return kind === undefined || kind === 'yes' || kind === 'no' ? kind : { client: kind };
}

/**
 * `Promise.resolve().then(() => { throw err; })`, `Promise.resolve(v).then(() => {})`: a chain written only to raise an
 * unhandled rejection (Etherpad reports a plugin's double settle that way, after the caller has its error) or to let
 * one through. Its handlers do nothing or only throw, so there is no work to lose: the rejection is the point.
 */
function surfacesRejectionOnPurpose(e: ts.CallExpression): boolean {
  const handlers: ts.Expression[] = [];
  let x: ts.Expression = e;
  while (ts.isCallExpression(x) && ts.isPropertyAccessExpression(skipOuter(x.expression))) {
    const access = skipOuter(x.expression) as ts.PropertyAccessExpression;
    if (access.name.text !== 'then') break;
    handlers.push(...x.arguments);
    x = skipOuter(access.expression);
  }
  const root = ts.isCallExpression(x) ? skipOuter(x.expression) : undefined;
  const fromResolve = root !== undefined && ts.isPropertyAccessExpression(root) && ts.isIdentifier(root.expression) &&
    root.expression.text === 'Promise' && root.name.text === 'resolve';
  return fromResolve && handlers.length > 0 && handlers.every((h) => {
    const fn = skipOuter(h);
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isBlock(fn.body)) return false;
    return fn.body.statements.every(ts.isThrowStatement);
  });
}

/** What the call a chain starts from calls: `load` in `load().then(f)` (or in `load()` alone). */
function chainSource(w: FactWalker, e: ts.CallExpression, ctx: WalkCtx): Binding | undefined {
  const root = chainRoot(e);
  return root ? w.valueBinding(skipOuter(root.expression), ctx) : undefined;
}

/**
 * Whether an expression evaluates to a promise: yes, no, or "if this other-file function returns one" (or the type
 * checker says so). A method of a promise library's client the project made (client-values.ts) is decided here when
 * the client is made in this file, else it is one more way the candidate can hold when the files are linked.
 */
function promiseKind(w: FactWalker, e: ts.Expression, ctx: WalkCtx): PromiseKind {
  if (!ts.isCallExpression(e)) return 'no';
  const callee = skipOuter(e.expression);
  const target = w.valueBinding(callee, ctx);
  const client = ts.isPropertyAccessExpression(callee) && !(target && isPromiseClientMethod(target, false)) ? clientReceiver(w, e, callee, ctx) : undefined;
  if (client === 'yes' || client === 'no') return client;
  const kind = calleeKind(w, e, callee, target, ctx);
  if (!client || kind === 'yes') return kind;
  return kind === 'no' ? client : { ...client, ...kind };
}

function calleeKind(w: FactWalker, e: ts.CallExpression, callee: ts.Expression, target: Binding | undefined, ctx: WalkCtx): PromiseKind {
  if (ts.isIdentifier(callee) && PROMISE_GLOBALS.has(callee.text) && !ctx.scope.lookup(callee.text)) return 'yes';
  if (target) {
    if (target.kind === 'fn') {
      if (target.hidesPromise) return 'no';
      const fact = w.fnById.get(target.id);
      // A wrapper that returns a client's promise (`function publishEvent(...) { return redis.publish(...) }`).
      const wrapped = fact && !fact.returnsPromise ? clientPromiseReturnedBy(w, target.id) : undefined;
      if (wrapped !== undefined) return wrapped === 'yes' ? 'yes' : { client: wrapped };
      if (!fact?.returnsPromise || fact.catchesAll) return 'no';
      // Whether an async function can reject depends on what it awaits, decided when the files are linked.
      return fact.isAsync ? { target } : 'yes';
    }
    if (target.kind === 'node-member') return PROMISE_MODULES.has(target.module) ? 'yes' : 'no';
    if (target.kind === 'node-method') return target.className === 'Promise' && !settledCombination(w, e, target.name, ctx) ? 'yes' : 'no';
    // `this.redis.publish(...)` on an ioredis client: a library promise that rejects when the server fails.
    if (isPromiseClientMethod(target, callbackGiven(e))) return 'yes';
    if (target.kind === 'project-export' || target.kind === 'member') return { target };
    if (target.kind !== 'opaque' && target.kind !== 'global') return 'no';
  }
  const types = w.opts.types;
  if (!types || BUILTIN_NAMESPACES.has(rootName(callee) ?? '')) return 'no';
  return { confirm: () => types.isPromiseLike(e) };
}

/**
 * `Promise.allSettled(tasks)`, or `Promise.all(services.map((s) => s.record(m).catch(log)))`: a combination that cannot
 * reject, because it never does (allSettled) or because every promise it combines has its rejection handled (an array
 * written out, or a map whose callback returns such a chain, also through the `const` that holds it).
 */
function settledCombination(w: FactWalker, e: ts.CallExpression, method: string, ctx: WalkCtx): boolean {
  if (method === 'allSettled') return true;
  if (!['all', 'race', 'any'].includes(method) || e.arguments.length === 0) return false;
  const arg = skipOuter(e.arguments[0]);
  const handled = (el: ts.Expression): boolean => !ts.isSpreadElement(el) && chainHasRejectionHandler(skipOuter(el));
  if (ts.isArrayLiteralExpression(arg)) return arg.elements.length > 0 && arg.elements.every(handled);
  const mapped = ts.isIdentifier(arg) ? w.mappedArrays.get(ctx.scope.lookup(arg.text) ?? NO_BINDING) : arg;
  if (!mapped || !ts.isCallExpression(mapped) || !ts.isPropertyAccessExpression(skipOuter(mapped.expression))) return false;
  const cb = mapped.arguments[0] ? skipOuter(mapped.arguments[0]) : undefined;
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return false;
  const returned = returnedValues(cb);
  return returned.length > 0 && returned.every((r) => chainHasRejectionHandler(skipOuter(r)));
}

/** The call's last argument is a callback: written in place, or a name callbacks go by (`callback`, `cb`, `next`, `done`). */
function endsWithCallback(call: ts.CallExpression): boolean {
  const last = call.arguments.length > 0 ? skipOuter(call.arguments[call.arguments.length - 1]) : undefined;
  return last !== undefined && (callbackGiven(call) || (ts.isIdentifier(last) && CALLBACK_NAME.test(last.text)));
}

const CALLBACK_NAME = /^(callback|cb|next|done)$/;
