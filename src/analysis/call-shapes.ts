// Call shapes the detectors recognise: pooled workers, bounded fan-out, limiters, handled promise chains,
// callback forms of blocking APIs, and the wording of blocking-call messages.
import { ts } from './typescript';
import type { Binding } from './bindings';
import { CALLED_INSTANCE, NODE_BUILTINS, type BlockingApi } from './blocking-apis';
import { limiterWords } from './entry-patterns';
import { calleeName, isFallback, literalText, propertyKey, rootName, skipOuter, steppedOperand, truncate, type FunctionLike } from './syntax';

export const ONE_MIB = 1024 * 1024;

/** A new Worker kept in a collection is a pool being filled (or refilled), not a worker per request. */
export function isPooled(e: ts.NewExpression): boolean {
  let p: ts.Node = e.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) p = p.parent;
  if (isCollectionInsert(p)) return true;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    // pool[i] = new Worker(...), or this.worker = new Worker(...): kept for reuse.
    return ts.isElementAccessExpression(p.left) || (ts.isPropertyAccessExpression(p.left) && p.left.expression.kind === ts.SyntaxKind.ThisKeyword);
  }
  // const w = new Worker(...); ...; pool.push(w)
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
    const name = p.name.text;
    const body = enclosingFunctionBody(p);
    let stored = false;
    const visit = (n: ts.Node): void => {
      if (stored) return;
      if (isCollectionInsert(n) && (n as ts.CallExpression).arguments.some((a) => ts.isIdentifier(a) && a.text === name)) stored = true;
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.right) && n.right.text === name &&
        (ts.isElementAccessExpression(n.left) || ts.isPropertyAccessExpression(n.left))) stored = true;
      else ts.forEachChild(n, visit);
    };
    if (body) visit(body);
    return stored;
  }
  return false;
}

function isCollectionInsert(n: ts.Node): boolean {
  return ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['push', 'set', 'add', 'unshift', 'splice'].includes(n.expression.name.text);
}

function enclosingFunctionBody(n: ts.Node): ts.Node | undefined {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return (p as ts.FunctionLikeDeclaration).body;
  return undefined;
}

/** Options that cap how many rows a query returns: Sequelize and knex `limit`, TypeORM and Prisma `take`. */
const PAGE_SIZE_OPTIONS = new Set(['limit', 'take', 'pageSize', 'perPage']);
/** The largest page written as a number that still counts as one page; a cron's `limit: 10000` is a batch of everything. */
const MAX_PAGE_ROWS = 1000;
/** A name for the size of one batch or page: `batchSize`, `BATCH_SIZE`, `pageSize`, `chunkSize`, `perPage`. */
const BATCH_SIZE_NAME = /^(batch|page|chunk)_?size$|^per_?page$/i;

/**
 * `Model.findAll({ where, limit: 25 })`, `Revision.findAll({ limit: ctx.state.pagination.limit })`: a call (possibly
 * chained) that asks for one page, of a small size written in the code or of the request's pagination (which
 * pagination middleware caps), or a page size the caller picks with a small default or cap (`limit ?? 25`,
 * `Math.min(limit, 100)`). A limit from anywhere else (`{ limit }` handed in by a cron) bounds nothing we can see.
 * `initializer` follows a local name to what it was set to (`const effectiveLimit = limit ?? 25`).
 */
export function asksForOnePage(e: ts.Expression, initializer: (name: string) => ts.Expression | undefined = () => undefined): boolean {
  let x = skipOuter(e);
  while (ts.isCallExpression(x)) {
    for (const a of x.arguments) {
      const o = skipOuter(a);
      if (!ts.isObjectLiteralExpression(o)) continue;
      for (const p of o.properties) {
        if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !ts.isIdentifier(p.name) || !PAGE_SIZE_OPTIONS.has(p.name.text)) continue;
        if (isPageSize(ts.isPropertyAssignment(p) ? p.initializer : p.name, initializer)) return true;
      }
    }
    const callee = skipOuter(x.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    // A query builder's `.limit(25)` or `.take(batchSize)` (knex, TypeORM, Drizzle) anywhere in the chain.
    if (PAGE_SIZE_OPTIONS.has(callee.name.text) && x.arguments.length === 1 && isPageSize(x.arguments[0], initializer)) return true;
    x = skipOuter(callee.expression);
  }
  return false;
}

/** A number of rows that makes one page: see asksForOnePage. */
function isPageSize(e: ts.Expression, initializer: (name: string) => ts.Expression | undefined, depth = 0): boolean {
  const v = skipOuter(e);
  const small = (n: ts.Expression): boolean => {
    const x = skipOuter(n);
    return ts.isNumericLiteral(x) && Number(x.text) <= MAX_PAGE_ROWS;
  };
  if (small(v)) return true;
  if (ts.isPropertyAccessExpression(v) && /\bpagination\b/.test(v.expression.getText())) return true;
  // `limit(batchSize)`, `{ take: pageSize }`: the code names it one batch or page, whoever picks the number.
  if (ts.isIdentifier(v) && BATCH_SIZE_NAME.test(v.text)) return true;
  // limit ?? 25, limit || 25: a page size with a small default, as list endpoints take one.
  if (isFallback(v)) return small(v.right);
  // Math.min(limit, 100): capped.
  if (ts.isCallExpression(v) && v.expression.getText() === 'Math.min') return v.arguments.some(small);
  if (ts.isIdentifier(v) && depth < 3) {
    const init = initializer(v.text);
    return init !== undefined && isPageSize(init, initializer, depth + 1);
  }
  return false;
}

/** `xs.slice(0, 10)` or a batch `xs.slice(i, i + 8)`: a fixed number of items at most. */
export function isBoundedSlice(source: ts.Expression): boolean {
  if (!ts.isCallExpression(source)) return false;
  const c = skipOuter(source.expression);
  if (!ts.isPropertyAccessExpression(c) || c.name.text !== 'slice') return false;
  const [a, b] = source.arguments;
  if (a === undefined || b === undefined) return false;
  const start = skipOuter(a);
  const end = skipOuter(b);
  if (ts.isNumericLiteral(start) && ts.isNumericLiteral(end)) return true;
  if (ts.isBinaryExpression(end) && end.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const same = (x: ts.Expression): boolean => ts.isIdentifier(x) && ts.isIdentifier(start) && x.text === start.text;
    const constant = (x: ts.Expression): boolean => ts.isNumericLiteral(x) || (ts.isIdentifier(x) && /^[A-Z][A-Z0-9_]*$/.test(x.text));
    return (same(end.left) && constant(end.right)) || (same(end.right) && constant(end.left));
  }
  return false;
}

