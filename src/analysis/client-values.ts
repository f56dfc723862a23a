// Which values are clients of a promise library (promise-clients.ts: an ioredis Redis, a nodemailer Transporter) when
// the project makes them in its own functions: `getRedisCache()` returning a module variable that a helper assigned
// `new Redis(url) as ExtendedRedis`. The floating-promise detector asks here about the receiver of a dropped call;
// exported functions that return a client are recorded (FunctionFact.returnsClient) so that calls from other files are
// decided when the files are linked. Syntax only: the values a name is given (valuesOfName), and what a function of
// this file returns, read from its return statements.
import { ts } from './typescript';
import type { Binding } from './bindings';
import { callbackGiven, givenValuesOfName, isNullish } from './call-shapes';
import type { FactWalker, WalkCtx } from './fact-walker';
import type { ClientNeed } from './file-facts';
import { clientModule, returnsClientPromise } from './promise-clients';
import { isFallback, returnedValues, skipOuter } from './syntax';

/** How many functions and names deep a value is followed. */
const MAX_DEPTH = 4;

/** Per walker: what each function of the file returns (null while it is being read, or when it is not one client). */
const returned = new WeakMap<FactWalker, Map<string, string | null>>();
/** Per walker: the client promise each function of the file returns (clientPromiseReturnedBy; null for none). */
const wrappedPromises = new WeakMap<FactWalker, Map<string, 'yes' | ClientNeed | null>>();
/** Per walker: the client each plain variable holds, by its binding (one per declaration). */
const byDeclaration = new WeakMap<FactWalker, Map<Binding, string | null>>();

function perWalker<K, V>(memos: WeakMap<FactWalker, Map<K, V>>, w: FactWalker): Map<K, V> {
  let memo = memos.get(w);
  if (!memo) memos.set(w, (memo = new Map()));
  return memo;
}

/**
 * The library whose client `expr` evaluates to: an instance made here (`new Redis()`, `createTransport()`), a field
 * typed with the class, a name every value of which is one, or a call of a function of this file that returns one.
 */
export function clientOf(w: FactWalker, expr: ts.Expression, ctx: WalkCtx, depth = 0): string | undefined {
  const x = skipOuter(expr);
  if (ts.isIdentifier(x)) {
    // What the name is bound to; for a plain variable, the values written in the code (a module variable that a getter
    // function assigns), read once per declaration.
    const b = w.valueBinding(x, ctx);
    if (b && b.kind !== 'opaque') return clientModule(b);
    const memo = perWalker(byDeclaration, w);
    if (b && memo.has(b)) return memo.get(b) ?? undefined;
    const values = depth < MAX_DEPTH ? givenValuesOfName(x) : undefined;
    const found = values !== undefined && values.length > 0 ? sameClient(values.map((v) => clientOf(w, v, w.moduleContext(), depth + 1))) : undefined;
    if (b) memo.set(b, found ?? null);
    return found;
  }
  if (ts.isCallExpression(x)) {
    const target = w.valueBinding(skipOuter(x.expression), ctx);
    if (target?.kind === 'fn' && w.functionNode(target.id)) return depth < MAX_DEPTH ? clientReturnedBy(w, target.id, depth + 1) : undefined;
  }
  return clientModule(w.valueBinding(x, ctx));
}

/** The library whose client every return of a function of this file gives. */
export function clientReturnedBy(w: FactWalker, id: string, depth = 0): string | undefined {
  const memo = perWalker(returned, w);
  if (memo.has(id)) return memo.get(id) ?? undefined;
  memo.set(id, null);
  const values = returnedValues(w.functionNode(id) ?? {});
  const given = values.map(skipOuter).filter((v) => !isNullish(v));
  const found = given.length > 0 ? sameClient(given.map((v) => clientOf(w, v, w.moduleContext(), depth))) : undefined;
  memo.set(id, found ?? null);
  return found;
}

/**
 * Records, for each exported function, and each method of an exported object (`export default { emitToRoom(room, m) {
 * return rclient.publish(...) } }`, Overleaf's real-time controllers), the client it returns, or the client promise it
 * returns (a wrapper of a client method, FunctionFact.returnsClientCall when the client is made in another file): calls
 * from other files are decided when linking.
 */
export function noteClientReturns(w: FactWalker): void {
  const exported = [...w.facts.exports.values()].flatMap((b) => (b.kind === 'object' ? [...b.members.values()] : [b]));
  for (const b of exported) {
    if (b.kind !== 'fn') continue;
    const fact = w.fnById.get(b.id);
    if (!fact) continue;
    const module = clientReturnedBy(w, b.id);
    if (module) fact.returnsClient = module;
    else fact.returnsClientOf = importedCallReturnedBy(w, b.id);
    const promise = fact.returnsPromise ? undefined : clientPromiseReturnedBy(w, b.id);
    if (promise === 'yes') fact.returnsPromise = true;
    else if (promise) fact.returnsClientCall = promise;
  }
}

