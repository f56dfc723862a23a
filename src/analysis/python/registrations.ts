// What a decorator or a call says about the functions it is given: an entry (a route, a consumer, a repeating job),
// start-up code (a lifecycle hook, a CLI command, a lifespan), or code run off the event loop (a thread or a process
// pool, where blocking is the point). The patterns are data, in entry-patterns.ts and startup-patterns.ts; this file
// matches them against the tree for the walker.
import type { Binding } from '../bindings';
import type { FunctionFact } from '../file-facts';
import type { StartupKind } from '../startup-patterns';
import { libraryPath } from './binding-members';
import {
  AI_TOOL_DECORATOR_FUNCTIONS, AI_TOOL_DECORATOR_METHODS, CONSUMER_BASES, CONSUMER_DECORATORS,
  DJANGO_VIEWS_FILE, EXECUTOR_RECEIVER, OFF_LOOP_CONSTRUCTORS, OFF_LOOP_FUNCTIONS, OFF_LOOP_METHODS,
  OFF_LOOP_WRAPPER, PER_REQUEST_DECORATORS, REGISTRATION_CALLS, ROUTE_DECORATORS, ROUTER_RECEIVER, TIMER_DECORATORS,
} from './entry-patterns';
import { CLI_DECORATORS, LIFECYCLE_DECORATORS, LIFECYCLE_KEYWORDS, LIFECYCLE_LISTS, PYTHON_STARTUP_FILES, STARTUP_CALLS } from './startup-patterns';
import { field, named, type PyNode } from './syntax-tree';
import type { ClassBinding, PyCtx, PythonWalker } from './walker';

/** How a call treats one of its arguments: run off the event loop, registered with a framework, or neither. */
export type ArgumentRole = 'off-loop' | 'registered' | 'plain';

/** A decorator or callee, taken apart: `app.get('/x')` is receiver `app`, method `get`, the arguments. */
interface CallShape {
  /** The callee as written: `app.get`, `click.command`, `repeat_every`. */
  callee: string;
  receiver: string;
  method: string;
  args: PyNode[];
}

function shapeOf(w: PythonWalker, expr: PyNode): CallShape | undefined {
  const fn = expr.type === 'call' ? field(expr, 'function') : expr;
  if (!fn || (fn.type !== 'identifier' && fn.type !== 'attribute')) return undefined;
  const callee = w.text(fn).replace(/\s+/g, '');
  const dot = callee.lastIndexOf('.');
  const args = expr.type === 'call' ? named(field(expr, 'arguments') ?? expr) : [];
  return { callee, receiver: dot < 0 ? '' : callee.slice(0, dot), method: callee.slice(dot + 1), args };
}

/** `x.b(...)` matches a custom entry pattern `a.b` (written so, or ending in `.a.b`) or `*.b`. */
export function matchesCustomEntry(callee: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.startsWith('*.') ? callee.endsWith(p.slice(1)) : callee === p || callee.endsWith(`.${p}`)));
}

function keyword(w: PythonWalker, args: PyNode[], name: string): PyNode | undefined {
  const kw = args.find((a) => a.type === 'keyword_argument' && w.text(field(a, 'name')!) === name);
  return kw ? field(kw, 'value') : undefined;
}

