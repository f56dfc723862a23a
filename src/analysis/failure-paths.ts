// How a call can make the function around it fail (FunctionFact.failsVia): what a floating promise's callee may
// reject with. The walker asks for every call and `new` inside a function; hot-paths.ts decides, once files are linked,
// whether a function can fail at all (cannotFail).
import { ts } from './typescript';
import { definedInProject, NO_BINDING, type Binding } from './bindings';
import { arrayCallback, cannotThrow, exclusiveCallback, cannotThrowByShape, caughtHere, ID_GENERATOR_PACKAGES, isCallbackLike, isNewCollection, PURE_NODE_FUNCTIONS } from './call-shapes';
import type { FactWalker, WalkCtx } from './fact-walker';
import { isSettledMethod } from './settled-apis';
import { calleeName, literalText, propertyKey, skipOuter, thisAssignments, type FunctionLike } from './syntax';

/** Records how a call in the enclosing function can make it fail (FunctionFact.failsVia). */
export function noteFailurePath(w: FactWalker, call: ts.CallExpression | ts.NewExpression, ctx: WalkCtx): void {
  const fact = w.fnById.get(ctx.fn!);
  if (!fact?.failsVia) return;
  let outer: ts.Node = call;
  while (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent)) outer = outer.parent;
  const awaited = ts.isAwaitExpression(outer.parent);
  const returned = isReturned(outer);
  // A try catches what its block throws or awaits; a promise returned from inside it rejects past it.
  if (caughtHere(call) && !(returned && fact.returnsPromise)) return;
  if (ts.isCallExpression(call) && cannotThrow(call.expression, ctx.scope)) return;
  // `await axios.get(url).then(log).catch(() => {})`: the chain settles whatever the request does; it fails only when
  // its rejection handler does (or, in `.then(onValue, onError)`, either of its handlers).
  if (settledLaterInChain(call)) return;
  const handler = ts.isCallExpression(call) ? rejectionHandler(call) : undefined;
  if (ts.isCallExpression(call) && handler !== undefined) {
    for (const cb of call.arguments) {
      const h = skipOuter(cb);
      const via = ts.isArrowFunction(h) || ts.isFunctionExpression(h) ? { kind: 'fn' as const, id: w.fnFact(h).id } : w.valueBinding(h, ctx);
      if (via && definedInProject(via)) fact.failsVia.push({ callee: via, awaited: awaited || returned });
    }
    return;
  }
  // `await new Promise((resolve) => setTimeout(resolve, ms))`: a promise whose executor takes no `reject` rejects only
  // with what the executor throws, which is the executor's own failure paths.
  const executor = ts.isNewExpression(call) ? promiseExecutor(call, ctx) : undefined;
  if (executor) {
    if (executor.parameters.length < 2) fact.failsVia.push({ callee: { kind: 'fn', id: w.fnFact(executor).id }, awaited: awaited || returned });
    else fact.failsVia = null;
    return;
  }
  // Express's next() catches what the next handler throws; Koa's returns a promise that can reject, so not when awaited.
  const target = skipOuter(call.expression);
  if (!awaited && !returned && ts.isIdentifier(target) && target.text === 'next' && w.parameters.has(ctx.scope.lookup('next') ?? NO_BINDING)) return;
  const callee = w.valueBinding(skipOuter(call.expression), ctx);
  // `await this.pubsub.publish(topic, payload)` on graphql-subscriptions' PubSub: its promise never rejects; nor does
  // `await Promise.allSettled([...])` (what it is given is judged call by call).
  if (callee && isSettledMethod(callee)) return;
  if (isAllSettled(callee)) return;
  if (callee && (definedInProject(callee) || callee.kind === 'class')) {
    fact.failsVia.push({ callee, awaited: awaited || returned });
    return;
  }
  const sibling = ts.isCallExpression(call) ? objectLiteralSibling(target) : undefined;
  if (sibling) {
    fact.failsVia.push({ callee: { kind: 'fn', id: w.fnFact(sibling).id }, awaited: awaited || returned });
    return;
  }
  if (cannotThrowByShape(call, ctx.scope, (receiver) => isInMemoryCollection(w, receiver, ctx))) return;
  // `uuidv4()`, `nanoid()`: an id generator, which fails for no input; `path.join(dir, f)`: a string computed.
  if (callee && (callee.kind === 'package' || callee.kind === 'package-member') && ID_GENERATOR_PACKAGES.has(callee.module)) return;
  if (callee?.kind === 'node-member' && PURE_NODE_FUNCTIONS.has(`${callee.module}|${callee.name}`)) return;
  // require('../models/x'): Node loads a constant specifier once and caches it; it fails only in a broken deployment.
  const constantRequire = ts.isCallExpression(call) && w.isRequireCallee(target, ctx) && call.arguments.length === 1 &&
    literalText(skipOuter(call.arguments[0])) !== undefined;
  if (constantRequire) return;
  // items.some((p) => msg.includes(p)): the method throws what its callback throws, and that is the callback's own
  // failure paths. A promise an async callback returns is dropped, not thrown (hence not `awaited`).
  const cb = ts.isCallExpression(call) ? arrayCallback(call) : undefined;
  if (cb) {
    fact.failsVia.push({ callee: { kind: 'fn', id: w.fnFact(cb).id }, awaited: false });
    return;
  }
  // `await mutex.runExclusive(async () => ...)`: the lock passes on the callback's promise.
  const locked = ts.isCallExpression(call) ? exclusiveCallback(call) : undefined;
  if (locked) {
    fact.failsVia.push({ callee: { kind: 'fn', id: w.fnFact(locked).id }, awaited: awaited || returned });
    return;
  }
  // `res.status(429);`, `posthog.capture(event);`, `queue.add(task);`: a command to an object the analysis cannot see
  // into, neither awaited nor returned, its result dropped. An async API's failures (a socket, a query) come on the
  // promise it returns, which rejects on its own, not through this function (the rule judges that promise where it
  // is dropped); what such a call throws at once is a wrong argument, a bug rather than a failure to expect. Node's
  // own APIs (`fs.writeFileSync(p, s);` throws on a full disk), the catalogue's packages, and calls that exist to
  // throw (`schema.parse(body);`, `assert(x);`, `validate(input);`) still count.
  const opaqueCommand = !(callee && KNOWN_API_KINDS.has(callee.kind)) && !isCheckCall(target);
  if (!awaited && !returned && (resultDropped(outer) || inAllSettled(w, outer, ctx)) && opaqueCommand) return;
  // `return Sockets.server.in(room);` in a sync function: the same, for callers that do not await what it returns.
  if (returned && !awaited && !fact.returnsPromise && opaqueCommand) {
    fact.failsWhenAwaited = true;
    return;
  }
  // `fs.unlink(p, (err) => ...)`: a Node API in its callback form hands its failures to the callback; what it throws
  // at once is a wrong argument. `process.cwd()` fails only when the folder the process runs in was deleted.
  const last = call.arguments?.[call.arguments.length - 1];
  if (callee?.kind === 'node-member' && ts.isCallExpression(call) && resultDropped(outer) && last !== undefined && isCallbackLike(last)) return;
  if (callee?.kind === 'node-method' && callee.module === 'global' && callee.className === 'process' && callee.name === 'cwd') return;
  // `return Promise.resolve();` (NodeBB's Minifier.killAll when nothing is pending): a promise already fulfilled.
  if (callee?.kind === 'node-method' && callee.module === 'global' && callee.className === 'Promise' && callee.name === 'resolve' &&
    ts.isCallExpression(call) && call.arguments.every((a) => isLiteralValue(skipOuter(a)))) return;
  fact.failsVia = null;
}