/** `escapeRegExp(q)`, `_.escapeRegExp(q)`, `q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')`: input made literal first. */
export function isEscapedForRegExp(arg: ts.Expression): boolean {
  const e = skipOuter(arg);
  if (!ts.isCallExpression(e)) return false;
  const c = skipOuter(e.expression);
  const name = calleeName(c);
  if (/escape/i.test(name)) return true;
  if ((name === 'replace' || name === 'replaceAll') && e.arguments[1]) {
    const r = skipOuter(e.arguments[1]);
    return (ts.isStringLiteral(r) || ts.isNoSubstitutionTemplateLiteral(r)) && r.text === '\\$&';
  }
  return false;
}

/**
 * `x => limit(() => f(x))`: the callback hands its work to a limiter, recognised by name or because
 * `isLimiter` knows the callee was made by a limiter factory (`const run = pLimit(4)`). A block body counts
 * when its first await is on a limiter call (`{ const r = await limit(() => f(x)); return r; }`), or, with
 * no await, when it returns one. Work awaited before the limiter still starts for every item at once.
 */
export function callsLimiter(cb: ts.ArrowFunction | ts.FunctionExpression, isLimiter: (callee: ts.Expression) => boolean): boolean {
  const isLimiterCall = (e: ts.Expression): boolean => startsThroughLimiter(e, isLimiter);
  if (!ts.isBlock(cb.body)) return isLimiterCall(cb.body);
  let firstAwait: boolean | undefined;
  let returnsLimiter = false;
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    ts.forEachChild(n, visit); // operands first: `await f(await limit(...))` waits on the limiter first
    if (ts.isAwaitExpression(n) && firstAwait === undefined) firstAwait = isLimiterCall(n.expression);
    if (ts.isReturnStatement(n) && n.expression && isLimiterCall(n.expression)) returnsLimiter = true;
  };
  visit(cb.body);
  return firstAwait ?? returnsLimiter;
}

/** `limit(() => f(x))`, `await queue.add(() => f(x))`: a call that hands its work to a limiter (see callsLimiter). */
export function startsThroughLimiter(e: ts.Expression, isLimiter: (callee: ts.Expression) => boolean): boolean {
  let r = skipOuter(e);
  if (ts.isAwaitExpression(r)) r = skipOuter(r.expression);
  if (!ts.isCallExpression(r)) return false;
  const c = skipOuter(r.expression);
  const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? `${rootName(c.expression) ?? ''}.${c.name.text}` : '';
  // `queue.add(() => work(x))` (p-queue) waits for a slot; `crawlQueue.enqueue(payload)` adds a job, one per item.
  const words = limiterWords(name);
  const queueOnly = words.length > 0 && words.every((w) => /^p?queue/.test(w));
  if (queueOnly && !r.arguments.some(isCallbackLike)) return isLimiter(c);
  return words.length > 0 || isLimiter(c);
}

/** `chunk(docs, 8)`, `_.chunk`, `batches(xs)`, `inChunks`, `splitEvery`: a callee that splits items into batches. */
export function isBatchSourceName(name: string): boolean {
  return /chunk|batch|splitevery/i.test(name);
}

/** The call a `.then(...).finally(...)` chain starts from: `load()` in `load().then(f)`. */
export function chainRoot(e: ts.CallExpression): ts.CallExpression | undefined {
  let x: ts.Expression = e;
  while (ts.isCallExpression(x) && ts.isPropertyAccessExpression(skipOuter(x.expression))) {
    const access = skipOuter(x.expression) as ts.PropertyAccessExpression;
    if (!['then', 'finally', 'catch'].includes(access.name.text)) return x;
    x = skipOuter(access.expression);
  }
  return ts.isCallExpression(x) ? x : undefined;
}

/** `p.then(ok, fail).finally(f)` and `p.catch(f).then(g)` already handle rejection earlier in the chain. */
export function chainHasRejectionHandler(e: ts.Expression, depth = 0): boolean {
  let x = e;
  while (ts.isCallExpression(x)) {
    const c = skipOuter(x.expression);
    if (!ts.isPropertyAccessExpression(c)) return false;
    const handler = c.name.text === 'catch' ? x.arguments[0] : c.name.text === 'then' ? x.arguments[1] : undefined;
    // `.then((body) => cb(null, JSON.parse(body)), onError)`: what the first handler throws rejects the promise `then`
    // returns, which the second handler does not see (Overleaf's history client, once per flush).
    if (handler && c.name.text === 'then' && x.arguments[0] && throwsInPlace(x.arguments[0])) return false;
    // `.catch((e) => { log(e); throw e; })` logs and rejects again: not a handler, the chain goes on rejecting.
    if (handler && !rethrows(handler)) return true;
    if (c.name.text !== 'then' && c.name.text !== 'finally' && c.name.text !== 'catch') return false;
    x = skipOuter(c.expression);
  }
  // `titlePromise.finally(dispose)` where every value `titlePromise` is given is `addTitle(...).catch(log)` (or
  // null): the promise the chain starts from is handled already.
  if (!ts.isIdentifier(x) || depth > 2) return false;
  const values = givenValuesOfName(x);
  return values !== undefined && values.length > 0 && values.every((v) => chainHasRejectionHandler(v, depth + 1));
}

/**
 * A handler written in place that throws outside a try of its own: a `throw` statement, or `JSON.parse` of what it was
 * given. Other calls may throw too, but that is every function; these two say the author expects bad input.
 */
function throwsInPlace(handler: ts.Expression): boolean {
  const h = skipOuter(handler);
  if (!(ts.isArrowFunction(h) || ts.isFunctionExpression(h))) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isTryStatement(n) || (ts.isFunctionLike(n) && n !== h)) return;
    if (ts.isThrowStatement(n)) found = true;
    else if (ts.isCallExpression(n) && n.expression.getText() === 'JSON.parse') found = true;
    else ts.forEachChild(n, visit);
  };
  visit(h.body);
  return found;
}

/** A rejection handler written in place whose body ends by throwing: it logs, or wraps the error, and rejects again. */
function rethrows(handler: ts.Expression): boolean {
  const h = skipOuter(handler);
  if (!(ts.isArrowFunction(h) || ts.isFunctionExpression(h)) || !ts.isBlock(h.body)) return false;
  const last = h.body.statements[h.body.statements.length - 1];
  return last !== undefined && ts.isThrowStatement(last);
}

/** `null`, `undefined`, `void x`: a value that holds nothing. */
export const isNullish = (e: ts.Expression): boolean =>
  e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e);

