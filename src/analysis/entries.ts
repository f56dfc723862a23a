// Entry detection: which functions the event loop calls back into (request handlers, timers, event and
// promise callbacks, stream methods, decorated controller methods). The walker asks here at each call, each
// `new`, each function and each class member; what is marked becomes the start of a hot path in hot-paths.ts.
// Kept apart from the walk so the patterns that make an entry can be read (and extended) in one place.
import { ts } from 'ts-morph';
import type { Binding } from './bindings';
import { SERVER_FACTORIES } from './blocking-apis';
import { isCallable, matchesCalleePattern } from './call-shapes';
import {
  DECORATOR_ENTRIES, EMITTER_METHODS, PROMISE_CALLBACK_METHODS, STARTUP_CALLBACK_METHODS, SYNC_CALLBACK_METHODS, REQUEST_PAIR_TYPE_NAMES, REQUEST_PARAM_NAMES,
  REQUEST_TYPE_NAMES, RESPONSE_PARAM_NAMES, ROUTE_METHODS, ROUTE_OBJECT_HANDLER_KEYS, ROUTER_RECEIVER, STREAM_CLASSES,
  STREAM_METHOD_KEYS, SYNC_ONLY_PROCESS_EVENTS, TIMER_FUNCTIONS,
} from './entry-patterns';
import type { FactWalker, WalkCtx } from './fact-walker';
import type { EdgeFact, FunctionFact } from './file-facts';
import type { EntryKind } from './findings';
import { calleeName, literalText, rootName, skipOuter, typeRefName, type FunctionLike } from './syntax';

/** How a function handed to this call runs: right away (forEach, listen at start-up, top-level .then) or later. */
export function argumentEdgeKind(call: ts.CallExpression | ts.NewExpression, ctx: WalkCtx): EdgeFact['kind'] {
  const callee = skipOuter(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method && SYNC_CALLBACK_METHODS.has(method)) return 'call';
  if (!ctx.fn && method && (STARTUP_CALLBACK_METHODS.has(method) || PROMISE_CALLBACK_METHODS.has(method))) return 'call';
  return 'reference';
}

export function registerEntries(w: FactWalker, call: ts.CallExpression, callee: ts.Expression, target: Binding | undefined, ctx: WalkCtx): void {
  const args = call.arguments;
  const fnArgs = (from = 0): ts.Expression[] => args.slice(from).filter((a) => isFunctionValue(w, a, ctx));
  const mark = (kind: EntryKind, from = 0): void => { for (const a of fnArgs(from)) markEntry(w, a, kind, ctx); };

  if (target?.kind === 'node-member' && SERVER_FACTORIES.some((f) => f.module === target.module && f.name === target.name)) return mark('request-handler');
  if (target?.kind === 'node-member' && target.module === 'timers' && TIMER_FUNCTIONS.has(target.name)) return mark('timer');
  if (ts.isIdentifier(callee) && TIMER_FUNCTIONS.has(callee.text) && !ctx.scope.lookup(callee.text)) return mark('timer');
  if (target?.kind === 'node-method' && target.module === 'global' && target.className === 'process' && target.name === 'nextTick') return mark('timer');

  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (EMITTER_METHODS.has(method)) {
      const event = args[0] ? literalText(args[0]) : undefined;
      const receiver = w.valueBinding(callee.expression, ctx);
      const isProcess = receiver?.kind === 'global' && receiver.name === 'process';
      if (isProcess && event && SYNC_ONLY_PROCESS_EVENTS.has(event)) {
        for (const a of fnArgs(1)) w.entryArgs.add(a); // runs once, synchronously, after the loop stopped
        return;
      }
      return mark(event === 'request' ? 'request-handler' : 'event-handler', 1);
    }
    // At module top level a promise callback runs once, at start-up (`main().then(...)`); inside a function it
    // runs each time that function does.
    if (PROMISE_CALLBACK_METHODS.has(method)) return ctx.fn ? mark('promise-callback') : undefined;
    if (STARTUP_CALLBACK_METHODS.has(method) && !ctx.fn) return;
    if (method === 'createServer' || method === 'createSecureServer') return mark('request-handler');
    if (ROUTE_METHODS.has(method) && args.length >= 1) {
      const first = args[0];
      const pathLike = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first)) &&
        (!ts.isStringLiteral(first) || first.text.startsWith('/') || first.text === '*');
      const receiverName = rootName(callee.expression);
      if (pathLike || (receiverName !== undefined && ROUTER_RECEIVER.test(receiverName))) {
        mark('request-handler');
        if (method === 'route') for (const a of args) if (ts.isObjectLiteralExpression(a)) markRouteObject(w, a, ctx);
        return;
      }
    }
  }
  if (w.opts.extraEntryCallees.length > 0) {
    const text = callee.getText(w.sf);
    if (w.opts.extraEntryCallees.some((p) => matchesCalleePattern(text, p))) mark('custom');
  }
}