/** The global `Promise.allSettled`, whose promise never rejects. */
function isAllSettled(b: Binding | undefined): boolean {
  return b?.kind === 'node-method' && b.className === 'Promise' && b.name === 'allSettled';
}

/** `Promise.allSettled([client.leave('a'), client.leave('b')])`: a promise handed to allSettled, which settles it. */
function inAllSettled(w: FactWalker, e: ts.Node, ctx: WalkCtx): boolean {
  const list = ts.isArrayLiteralExpression(e.parent) ? e.parent : undefined;
  const call = list ? list.parent : e.parent;
  return ts.isCallExpression(call) && call.arguments.some((a) => skipOuter(a) === (list ?? e)) && isAllSettled(w.valueBinding(skipOuter(call.expression), ctx));
}

/**
 * Whether the function returns what the expression evaluates to: `return x`, an arrow's expression body, or a branch of
 * either (`return Sockets.server && Sockets.server.in(room)`, `return cached ?? load()`, `return ok ? a() : b()`).
 */
function isReturned(e: ts.Node): boolean {
  let n = e;
  for (;;) {
    const p = n.parent;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) n = p;
    else if (ts.isBinaryExpression(p) && p.right === n && LOGICAL_OPERATORS.has(p.operatorToken.kind)) n = p;
    else if (ts.isConditionalExpression(p) && p.condition !== n) n = p;
    else return ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === n);
  }
}

const LOGICAL_OPERATORS = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