/** The values a name is given (valuesOfName), unwrapped, leaving out the ones that hold nothing (`let x = null`). */
export function givenValuesOfName(id: ts.Identifier): ts.Expression[] | undefined {
  return valuesOfName(id)?.map(skipOuter).filter((v) => !isNullish(v));
}

/** Random data this size or smaller costs microseconds: not worth a finding. */
const SMALL_RANDOM_BYTES = 1024;

/** A read of this many bytes or fewer, fixed in the code, is one small system call. */
const SMALL_READ_BYTES = 64 * 1024;

/** The SQL keywords queryShows looks for in raw SQL. */
const SQL_CLAUSES = { limit: /\blimit\b/i, where: /\bwhere\b/i } as const;

/**
 * Whether a query shows a `limit` on the rows it reads, or a `where` that filters them: a relational query's option
 * (`db.query.t.findMany({ limit: 20 })`), a step of its builder chain (`.limit(n)`, `.where(...)`; ending in `.get()`,
 * the first row, is a limit too), or the keyword in raw SQL.
 */
function queryShows(call: ts.CallExpression, clause: 'limit' | 'where'): boolean {
  const first = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (first && ts.isObjectLiteralExpression(first) && first.properties.some((p) => propertyKey(p) === clause)) return true;
  const sql = first && (ts.isTaggedTemplateExpression(first) || ts.isStringLiteralLike(first) || ts.isTemplateExpression(first));
  if (sql && SQL_CLAUSES[clause].test(first.getText())) return true;
  for (let n: ts.Node = call; ts.isPropertyAccessExpression(n.parent) && ts.isCallExpression(n.parent.parent); n = n.parent.parent) {
    const step = n.parent.name.text;
    if (step === clause || (clause === 'limit' && step === 'get')) return true;
  }
  return false;
}

/**
 * Why a blocking call costs too little for a warning (it stays a note), or undefined when it does not:
 * - metadata calls (exists, stat, mkdir, unlink);
 * - one row or one write of an embedded database, and a query that shows a limit or a filter (queryShows);
 * - random data of a size the code does not fix (`randomBytes(size)` in a helper, almost always a few bytes);
 * - `rmSync(file)` without `recursive: true`, which can only remove one file: an unlink;
 * - `readSync(fd, buf, off, 1024, pos)`: a read of a small length fixed in the code;
 * - a file read whose content is parsed as one number (`Number(readFileSync(stampPath))`): a few bytes;
 * - a read of a TLS key or certificate (`readFileSync(path.join(dir, 'ipc-pub.pem'))`, `{ cert: readFileSync(p) }`,
 *   `readFileSync(params.ca)`): a few kilobytes of PEM or DER;
 * - a file read whose content is only computed with as a number (`const at = readFileSync(p); Date.now() - at`), or a
 *   write of one number (`writeFileSync(p, String(Date.now()))`): a few bytes;
 * - a listing of a folder that ships with the code (`readdirSync(path.join(__dirname, '..', 'templates'))`, every
 *   value the variable holding the path gets written so): as many entries as the release put there, a fixed count.
 * A read of a path fixed in the code stays a warning: its size is unknown, and it is the canonical mistake
 * (a template read per request). So do the reads of the files a listing finds: their number is fixed, their size not.
 */
export function smallCost(api: BlockingApi, call: ts.CallExpression): string | undefined {
  if (api.cost === 'metadata') return 'one small system call, longer on a slow or network disk';
  if (api.cost === 'row') return 'one row or one write: microseconds on an index, longer on a table scan';
  if (api.cost === 'rows') {
    if (queryShows(call, 'limit')) return 'a query capped by a limit: as many rows as that';
    // On real services a filtered read was mostly one user's few rows (their webhooks, their prompts): a note. A read
    // of a whole table is the one that grows with every user.
    if (queryShows(call, 'where')) return 'a filtered read: as many rows as the filter matches, few on an index';
  }
  if (api.cost === 'key-operation') return 'one key operation: about 0.3 ms with a 2048-bit RSA key, 4 ms at 4096 bits, less with EC';
  if (api.cost === 'sliced') return api.measured?.costs ?? 'in slices of up to 100 ms, about 50 to 100 ms of CPU at cost 10';
  const args = call.arguments;
  const first = args[0] ? skipOuter(args[0]) : undefined;
  if (api.when === 'no-callback-large') return first !== undefined && !ts.isNumericLiteral(first) ? 'a size set by the caller, usually a few bytes' : undefined;
  if (api.module !== 'fs' && api.module !== 'fs-extra' && api.module !== 'graceful-fs') return undefined;
  if (api.name === 'rmSync') {
    const oneFile = args.length === 1 || (args.length === 2 && ts.isObjectLiteralExpression(skipOuter(args[1])) && !hasTrueOption(args[1], 'recursive'));
    return oneFile ? 'without recursive it removes one file: one small system call' : undefined;
  }
  if (api.name === 'readSync') {
    const length = args[3] ? skipOuter(args[3]) : undefined;
    return length !== undefined && ts.isNumericLiteral(length) && Number(length.text) <= SMALL_READ_BYTES ? `a read of ${length.text} bytes at most` : undefined;
  }
  if (api.name === 'readFileSync' && (isParsedAsNumber(call) || usedOnlyAsNumber(call))) return 'its content is one number: a few bytes';
  if ((api.name === 'writeFileSync' || api.name === 'appendFileSync') && args[1] !== undefined && isNumberText(args[1])) return 'it writes one number: a few bytes';
  if (api.name === 'readdirSync' && first !== undefined && isShippedPath(first)) return 'a folder that ships with the code: a fixed, usually small, number of entries';
  if (api.name === 'readFileSync' && first !== undefined && isShippedPath(first)) return 'a file that ships with the code (a template, a page): usually a few kilobytes, and the OS caches it';
  if (api.name === 'readFileSync' && readsKeyMaterial(call)) return 'a key or certificate: a few kilobytes';
  return undefined;
}

/** File names of keys and certificates (PEM, DER, PKCS#12). */
const KEY_FILE = /\.(pem|crt|cer|der|key|pfx|p12)$/i;
/** What Node's TLS options call keys and certificates: `tls.createSecureContext({ key, cert, ca, pfx })`. */
const TLS_KEY_OPTIONS = new Set(['key', 'cert', 'ca', 'pfx']);

/**
 * A read of a key or a certificate: its path names one (`'server.pem'` among the path's parts, or a field of the class
 * initialised with such a name: `this.#pubKeyName`), or is a TLS option (`readFileSync(queryParams.ca)`), or the
 * content goes to one (`{ key: readFileSync(p) }`, `ssl.cert = readFileSync(p).toString()`).
 */