/** `new Transform({ transform(chunk, enc, cb) { ... } })`: the stream calls these methods for each chunk. */
export function registerStreamOptions(w: FactWalker, e: ts.NewExpression, target: Binding | undefined, ctx: WalkCtx): void {
  if (target?.kind === 'node-member' && target.module === 'stream' && STREAM_CLASSES.has(target.name)) {
    const opts = e.arguments?.[0];
    if (opts && ts.isObjectLiteralExpression(opts)) {
      for (const p of opts.properties) {
        const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
        if (!key || !STREAM_METHOD_KEYS.has(key)) continue;
        if (ts.isMethodDeclaration(p)) markEntry(w, p, 'stream-handler', ctx);
        else if (ts.isPropertyAssignment(p)) markEntry(w, p.initializer, 'stream-handler', ctx);
      }
    }
  }
}

function markRouteObject(w: FactWalker, obj: ts.ObjectLiteralExpression, ctx: WalkCtx): void {
  for (const p of obj.properties) {
    const key = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
    if (!key || !ROUTE_OBJECT_HANDLER_KEYS.has(key)) continue;
    if (ts.isMethodDeclaration(p)) markEntry(w, p, 'request-handler', ctx);
    else if (ts.isPropertyAssignment(p)) markEntry(w, p.initializer, 'request-handler', ctx);
    else if (ts.isShorthandPropertyAssignment(p)) markEntry(w, p.name, 'request-handler', ctx);
  }
}

function isFunctionValue(w: FactWalker, arg: ts.Expression, ctx: WalkCtx): boolean {
  const a = skipOuter(arg);
  if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return true;
  if (ts.isIdentifier(a) || ts.isPropertyAccessExpression(a) || ts.isCallExpression(a)) {
    const b = w.valueBinding(a, ctx);
    return b !== undefined && isCallable(b);
  }
  return false;
}

function markEntry(w: FactWalker, node: ts.Node, kind: EntryKind, ctx: WalkCtx): void {
  w.entryArgs.add(node);
  const n = ts.isExpression(node) ? skipOuter(node) : node;
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
    const fact = w.fnFact(n);
    fact.entry ??= kind;
    return;
  }
  if (ts.isExpression(n)) {
    const b = w.valueBinding(n, ctx);
    if (b && isCallable(b)) w.facts.entryRefs.push({ target: b, kind });
  }
}

export function looksLikeRequestHandler(w: FactWalker, node: FunctionLike): boolean {
  const params = node.parameters;
  if (params.length === 0) return false;
  const names = params.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  if (params.length >= 2 && REQUEST_PARAM_NAMES.has(names[0]) && RESPONSE_PARAM_NAMES.has(names[1])) return true;
  // Only a callback's parameters get their types from context; asking the checker elsewhere costs time for nothing.
  const contextual = ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent);
  const typeNames = params.map((p) => (p.type ? typeRefName(p.type) : contextual ? w.opts.types?.parameterTypeName(p) : undefined));
  if (typeNames.some((t) => t !== undefined && REQUEST_TYPE_NAMES.has(t))) return true;
  return typeNames.includes('Request') && typeNames.includes('Response') && typeNames.every((t) => t === undefined || REQUEST_PAIR_TYPE_NAMES.has(t) || t === 'NextFunction');
}

export function extendsStreamClass(w: FactWalker, node: ts.ClassLikeDeclaration, ctx: WalkCtx): boolean {
  for (const clause of node.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const t of clause.types) {
      const b = w.valueBinding(t.expression, ctx);
      if (b?.kind === 'node-member' && b.module === 'stream' && STREAM_CLASSES.has(b.name)) return true;
    }
  }
  return false;
}

/** A method of a stream subclass (`_transform`...) or a decorated controller method (`@Get()`) is an entry. */
export function markClassMemberEntry(fact: FunctionFact, member: ts.ClassElement, memberName: string, streamBase: boolean): void {
  if (streamBase && ['_transform', '_write', '_writev', '_read', '_flush', '_final'].includes(memberName)) fact.entry ??= 'stream-handler';
  const decorated = decoratorEntry(member);
  if (decorated) fact.entry ??= decorated;
}

function decoratorEntry(member: ts.ClassElement): EntryKind | undefined {
  for (const d of ts.canHaveDecorators(member) ? ts.getDecorators(member) ?? [] : []) {
    const e = skipOuter(d.expression);
    const callee = ts.isCallExpression(e) ? skipOuter(e.expression) : e;
    const name = calleeName(callee);
    if (name && DECORATOR_ENTRIES[name]) return DECORATOR_ENTRIES[name];
  }
  return undefined;
}