/** The executor function written in `new Promise(executor)`, the global Promise. */
function promiseExecutor(call: ts.NewExpression, ctx: WalkCtx): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const ctor = skipOuter(call.expression);
  if (!ts.isIdentifier(ctor) || ctor.text !== 'Promise' || ctx.scope.lookup('Promise')) return undefined;
  const fn = call.arguments?.[0] && skipOuter(call.arguments[0]);
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
}

/** `axios.get(url)` in `axios.get(url).then(f).catch(g)`: a later link of the chain handles what it rejects with. */
function settledLaterInChain(call: ts.CallExpression | ts.NewExpression): boolean {
  for (let n: ts.Node = call; ;) {
    const access = n.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== n || !ts.isCallExpression(access.parent)) return false;
    if (rejectionHandler(access.parent) !== undefined) return true;
    n = access.parent;
  }
}

/** The rejection handler of `p.catch(handler)` or `p.then(onValue, handler)`. */
function rejectionHandler(call: ts.CallExpression): ts.Expression | undefined {
  const c = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(c)) return undefined;
  if (c.name.text === 'catch') return call.arguments[0];
  return c.name.text === 'then' ? call.arguments[1] : undefined;
}

/**
 * `const seen = new Map()`, or `this.#queue` of a class that declares `#queue = new Set()` or assigns it one in its
 * constructor: a collection in memory, whose `get`/`set`/`delete` cannot fail (a Redis client's can).
 */
function isInMemoryCollection(w: FactWalker, receiver: ts.Expression, ctx: WalkCtx): boolean {
  if (ts.isIdentifier(receiver)) return isNewCollection(w.initializerOf(receiver.text, ctx), ctx.scope);
  if (!ts.isPropertyAccessExpression(receiver) || receiver.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const field = receiver.name.text;
  let cls: ts.Node | undefined = receiver.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls) return false;
  return (cls as ts.ClassLikeDeclaration).members.some((m) => {
    const name = m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
    if (ts.isPropertyDeclaration(m)) return name === field && isNewCollection(m.initializer, ctx.scope);
    return ts.isConstructorDeclaration(m) && thisAssignments(m).some((a) => a.name === field && isNewCollection(a.value, ctx.scope));
  });
}

/**
 * `this.get(type)` in a method of an object literal (`const Store = { get: async function (type) {...}, update:
 * async function (type) { await this.get(type) } }`): the sibling method, since such objects are called as
 * `Store.update()` (a method borrowed onto another object would see another `this`, which services rarely do).
 * Only failure paths use it: hot-path reach does not follow such calls yet.
 */
function objectLiteralSibling(callee: ts.Expression): FunctionLike | undefined {
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let fn: ts.Node | undefined = callee.parent;
  while (fn && (!ts.isFunctionLike(fn) || ts.isArrowFunction(fn))) fn = fn.parent;
  if (!fn) return undefined;
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isFunctionExpression(fn) && ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
  const object = member?.parent;
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const p of object.properties) {
    if (propertyKey(p) !== callee.name.text) continue;
    if (ts.isMethodDeclaration(p)) return p;
    const init = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
    return init && (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) ? init : undefined;
  }
  return undefined;
}

/** Binding kinds of APIs the analysis knows (Node's, the catalogue's packages): what they throw is known to matter. */
const KNOWN_API_KINDS = new Set<Binding['kind']>(['node-module', 'node-member', 'node-instance', 'node-method', 'package', 'package-member']);

/** `assert(x)`, `schema.parse(body)`, `Joi.validate(v)`, `ensureAdmin(user)`: calls whose point is to throw on bad input. */
const CHECK_CALL = /^(assert|validate|verify|check|ensure|parse|expect|require|throw|fail|invariant)/i;

function isCheckCall(callee: ts.Expression): boolean {
  const name = calleeName(callee);
  return name !== '' && CHECK_CALL.test(name);
}

/**
 * Whether nothing uses a call's result: the call is a statement of its own (`res.status(429);`, `void track(e);`), or
 * a link in a chain of calls that is (`res.status(500).json(body);`).
 */
function resultDropped(call: ts.Node): boolean {
  let n = call;
  for (;;) {
    let p = n.parent;
    while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p)) p = p.parent;
    if (ts.isPropertyAccessExpression(p) && ts.isCallExpression(p.parent) && p.parent.expression === p) {
      n = p.parent;
      continue;
    }
    if (ts.isVoidExpression(p)) p = p.parent;
    return ts.isExpressionStatement(p);
  }
}

/** A value written in place, not a promise: a literal, `true`, `false`, `null`, `undefined`, or an object or array literal. */
function isLiteralValue(e: ts.Expression): boolean {
  if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return true;
  return ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword ||
    e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
}