function readsKeyMaterial(call: ts.CallExpression): boolean {
  const path = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  if (!path) return false;
  if (ts.isPropertyAccessExpression(path) && TLS_KEY_OPTIONS.has(path.name.text)) return true;
  let named = false;
  const visit = (n: ts.Node): void => {
    if (named) return;
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && KEY_FILE.test(n.text)) named = true;
    else if (ts.isTemplateExpression(n) && KEY_FILE.test(n.templateSpans[n.templateSpans.length - 1].literal.text)) named = true;
    else if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) named = KEY_FILE.test(classFieldText(n) ?? '');
    else ts.forEachChild(n, visit);
  };
  visit(path);
  if (named) return true;
  // Where the content goes: through `.toString()` or `String(...)` at most, or one branch of a choice
  // (`ca: env.CA_PATH ? readFileSync(env.CA_PATH) : undefined`, `?? fallback`).
  let value: ts.Node = call;
  for (;;) {
    const p = value.parent;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) value = p;
    else if (ts.isConditionalExpression(p) && p.condition !== value) value = p;
    else if (isFallback(p)) value = p;
    else if (ts.isPropertyAccessExpression(p) && p.name.text === 'toString' && ts.isCallExpression(p.parent) && p.parent.expression === p) value = p.parent;
    else if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'String') value = p;
    else break;
  }
  const p = value.parent;
  if (ts.isPropertyAssignment(p) && p.initializer === value) return (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && TLS_KEY_OPTIONS.has(p.name.text);
  return ts.isBinaryExpression(p) && p.right === value && p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(p.left) && TLS_KEY_OPTIONS.has(p.left.name.text);
}

/** `this.#name` where the enclosing class declares `#name = 'ipc-pub.pem'`: the string. */
function classFieldText(access: ts.PropertyAccessExpression): string | undefined {
  let cls: ts.Node | undefined = access.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls) return undefined;
  for (const m of (cls as ts.ClassLikeDeclaration).members) {
    if (!ts.isPropertyDeclaration(m) || !m.initializer || m.name.getText() !== access.name.getText()) continue;
    const init = skipOuter(m.initializer);
    return ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) ? init.text : undefined;
  }
  return undefined;
}

/** `Number(x)`, `parseInt(x)`, `parseFloat(x)`, `+x`: the value read is one number. */
function isParsedAsNumber(e: ts.Expression): boolean {
  let arg: ts.Node = e;
  while (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent)) arg = arg.parent;
  const p = arg.parent;
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.PlusToken) return true;
  if (!ts.isCallExpression(p) || p.arguments[0] !== arg) return false;
  const callee = skipOuter(p.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Number' ? callee.name.text : '';
  return name === 'Number' || name === 'parseInt' || name === 'parseFloat';
}

/**
 * `const cachedAt = readFileSync(p, 'utf8'); return Date.now() - cachedAt > ttl;`: the content is held in a local
 * `const` that every use turns into a number (an operand of `-`, `*`, `/`, `%`, `**`, unary `+`/`-`, or `Number(x)`).
 */
function usedOnlyAsNumber(call: ts.CallExpression): boolean {
  let value: ts.Node = call;
  while (ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
  const decl = value.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== value || !ts.isIdentifier(decl.name)) return false;
  if (!(decl.parent.flags & ts.NodeFlags.Const)) return false;
  const name = decl.name.text;
  const body = enclosingFunctionBody(decl) ?? decl.getSourceFile();
  const uses: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name) uses.push(n);
    ts.forEachChild(n, visit);
  };
  visit(body);
  const ARITHMETIC = new Set([
    ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken,
  ]);
  return uses.length > 0 && uses.every((u) => {
    let x: ts.Node = u;
    while (ts.isParenthesizedExpression(x.parent)) x = x.parent;
    const p = x.parent;
    if (ts.isBinaryExpression(p) && ARITHMETIC.has(p.operatorToken.kind)) return true;
    if (ts.isPrefixUnaryExpression(p) && (p.operator === ts.SyntaxKind.PlusToken || p.operator === ts.SyntaxKind.MinusToken)) return true;
    return isParsedAsNumber(x as ts.Expression);
  });
}

/** `Date.now()`, `Number(x)`, `process.pid`, `42`, `new Date().getTime()`: an expression whose value is a number. */
function isNumberValue(e: ts.Expression): boolean {
  const x = skipOuter(e);
  if (ts.isNumericLiteral(x)) return true;
  if (ts.isPrefixUnaryExpression(x) && (x.operator === ts.SyntaxKind.PlusToken || x.operator === ts.SyntaxKind.MinusToken)) return true;
  if (ts.isPropertyAccessExpression(x)) return x.getText() === 'process.pid';
  if (!ts.isCallExpression(x)) return false;
  const c = skipOuter(x.expression);
  if (ts.isIdentifier(c)) return c.text === 'Number' || c.text === 'parseInt' || c.text === 'parseFloat';
  if (!ts.isPropertyAccessExpression(c)) return false;
  const text = c.getText();
  if (text === 'Date.now' || text === 'performance.now' || /^Math\.\w+$/.test(text)) return true;
  return (c.name.text === 'getTime' || c.name.text === 'valueOf') && ts.isNewExpression(skipOuter(c.expression));
}

/** `String(Date.now())`, `Date.now().toString()`, `` `${process.pid}` ``, `42`: the text of one number. */
function isNumberText(e: ts.Expression): boolean {
  const x = skipOuter(e);
  if (isNumberValue(x)) return true;
  if (ts.isTemplateExpression(x)) return x.head.text === '' && x.templateSpans.length === 1 && x.templateSpans[0].literal.text === '' && isNumberValue(x.templateSpans[0].expression);
  if (!ts.isCallExpression(x)) return false;
  const c = skipOuter(x.expression);
  if (ts.isIdentifier(c) && c.text === 'String') return x.arguments.length === 1 && isNumberValue(x.arguments[0]);
  return ts.isPropertyAccessExpression(c) && c.name.text === 'toString' && isNumberValue(c.expression);
}

/**
 * A folder the release is laid out in: the module's own (`__dirname`, `import.meta.dirname`), or the folder the app
 * runs in (`process.cwd()`, where a Next.js app finds its `templates/`).
 */
function isReleaseDir(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return (ts.isIdentifier(x) && x.text === '__dirname') || (ts.isPropertyAccessExpression(x) && x.getText() === 'import.meta.dirname') ||
    (ts.isCallExpression(x) && x.arguments.length === 0 && x.expression.getText() === 'process.cwd');
}