function positional(args: PyNode[]): PyNode[] {
  return args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

/** `methods=['POST', 'PUT']` as `POST,PUT`. */
function methodsKeyword(w: PythonWalker, args: PyNode[]): string | undefined {
  const list = keyword(w, args, 'methods');
  if (!list) return undefined;
  const names = named(list).map((n) => w.stringValue(n)).filter((s): s is string => s !== undefined);
  return names.length > 0 ? names.map((n) => n.toUpperCase()).join(',') : undefined;
}

/** What a decorator makes of the function under it: an entry, start-up code, or nothing. */
export function decoratorRoles(w: PythonWalker, expr: PyNode, fact: FunctionFact, ctx: PyCtx): void {
  const shape = shapeOf(w, expr);
  if (!shape) return;
  const { callee, receiver, method, args } = shape;
  const first = w.stringValue(positional(args)[0]);
  const receiverName = receiver.split('.').pop() ?? '';
  if (matchesCustomEntry(callee, w.opts.extraEntryCallees)) {
    setEntry(fact, 'custom', first ? `${callee} ${first}` : callee);
    return;
  }
  const routerLike = ROUTER_RECEIVER.test(receiverName) || (first?.startsWith('/') ?? false);
  if (ROUTE_DECORATORS[method] && receiver !== '' && routerLike) {
    // FastAPI, Starlette, Quart and Flask run a plain `def` endpoint in a thread pool: it cannot block the loop.
    // Sanic runs it on the loop itself.
    if (!fact.isAsync && !w.importsSanic) return;
    const verb = ROUTE_DECORATORS[method];
    const shown = verb === 'ROUTE' ? methodsKeyword(w, args) ?? 'GET' : verb;
    const routePath = first !== undefined ? `${w.routerPrefixes.get(receiver) ?? ''}${first}` : undefined;
    setEntry(fact, 'request-handler', routePath !== undefined ? `${shown} ${routePath}` : shown);
    return;
  }
  if (PER_REQUEST_DECORATORS[method] && receiver !== '' && ROUTER_RECEIVER.test(receiverName)) {
    if (fact.isAsync) setEntry(fact, 'request-handler', PER_REQUEST_DECORATORS[method]);
    return;
  }
  if (isAiToolDecorator(w, expr, receiver, method, ctx)) {
    if (fact.isAsync) setEntry(fact, 'agent-tool', receiver === '' ? 'AI tool' : AI_TOOL_DECORATOR_METHODS[method]);
    return;
  }
  const consumer = CONSUMER_DECORATORS[method];
  if (consumer && receiver !== '' && fact.isAsync && (consumer.kind === 'queue-consumer' || /(sio|socketio|socket|io|ws|events?|bus)$/i.test(receiverName))) {
    const name = method === 'event' ? fact.name : first;
    setEntry(fact, consumer.kind, consumer.kind === 'event-handler' ? `on '${name ?? '?'}'` : `${consumer.label}${first ? ` '${first}'` : ''}`);
    return;
  }
  if (TIMER_DECORATORS.has(method)) {
    if (fact.isAsync) setEntry(fact, 'timer', `@${callee}`);
    return;
  }
  if (LIFECYCLE_DECORATORS.has(method) && receiver !== '') {
    fact.startup = 'lifecycle-hook';
    return;
  }
  if (CLI_DECORATORS.has(method) && receiver !== '' && !ctx.classBody) {
    fact.startup = 'cli-command';
  }
}

/** `@tool` imported from LangChain, `@function_tool`, or `@mcp.tool()` / `@agent.tool` in a file of an agent framework. */
function isAiToolDecorator(w: PythonWalker, expr: PyNode, receiver: string, method: string, ctx: PyCtx): boolean {
  if (receiver !== '') return w.importsAiToolFramework && AI_TOOL_DECORATOR_METHODS[method] !== undefined;
  const fn = expr.type === 'call' ? field(expr, 'function') : expr;
  const b = fn ? w.valueBinding(fn, ctx) : undefined;
  return b?.kind === 'package-member' && AI_TOOL_DECORATOR_FUNCTIONS.some((d) => d.name === b.name && d.module.test(b.module));
}

function setEntry(fact: FunctionFact, kind: FunctionFact['entry'], label: string): void {
  fact.entry = kind;
  fact.entryLabel = label;
}

/** Django: an `async def` in views.py taking `request` first. A plain `def` view runs in a thread under ASGI. */
export function isDjangoView(w: PythonWalker, def: PyNode, fact: FunctionFact): boolean {
  if (!fact.isAsync || !DJANGO_VIEWS_FILE.test(w.opts.relPath) || fact.methodName !== undefined) return false;
  const params = named(field(def, 'parameters') ?? def);
  const first = params[0];
  const name = first ? (first.type === 'identifier' ? first : (field(first, 'name') ?? named(first)[0])) : undefined;
  return name !== undefined && w.text(name) === 'request';
}

/** Methods a framework calls per message or request because of the class's base: Channels consumers, endpoints, views. */
export function classEntries(w: PythonWalker, _def: PyNode, cls: ClassBinding, baseNames: string[]): void {
  for (const base of baseNames) {
    const pattern = CONSUMER_BASES[base];
    if (!pattern) continue;
    for (const name of pattern.methods) {
      const b = cls.methods.get(name);
      const fact = b?.kind === 'fn' ? w.facts.functions.find((f) => f.id === b.id) : undefined;
      if (fact?.isAsync && !fact.entry) setEntry(fact, pattern.kind, `${base} ${name}`);
    }
  }
}

/** Start-up files by path (Alembic, management commands, setup.py, conftest.py): their functions are start-up code. */
export function fileStartupKind(relPath: string): StartupKind | undefined {
  const hit = PYTHON_STARTUP_FILES.find((f) => f.pattern.test(relPath));
  if (!hit) return undefined;
  return hit.reason === 'migration' ? 'migration' : 'cli-command';
}

/** A project function an argument names, or undefined. */
function functionArg(w: PythonWalker, arg: PyNode | undefined, ctx: PyCtx): Binding | undefined {
  if (!arg || (arg.type !== 'identifier' && arg.type !== 'attribute')) return undefined;
  const b = w.valueBinding(arg, ctx);
  return b && (b.kind === 'fn' || b.kind === 'project-export' || b.kind === 'member' || b.kind === 'class') ? b : undefined;
}

/**
 * The roles of a call's arguments, keyed by argument node (a keyword argument by its `keyword_argument` node).
 * Entry and start-up registrations are recorded in the file's facts on the way.
 */
export function callRoles(w: PythonWalker, call: PyNode, target: Binding | undefined, ctx: PyCtx): Map<PyNode, ArgumentRole> {
  const roles = new Map<PyNode, ArgumentRole>();
  const shape = shapeOf(w, call);
  if (!shape) return roles;
  const { callee, method, args } = shape;
  const pos = positional(args);
  const keywordNode = (name: string): PyNode | undefined => args.find((a) => a.type === 'keyword_argument' && w.text(field(a, 'name')!) === name);
  const path = libraryPath(target);
  const container = path?.slice(0, path.lastIndexOf('.'));
  const fnNode = field(call, 'function')!;
  const receiver = fnNode.type === 'attribute' ? w.valueBinding(field(fnNode, 'object')!, ctx) : undefined;
  const receiverText = fnNode.type === 'attribute' ? w.text(field(fnNode, 'object')!) : '';

  // Off the loop: the function handed over runs on a thread or in a process pool, and so does whatever else it is
  // handed (its arguments); calls among them are evaluated here, on the loop (visitOffLoop walks them).
  const handOver = (from: number): void => {
    for (const a of pos.slice(from)) roles.set(a, 'off-loop');
  };
  if ((path && OFF_LOOP_FUNCTIONS.some((f) => `${f.module}.${f.name}` === path)) || OFF_LOOP_WRAPPER.test(method)) handOver(0);
  const isExecutor = (receiver?.kind === 'node-instance' && /Executor$|^Pool$/.test(receiver.className)) || EXECUTOR_RECEIVER.test(receiverText.split('.').pop() ?? '');
  if (OFF_LOOP_METHODS.has(method) && isExecutor) handOver(0);
  // `background_tasks.add_task(run_in_executor, fn, args)`, `partial(run_in_executor, fn)`: fn goes to the wrapper.
  if (pos[0] && (pos[0].type === 'identifier' || pos[0].type === 'attribute') && OFF_LOOP_WRAPPER.test(w.text(pos[0]).split('.').pop() ?? '')) handOver(1);
  if (OFF_LOOP_CONSTRUCTORS.has(method)) {
    const t = keywordNode('target');
    if (t) roles.set(t, 'off-loop');
  }

  // Entries registered by a call.
  if (matchesCustomEntry(callee, w.opts.extraEntryCallees)) {
    for (const a of pos) {
      const b = functionArg(w, a, ctx);
      if (b) {
        w.facts.entryRefs.push({ target: b, kind: 'custom', label: callee });
        roles.set(a, 'registered');
      }
    }
  }
  for (const p of REGISTRATION_CALLS) {
    if (p.name !== method) continue;
    if (p.modules && !(container && p.modules.includes(container))) continue;
    const kw = p.handlerKeyword ? keywordNode(p.handlerKeyword) : undefined;
    const handlerNode = kw ?? pos[p.handlerArg];
    const handler = functionArg(w, kw ? field(kw, 'value') : handlerNode, ctx);
    if (!handler || !handlerNode) continue;
    const routePath = w.stringValue(pos[p.pathArg ?? (p.methodArg !== undefined ? p.methodArg + 1 : 0)]);
    const verb = p.methodArg !== undefined ? w.stringValue(pos[p.methodArg])?.toUpperCase() : p.method ?? methodsKeyword(w, args) ?? p.defaultMethod;
    const label = p.kind === 'request-handler' ? [verb, routePath].filter(Boolean).join(' ') || undefined : p.kind === 'timer' ? 'scheduled job' : 'message consumer';
    w.facts.entryRefs.push({ target: handler, kind: p.kind, ...(label && { label }), ...(p.asyncOnly && { asyncOnly: true }) });
    roles.set(handlerNode, 'registered');
    break;
  }

  // Start-up and shutdown code registered by a call.
  for (const s of STARTUP_CALLS) {
    if (s.name !== method || (s.module && container !== s.module)) continue;
    const b = functionArg(w, pos[s.arg], ctx);
    if (b) {
      w.facts.startupRefs.push({ target: b, kind: s.kind });
      roles.set(pos[s.arg], 'registered');
    }
  }
  for (const a of args) {
    if (a.type !== 'keyword_argument' || !LIFECYCLE_KEYWORDS.has(w.text(field(a, 'name')!))) continue;
    const value = field(a, 'value');
    for (const item of value?.type === 'list' ? named(value) : [value]) {
      const b = functionArg(w, item, ctx);
      if (b) w.facts.startupRefs.push({ target: b, kind: 'lifecycle-hook' });
    }
    roles.set(a, 'registered');
  }
  if (method === 'append' && fnNode.type === 'attribute') {
    const list = field(fnNode, 'object')!;
    if (list.type === 'attribute' && LIFECYCLE_LISTS.has(w.text(field(list, 'attribute')!))) {
      const b = functionArg(w, pos[0], ctx);
      if (b) {
        w.facts.startupRefs.push({ target: b, kind: 'lifecycle-hook' });
        roles.set(pos[0], 'registered');
      }
    }
  }
  return roles;
}

/** The role of one argument, for the walker's loop over a call's arguments. */
export function argumentRole(roles: Map<PyNode, ArgumentRole>, arg: PyNode): ArgumentRole {
  return roles.get(arg) ?? 'plain';
}