/** The function of another file whose call's result a function of this file returns, directly or through a `const`. */
function importedCallReturnedBy(w: FactWalker, id: string): Binding | undefined {
  for (const v of returnedValues(w.functionNode(id) ?? {})) {
    let x = skipOuter(v);
    const values = ts.isIdentifier(x) ? givenValuesOfName(x) : undefined;
    if (values?.length === 1) x = values[0];
    const source = ts.isCallExpression(x) ? importedClientSource(w, x, w.moduleContext()) : undefined;
    if (source?.call) return source.from;
  }
  return undefined;
}

/**
 * What a dropped call's receiver needs to be for its promise to matter, when it comes from another file: a call of an
 * imported function (`getRedisCache().setex(...)`) or an imported value (`transporter.sendMail(...)`).
 */
export function importedClientSource(w: FactWalker, receiver: ts.Expression, ctx: WalkCtx): { from: Binding; call: boolean } | undefined {
  const x = skipOuter(receiver);
  // `getRedis()`, `redis.createClient()` of `import * as redis`, `RedisWrapper.client()` of a default-exported object.
  const imported = (b: Binding | undefined): b is Binding => b?.kind === 'project-export' || (b?.kind === 'member' && (b.of.kind === 'project-module' || b.of.kind === 'project-export'));
  if (ts.isCallExpression(x)) {
    const target = w.valueBinding(skipOuter(x.expression), ctx);
    return imported(target) ? { from: target, call: true } : undefined;
  }
  if (ts.isIdentifier(x)) {
    const value = w.valueBinding(x, ctx);
    return imported(value) ? { from: value, call: false } : undefined;
  }
  return undefined;
}

/**
 * Whether a function of this file returns the promise of a promise library's client method, as a wrapper does
 * (`function publishEvent(ch, e) { const redis = multi ?? getRedisPub(); return redis.publish(ch, e) }`): `yes`
 * when the client is made in this file, what a client made in another file must be (decided when linking), or
 * undefined. Only for a function not already known to return a promise.
 */
export function clientPromiseReturnedBy(w: FactWalker, id: string): 'yes' | ClientNeed | undefined {
  const memo = perWalker(wrappedPromises, w);
  if (memo.has(id)) return memo.get(id) ?? undefined;
  memo.set(id, null);
  const found = readClientPromiseReturned(w, id);
  memo.set(id, found ?? null);
  return found;
}

function readClientPromiseReturned(w: FactWalker, id: string): 'yes' | ClientNeed | undefined {
  for (const v of returnedValues(w.functionNode(id) ?? {})) {
    const call = skipOuter(v);
    if (!ts.isCallExpression(call)) continue;
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const kind = clientMethodPromise(w, call, callee.name.text, oneSide(callee.expression), w.moduleContext());
    if (kind !== undefined && kind !== 'no') return kind;
  }
  return undefined;
}

/**
 * Whether `receiver.method(...)` (the `call`) returns the promise of a promise library's client: `yes` or `no` when the
 * client is made in this file, what a client made in another file must be (decided when linking), or undefined when
 * the receiver is no client known here.
 */
export function clientMethodPromise(w: FactWalker, call: ts.CallExpression, method: string, receiver: ts.Expression, ctx: WalkCtx): 'yes' | 'no' | ClientNeed | undefined {
  const given = callbackGiven(call);
  const module = clientOf(w, receiver, ctx);
  if (module !== undefined) return returnsClientPromise(module, method, given) ? 'yes' : 'no';
  const source = importedClientSource(w, receiver, ctx);
  return source && { ...source, method, callbackGiven: given };
}

/**
 * The value a receiver holds, through a local `const` set once and the client side of `a ?? b` / `a || b`
 * (`multi ?? getRedisPub()`: called without the optional pipeline, it is the client).
 */
function oneSide(e: ts.Expression, depth = 0): ts.Expression {
  let x = skipOuter(e);
  if (ts.isIdentifier(x) && depth < MAX_DEPTH) {
    const values = givenValuesOfName(x);
    if (values?.length === 1) x = values[0];
  }
  if (isFallback(x)) {
    return oneSide(x.right, depth + 1);
  }
  return x;
}

function sameClient(modules: Array<string | undefined>): string | undefined {
  const first = modules[0];
  return first !== undefined && modules.every((m) => m === first) ? first : undefined;
}