/**
 * A path inside the code's own folder, fixed in the code: `__dirname`, or `path.join(__dirname, '..', 'templates')`
 * (`resolve` too; `process.cwd()` in place of `__dirname` too) with string literals after it, or a name whose every value is such a path (`let dir = path.join(
 * __dirname, 'a'); ...; dir = path.join(__dirname, 'b')`). What a release ships, not data the program stores.
 */
export function isShippedPath(e: ts.Expression, depth = 0): boolean {
  const x = skipOuter(e);
  if (isReleaseDir(x)) return true;
  if (ts.isCallExpression(x)) {
    const c = skipOuter(x.expression);
    const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && /^(path|nodePath|posix)$/.test(c.expression.text) ? c.name.text : '';
    if (name !== 'join' && name !== 'resolve') return false;
    const [head, ...rest] = x.arguments;
    return head !== undefined && (isReleaseDir(head) || (depth < 3 && ts.isIdentifier(skipOuter(head)) && isShippedPath(head, depth + 1))) &&
      rest.every((a) => literalText(skipOuter(a)) !== undefined);
  }
  if (!ts.isIdentifier(x) || depth >= 3) return false;
  const values = valuesOfName(x);
  return values !== undefined && values.length > 0 && values.every((v) => isShippedPath(v, depth + 1));
}

/**
 * Every value a local name is given, read from the code: its declaration's initialiser (found in the enclosing blocks,
 * the nearest first) and each plain assignment to it in the declaring block. Undefined when the declaration is not
 * found, or when the name is also changed otherwise (`dir += '/x'`, `dir++`).
 */
export function valuesOfName(id: ts.Identifier): ts.Expression[] | undefined {
  const name = id.text;
  for (let container: ts.Node | undefined = id.parent; container; container = container.parent) {
    const statements = ts.isBlock(container) || ts.isSourceFile(container) || ts.isModuleBlock(container) ? container.statements : undefined;
    if (!statements) continue;
    const decl = statements.flatMap((st) => (ts.isVariableStatement(st) ? [...st.declarationList.declarations] : []))
      .find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (!decl) continue;
    const values: ts.Expression[] = decl.initializer ? [decl.initializer] : [];
    let other = false;
    const visit = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && ts.isIdentifier(skipOuter(n.left)) && (skipOuter(n.left) as ts.Identifier).text === name) {
        if (n.operatorToken.kind === ts.SyntaxKind.EqualsToken) values.push(n.right);
        else if (n.operatorToken.kind >= ts.SyntaxKind.FirstCompoundAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastCompoundAssignment) other = true;
      } else {
        const stepped = steppedOperand(n);
        if (stepped && ts.isIdentifier(stepped) && stepped.text === name) other = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(container);
    return other ? undefined : values;
  }
  return undefined;
}

export function blocksHere(api: BlockingApi, call: ts.CallExpression | ts.NewExpression): boolean {
  if (api.when === 'always') return true;
  const args: readonly ts.Expression[] = call.arguments ?? [];
  // `marked('**Note**')`: the input is written in the code, so it is as small as the code shows.
  if (api.when === 'non-literal-input') {
    const inputs = (api.inputArgs ?? [0]).map((i) => args[i]).filter((a): a is ts.Expression => a !== undefined);
    return inputs.length === 0 || inputs.some((a) => literalText(skipOuter(a)) === undefined);
  }
  if (api.when === 'deflate-option') return args.some((a) => hasStringOption(a, 'compression', 'DEFLATE'));
  if (api.when === 'shell-sync') return !args.slice(1).some((a) => isCallbackLike(a) || hasTrueOption(a, 'async'));
  if (api.when === 'asymmetric-jwt') {
    if (args.length >= 3 && isCallbackLike(args[args.length - 1])) return false;
    return args.some((a) => namesAsymmetricAlgorithm(a));
  }
  if (api.when === 'no-callback-large') {
    const size = args[0] && ts.isNumericLiteral(skipOuter(args[0])) ? Number((skipOuter(args[0]) as ts.NumericLiteral).text) : undefined;
    if (size !== undefined && size <= SMALL_RANDOM_BYTES) return false;
  }
  const last = args[args.length - 1];
  if (!last) return true;
  const l = skipOuter(last);
  if (ts.isArrowFunction(l) || ts.isFunctionExpression(l)) return false;
  // A callback passed by name: `randomBytes(16, done)`. The minimum arity tells it from data arguments.
  const minArgs: Record<string, number> = { randomBytes: 2, randomFill: 2, sign: 4, verify: 5 };
  const needed = minArgs[api.name] ?? 2;
  if (args.length >= needed && (ts.isIdentifier(l) || ts.isPropertyAccessExpression(l) || ts.isCallExpression(l)) && !ts.isNumericLiteral(l)) return false;
  return true;
}

/** A function written in place, as an argument: `(err) => ...`, `function (err) { ... }`. */
export function isCallbackLike(a: ts.Expression): boolean {
  const x = skipOuter(a);
  return ts.isArrowFunction(x) || ts.isFunctionExpression(x);
}

/** Whether a call's last argument is a function written there: a callback, which many APIs take instead of returning a promise. */
export function callbackGiven(call: ts.CallExpression): boolean {
  const last = call.arguments[call.arguments.length - 1];
  return last !== undefined && isCallbackLike(last);
}

/** `{ compression: 'DEFLATE' }`: an option given as that string. */
function hasStringOption(a: ts.Expression, key: string, value: string): boolean {
  const x = skipOuter(a);
  return ts.isObjectLiteralExpression(x) && x.properties.some((p) =>
    ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === key && literalText(skipOuter(p.initializer)) === value);
}

/** `{ async: true }` among the options. */
function hasTrueOption(a: ts.Expression, key: string): boolean {
  const x = skipOuter(a);
  return ts.isObjectLiteralExpression(x) && x.properties.some((p) =>
    ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === key && p.initializer.kind === ts.SyntaxKind.TrueKeyword);
}

/** `{ algorithm: 'RS256' }` or `{ algorithms: ['ES256'] }`: RSA and elliptic-curve keys cost real CPU per call. */
function namesAsymmetricAlgorithm(a: ts.Expression): boolean {
  const x = skipOuter(a);
  if (!ts.isObjectLiteralExpression(x)) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && /^(RS|ES|PS)\d{3}$/.test(n.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(x);
  return found;
}

/** The message of a blocking call; `small` says why it costs little, for a note. */
export function blockingMessage(api: BlockingApi, small?: string): string {
  // A package's default export (`default#turndown`) reads as the method alone, beside its package: `turndown (turndown)`;
  // a constructor as `new JSDOM`; the package called as a function by its own name: `sanitize-html`.
  const cls = api.className === 'default' ? undefined : api.className;
  // An instance called as a function: `calling what compile() returned`, `calling a FeatureExtractionPipeline`.
  const called = api.name === CALLED_INSTANCE && cls ? (cls.endsWith('()') ? `calling what ${cls} returned` : `calling a ${cls}`) : undefined;
  const name = api.shown ?? called ?? (cls === 'new' ? `new ${api.name}` : cls ? (api.module === 'global' ? `${cls}.${api.name}` : `${cls}#${api.name}`) : api.name === 'default' ? api.module : api.name);
  const qualifier = api.when === 'no-callback' || api.when === 'no-callback-large' ? ' without a callback' : '';
  // Third-party APIs name their package: `hashSync (bcryptjs)`.
  const owner = api.module !== 'global' && !NODE_BUILTINS.has(api.module) && api.name !== 'default' && !api.shown ? ` (${api.module})` : '';
  if (api.cost === 'document' && api.measured) return `${name}${owner} ${api.measured.does} on the event loop {where}: ${api.measured.costs}; use ${api.instead}`;
  if (api.cost === 'model') return `${name}${owner} runs the whole model on the event loop {where}, in one synchronous call into onnxruntime-node, for milliseconds to seconds by the model's size; use ${api.instead}`;
  if (api.cost === 'input') return `${name}${owner} computes on the event loop {where} for as long as its input takes; if the input can be large (an upload, a whole document), use ${api.instead}`;
  if (api.cost === 'sliced') {
    const does = api.measured?.does ?? 'is pure JavaScript and runs on the event loop {where}, though it returns a promise';
    return `${name}${owner} ${does} (${small}); use ${api.instead}`;
  }
  if (api.cost === 'rebuild' && api.measured) return `${name}${owner} ${api.measured.does} each time it is called {where} (${api.measured.costs}); ${api.instead}`;
  if (small !== undefined) return `${name}${owner}${qualifier} blocks the event loop briefly {where} (${small}); prefer ${api.instead}`;
  return `${name}${owner}${qualifier} blocks the event loop {where}; use ${api.instead} instead`;
}

export function matchesCalleePattern(calleeText: string, pattern: string): boolean {
  const p = pattern.trim();
  if (!p) return false;
  if (p.startsWith('*.')) return calleeText.endsWith(p.slice(1));
  return calleeText === p || calleeText.endsWith('.' + p);
}

const PROMISE_CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

export function declaresPromise(node: FunctionLike): boolean {
  if (node.type && ts.isTypeReferenceNode(node.type)) {
    const name = node.type.typeName;
    return ts.isIdentifier(name) && (name.text === 'Promise' || name.text === 'PromiseLike');
  }
  // `new Promise(...)`, or a chain of promise methods (`return readRaw(c).then(parse).catch(log)`): then, catch and finally
  // return promises whatever the chain starts from.
  const makesPromise = (e: ts.Expression | undefined): boolean => {
    const x = e && skipOuter(e);
    if (x !== undefined && ts.isCallExpression(x)) {
      const c = skipOuter(x.expression);
      return ts.isPropertyAccessExpression(c) && PROMISE_CHAIN_METHODS.has(c.name.text) && x.arguments.length > 0;
    }
    return x !== undefined && ts.isNewExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'Promise';
  };
  if (!node.body) return false;
  if (!ts.isBlock(node.body)) return makesPromise(node.body);
  // function wait(ms) { return new Promise(...) }: a return of its own (not of a nested function) builds a promise.
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && makesPromise(n.expression)) found = true;
    else ts.forEachChild(n, visit);
  };
  node.body.statements.forEach(visit);
  return found;
}

/**
 * A function whose whole body is `try { ... } catch { ... }` with a catch that does not throw (and a finally, if
 * any, that does not either), or several such, each maybe behind an `if`, or `return p.catch(...)`: the promise it
 * returns cannot reject, so dropping it loses no error. Statements that neither await nor throw may stand before.
 * A function that is not `async` throws what it throws to its caller at once; only its returns make its promise, so
 * it cannot reject when every one of them returns a chain with a rejection handler or `Promise.resolve(...)`
 * (LibreChat's `noteSteersRemoved`).
 */
export function catchesEverything(node: FunctionLike): boolean {
  const body = node.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return endsInCatch(body);
  const isAsync = ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  if (!isAsync && returnsOnlySettled(body)) return true;
  // Statements before the try that wait for nothing: `const id = job.id;`, `log('start')`.
  const statements = [...body.statements];
  while (statements.length > 1 && !containsAwait(statements[0]) && !ts.isTryStatement(statements[0]) && !ts.isReturnStatement(statements[0]))
    statements.shift();
  if (statements.length === 1 && ts.isReturnStatement(statements[0])) return statements[0].expression !== undefined && endsInCatch(statements[0].expression);
  return statements.length > 0 && statements.every(catchesItsFailures);
}

/**
 * A try whose catch (and finally) throw nothing, or an `if` that awaits nothing in its test and whose branches are
 * each such a try: Directus's `onMessage` is `if (subscribe) try {...} catch {...}` then `if (unsubscribe) try ...`.
 */
function catchesItsFailures(st: ts.Statement): boolean {
  if (ts.isBlock(st)) return st.statements.length === 1 && catchesItsFailures(st.statements[0]);
  if (ts.isIfStatement(st)) {
    return !containsAwait(st.expression) && catchesItsFailures(st.thenStatement) && (!st.elseStatement || catchesItsFailures(st.elseStatement));
  }
  return ts.isTryStatement(st) && st.catchClause !== undefined && !throws(st.catchClause.block) && (!st.finallyBlock || !throws(st.finallyBlock));
}

/** Every return of its own (none in a nested function) hands back a chain with a rejection handler, or `Promise.resolve(...)`. */
function returnsOnlySettled(body: ts.Block): boolean {
  let returns = 0;
  let other = false;
  const visit = (n: ts.Node): void => {
    if (other || ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n)) {
      returns++;
      const x = n.expression && skipOuter(n.expression);
      const resolved = x !== undefined && ts.isCallExpression(x) && x.expression.getText() === 'Promise.resolve';
      if (!x || !(resolved || (ts.isCallExpression(x) && chainHasRejectionHandler(x)))) other = true;
    } else ts.forEachChild(n, visit);
  };
  body.statements.forEach(visit);
  return returns > 0 && !other;
}

function endsInCatch(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === 'catch' && x.arguments.length > 0 && !rethrows(x.arguments[0]);
}

function containsAwait(n: ts.Node): boolean {
  let found = false;
  const visit = (c: ts.Node): void => {
    if (found || ts.isFunctionLike(c)) return;
    if (ts.isAwaitExpression(c) || ts.isThrowStatement(c)) found = true;
    else ts.forEachChild(c, visit);
  };
  visit(n);
  return found;
}

/** Calls that do not throw for any argument a program passes them in practice: timers, logging, Math, Date. */
const NON_THROWING_GLOBALS = new Set([
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask',
  'String', 'Number', 'Boolean', 'isNaN', 'isFinite', 'parseInt', 'parseFloat',
]);
const NON_THROWING_RECEIVERS = new Set(['console', 'logger', 'log', 'Math', 'Date', 'Array', 'Object', 'Number', 'String']);
/**
 * Packages that generate ids: `v4()` of uuid, `nanoid()`, `createId()` of cuid2, `ulid()`. They take no input that can
 * be wrong and do no I/O, so calling them cannot make their caller fail. Node's own `crypto.randomUUID()` likewise.
 */
export const ID_GENERATOR_PACKAGES: ReadonlySet<string> = new Set(['uuid', 'nanoid', 'cuid', '@paralleldrive/cuid2', 'ulid', 'short-uuid']);

/**
 * Node's functions that only compute on the strings they are given, `module|name`: `path.join(dir, 'package.json')`,
 * `url.pathToFileURL(file)`, `util.format(...)`, and Node's id generator. They throw only for an argument of the wrong
 * type (a bug, not a failure to expect), so a catch clause that builds its message with them does not fail (Etherpad's
 * LinkInstaller logs `pathToFileURL(path.join(...))`). Not `fileURLToPath`, which rejects a URL that is not a file's.
 */
export const PURE_NODE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...['join', 'resolve', 'normalize', 'relative', 'dirname', 'basename', 'extname', 'isAbsolute', 'parse', 'format'].map((name) => `path|${name}`),
  'url|pathToFileURL', 'util|format', 'util|inspect', 'crypto|randomUUID',
]);

/** `setTimeout(...)`, `console.log(...)`, `logger.error(...)`, `Math.max(...)`, `Object.keys(...)` with nothing of that name in scope. */
export function cannotThrow(callee: ts.Expression, scope: { lookup(name: string): unknown }): boolean {
  const c = skipOuter(callee);
  if (ts.isIdentifier(c)) return NON_THROWING_GLOBALS.has(c.text) && !scope.lookup(c.text);
  if (!ts.isPropertyAccessExpression(c)) return false;
  const r = skipOuter(c.expression);
  if (ts.isIdentifier(r)) return NON_THROWING_RECEIVERS.has(r.text) && (r.text === 'logger' || r.text === 'log' || !scope.lookup(r.text));
  // this.logger.warn(...)
  return ts.isPropertyAccessExpression(r) && r.expression.kind === ts.SyntaxKind.ThisKeyword && (r.name.text === 'logger' || r.name.text === 'log');
}

/**
 * String and array methods that throw for no argument a program passes them (a missing receiver aside, which is
 * the language's own failure, as for a property of undefined). Names only strings and arrays use in practice: not
 * `get`, `set`, `delete` or `find`, which database and cache clients use too, nor `match` (a string pattern is
 * compiled and can be invalid).
 */
const NON_THROWING_METHODS = new Set([
  'includes', 'startsWith', 'endsWith', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'indexOf',
  'lastIndexOf', 'slice', 'substring', 'padStart', 'padEnd', 'charAt', 'charCodeAt', 'split', 'join', 'concat',
  'replace', 'push', 'unshift', 'pop', 'shift', 'hasOwnProperty', 'toString', 'toFixed', 'at',
]);

/** Array methods that call their callback right away: they throw only what the callback throws. */
const ARRAY_CALLBACK_METHODS = new Set([
  'map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'reduce',
  'reduceRight', 'sort', 'toSorted',
]);

/** Global namespaces whose methods never return promises nor are the project's: not worth a type-checker question. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set(['console', 'Math', 'JSON', 'Object', 'Array', 'Reflect', 'Number', 'String', 'Date', 'Symbol']);

/** In-memory collections: their methods do no I/O and do not throw. */
const IN_MEMORY_COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);
const COLLECTION_METHODS = new Set(['get', 'set', 'has', 'delete', 'clear', 'keys', 'values', 'entries', 'add']);
/** Constructors that do not throw for arguments a program passes them in practice. */
const NON_THROWING_CONSTRUCTORS = new Set([...IN_MEMORY_COLLECTIONS, 'Date', 'Error', 'TypeError', 'RangeError', 'AbortController']);

/**
 * A call that cannot make its caller fail, whatever its receiver, judged by its shape: a string or array method
 * above with no function among its arguments (`replace` calls one back), a
 * method of a Map or Set the code made itself (`isCollection` says whether the receiver is one: `get`, `set` and
 * `delete` are also a Redis client's), or `new Map()` and the like.
 */
export function cannotThrowByShape(
  call: ts.CallExpression | ts.NewExpression,
  scope: { lookup(name: string): unknown },
  isCollection: (receiver: ts.Expression) => boolean,
): boolean {
  const c = skipOuter(call.expression);
  if (ts.isNewExpression(call)) return ts.isIdentifier(c) && NON_THROWING_CONSTRUCTORS.has(c.text) && !scope.lookup(c.text);
  if (!ts.isPropertyAccessExpression(c)) return false;
  const name = c.name.text;
  if (NON_THROWING_METHODS.has(name)) return !call.arguments.some(isCallbackLike);
  return COLLECTION_METHODS.has(name) && isCollection(skipOuter(c.expression));
}

/**
 * Methods that run their callback under a lock and settle as it does: async-mutex's `mutex.runExclusive(fn)` (Mutex and
 * Semaphore). They fail only when the callback does (or when the lock is cancelled, which a program does on purpose).
 */
const EXCLUSIVE_RUNNER_METHODS = new Set(['runExclusive']);

/** `items.map((x) => ...)`: the inline callback of an array method that runs it right away, which is what can throw. */
export function arrayCallback(call: ts.CallExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  return inlineCallbackOf(call, ARRAY_CALLBACK_METHODS);
}

/** `mutex.runExclusive(async () => ...)`: the inline callback a lock runs, whose promise the call passes on. */
export function exclusiveCallback(call: ts.CallExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  return inlineCallbackOf(call, EXCLUSIVE_RUNNER_METHODS);
}

function inlineCallbackOf(call: ts.CallExpression, methods: ReadonlySet<string>): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const c = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(c) || !methods.has(c.name.text)) return undefined;
  const first = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  return first && (ts.isArrowFunction(first) || ts.isFunctionExpression(first)) ? first : undefined;
}

/** `new Map()`, `new Set([...])`: an in-memory collection, with nothing of that name in scope. */
export function isNewCollection(e: ts.Expression | undefined, scope: { lookup(name: string): unknown }): boolean {
  const x = e && skipOuter(e);
  if (x === undefined || !ts.isNewExpression(x) || !ts.isIdentifier(x.expression)) return false;
  return IN_MEMORY_COLLECTIONS.has(x.expression.text) && !scope.lookup(x.expression.text);
}

/** Inside the try block of a try, in the same function, whose catch does not throw again: an error here is handled. */
export function caughtHere(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent && !ts.isFunctionLike(n.parent); n = n.parent) {
    const p = n.parent;
    if (ts.isTryStatement(p) && p.tryBlock === n && p.catchClause && !throws(p.catchClause.block)) return true;
  }
  return false;
}

/** A throw (or a re-throwing call we cannot see into is not counted) outside nested functions. */
function throws(block: ts.Block): boolean {
  let found = false;
  const visit = (c: ts.Node): void => {
    if (found || ts.isFunctionLike(c)) return;
    if (ts.isThrowStatement(c)) found = true;
    else ts.forEachChild(c, visit);
  };
  visit(block);
  return found;
}

/** Callees that run a transaction callback: `sequelize.transaction(async (t) => ...)`, `prisma.$transaction(...)`, knex's `transaction`. */
const TRANSACTION_CALLEE = /^(transaction|\$transaction|withTransaction|runInTransaction|inTransaction)$/;

/**
 * A callback a transaction runs (`sequelize.transaction(async (t) => ...)`), whose queries share one connection. Not
 * Prisma's `$transaction(async () => ...)` with no parameter: an interactive transaction holds only the queries made
 * through the client it passes in, so a callback that takes none runs its queries on the pool, one at a time.
 */
export function runByTransaction(fn: ts.ArrowFunction | ts.FunctionExpression, call: ts.CallExpression | ts.NewExpression): boolean {
  const name = calleeName(skipOuter(call.expression));
  return TRANSACTION_CALLEE.test(name) && !(name === '$transaction' && fn.parameters.length === 0);
}

/** The callbacks around a node that are handed to a transaction callee, nearest first, each with its call. */
function* transactionCallbacks(node: ts.Node): Generator<{ fn: ts.ArrowFunction | ts.FunctionExpression; call: ts.CallExpression }> {
  for (let p = node.parent; p; p = p.parent) {
    if (!(ts.isArrowFunction(p) || ts.isFunctionExpression(p)) || !ts.isCallExpression(p.parent)) continue;
    if (TRANSACTION_CALLEE.test(calleeName(skipOuter(p.parent.expression)))) yield { fn: p, call: p.parent };
  }
}

/** Inside `prisma.$transaction(async () => ...)`, whose callback takes no client: its queries are not in the transaction. */
export function inClientlessTransaction(node: ts.Node): boolean {
  const nearest = transactionCallbacks(node).next();
  return !nearest.done && !runByTransaction(nearest.value.fn, nearest.value.call);
}

/** Inside a callback run by a transaction: its queries share one connection and run in order anyway. */
export function inTransaction(node: ts.Node): boolean {
  for (const { fn, call } of transactionCallbacks(node)) if (runByTransaction(fn, call)) return true;
  return false;
}

/** `{ transaction }`, `{ transaction: t }` among a call's arguments: the query runs on that transaction's connection. */
export function passesTransaction(call: ts.CallExpression): boolean {
  return call.arguments.some((a) => {
    const o = skipOuter(a);
    return ts.isObjectLiteralExpression(o) && o.properties.some((p) =>
      (ts.isShorthandPropertyAssignment(p) && p.name.text === 'transaction') ||
      (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'transaction' && isTransactionValue(p.initializer)));
  });
}

/** `transaction: t`, `transaction: options.transaction`: a value, not `undefined` or `null`. */
function isTransactionValue(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return (ts.isIdentifier(x) && x.text !== 'undefined') || ts.isPropertyAccessExpression(x);
}

/**
 * `(m) => this.create({...}, { transaction })`, or a block whose every awaited or returned call passes one: each
 * item's work is queries on one transaction, whose connection runs them one at a time, so starting them together
 * opens nothing more. A callback that also awaits anything else (an HTTP call) does not count.
 */
export function onlyTransactionQueries(cb: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const calls: ts.CallExpression[] = [];
  if (!ts.isBlock(cb.body)) {
    let x = skipOuter(cb.body);
    if (ts.isAwaitExpression(x)) x = skipOuter(x.expression);
    if (ts.isCallExpression(x)) calls.push(x);
  } else {
    let other = false;
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isAwaitExpression(n)) {
        const x = skipOuter(n.expression);
        if (ts.isCallExpression(x)) calls.push(x);
        else other = true;
      } else if (ts.isReturnStatement(n) && n.expression) {
        const x = skipOuter(n.expression);
        if (ts.isCallExpression(x)) calls.push(x);
      }
      ts.forEachChild(n, visit);
    };
    visit(cb.body);
    if (other) return false;
  }
  return calls.length > 0 && calls.every(passesTransaction);
}

export function formatMiB(bytes: number): string {
  return bytes >= ONE_MIB ? `${(bytes / ONE_MIB).toFixed(bytes % ONE_MIB === 0 ? 0 : 1)} MB` : `${bytes} bytes`;
}

export function calleeLabel(callee: ts.Expression, sf: ts.SourceFile): string {
  return codeLabel(callee, sf, 40);
}

/** Code quoted in a message, on one line: a line break before `.` or after `(` goes (`this.db\n  .query`), other spaces stay one. */
export function codeLabel(node: ts.Node, sf: ts.SourceFile, max: number): string {
  const text = node.getText(sf).replace(/\s*\n\s*(?=\?\.|\.(?!\.)|[)\]])/g, '').replace(/([([{])\s*\n\s*/g, '$1').replace(/\s+/g, ' ');
  return truncate(text, max);
}

export function isCallable(b: Binding): boolean {
  return b.kind === 'fn' || b.kind === 'project-export' || b.kind === 'member';
}
