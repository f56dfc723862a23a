// Where hot paths start in Python: the decorators and registration calls by which a framework learns of a
// function it will call per request, message or event. Data only, like ../entry-patterns.ts; the Python walker
// (walker.ts, entries.ts) matches decorators and calls against these tables.
import type { EntryKind } from '../findings';

/**
 * Route decorators of FastAPI/Starlette/APIRouter, Quart and Flask blueprints, Sanic, aiohttp's RouteTableDef
 * (`@routes.get('/x')`), and Litestar-style names: `@app.get('/chat')`, `@router.post(...)`, `@app.websocket('/ws')`.
 * The value is the HTTP method the label shows (`route` reads its `methods=[...]`).
 */
export const ROUTE_DECORATORS: Record<string, string> = {
  get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', head: 'HEAD', options: 'OPTIONS', trace: 'TRACE',
  route: 'ROUTE', api_route: 'ROUTE', view: 'VIEW', websocket: 'websocket', websocket_route: 'websocket', ws: 'websocket',
};

/**
 * A receiver that looks like an app, router or route table, when the path is not a literal starting with `/`:
 * `app`, `router`, `api`, `bp`, `blueprint`, `routes`, and names ending in `_router`, `_app`, `_bp` or `_api`.
 */
export const ROUTER_RECEIVER = /^(app|application|router|api|bp|blueprint|routes|route_table|web_app|server)$|_(router|app|bp|blueprint|api|routes)$/i;

/** Decorators that run their function per request without being routes: middleware, error handlers, request hooks. */
export const PER_REQUEST_DECORATORS: Record<string, string> = {
  middleware: 'middleware',
  exception_handler: 'exception handler',
  errorhandler: 'error handler',
  before_request: 'before request',
  after_request: 'after request',
  on_request: 'request hook',
  on_response: 'response hook',
};

/** Message and event consumers: FastStream/Propan `@broker.subscriber('q')`, python-socketio `@sio.on('chat')`, `@sio.event`. */
export const CONSUMER_DECORATORS: Record<string, { kind: EntryKind; label: string }> = {
  subscriber: { kind: 'queue-consumer', label: 'message consumer' },
  consumer: { kind: 'queue-consumer', label: 'message consumer' },
  on: { kind: 'event-handler', label: 'on' },
  event: { kind: 'event-handler', label: 'on' },
};

/**
 * AI tools, which an agent runs on every tool call: LangChain's and CrewAI's `@tool`, the OpenAI Agents SDK's
 * `@function_tool` (a decorator imported from these modules), and in a file that imports an agent or MCP framework
 * (`AI_TOOL_FRAMEWORKS`, by top-level package) the methods of its server or agent: FastMCP's `@mcp.tool()`, the low-level
 * MCP server's `@server.call_tool()`, pydantic-ai's `@agent.tool` and `@agent.tool_plain`. Only an `async def` counts:
 * LangChain, pydantic-ai and the MCP SDK run a plain `def` tool in a thread pool (the SDK's
 * `FuncMetadata.call_fn_with_arg_validation`: `anyio.to_thread.run_sync` unless the function is async).
 */
export const AI_TOOL_DECORATOR_FUNCTIONS: ReadonlyArray<{ module: RegExp; name: string }> = [
  { module: /^langchain(_core)?\.(tools|agents)$/, name: 'tool' },
  { module: /^crewai(\.tools)?$/, name: 'tool' },
  { module: /^agents$/, name: 'function_tool' },
];
export const AI_TOOL_FRAMEWORKS = new Set(['mcp', 'fastmcp', 'pydantic_ai']);
export const AI_TOOL_DECORATOR_METHODS: Readonly<Record<string, string>> = {
  tool: 'AI tool', tool_plain: 'AI tool', call_tool: 'MCP CallTool request',
};

/** Repeating jobs: APScheduler `@scheduler.scheduled_job('interval', ...)`, fastapi-utils `@repeat_every(seconds=60)`. */
export const TIMER_DECORATORS = new Set(['scheduled_job', 'repeat_every', 'periodic', 'interval']);

/**
 * Registration calls with the handler as an argument: aiohttp `web.get('/x', h)` and `app.router.add_get('/x', h)`,
 * Starlette `Route('/x', h)` and `WebSocketRoute`, FastAPI `app.add_api_route('/x', h)`, Django `path('x/', view)`.
 * `handlerArg` is the handler's position (or its keyword), `methodArg` the position of an HTTP method literal.
 * `asyncOnly`: the framework runs a plain `def` in a thread pool, so only an `async def` runs on the event loop.
 */
export interface RegistrationPattern {
  /** The called name (a function or a method). */
  name: string;
  handlerArg: number;
  handlerKeyword?: string;
  method?: string;
  methodArg?: number;
  /** The position of the path literal, when not first (nor right after the method). */
  pathArg?: number;
  /** The method the label shows when neither `method` nor a `methods=[...]` keyword says. */
  defaultMethod?: string;
  asyncOnly: boolean;
  kind: EntryKind;
  /** The receiver must be one of these library modules (`web` is aiohttp.web), or any when unset. */
  modules?: readonly string[];
}

const AIOHTTP = ['aiohttp.web', 'aiohttp'];
export const REGISTRATION_CALLS: readonly RegistrationPattern[] = [
  ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].map((m) => ({
    name: m, handlerArg: 1, method: m.toUpperCase(), asyncOnly: false, kind: 'request-handler' as EntryKind, modules: AIOHTTP,
  })),
  { name: 'route', handlerArg: 2, methodArg: 0, asyncOnly: false, kind: 'request-handler', modules: AIOHTTP },
  ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].map((m) => ({
    name: `add_${m}`, handlerArg: 1, method: m.toUpperCase(), asyncOnly: false, kind: 'request-handler' as EntryKind,
  })),
  { name: 'add_route', handlerArg: 2, methodArg: 0, asyncOnly: false, kind: 'request-handler' },
  // Sanic: `app.add_route(handler, "/path", methods=["POST"])`, the handler first; Sanic runs a sync one on the loop.
  { name: 'add_route', handlerArg: 0, pathArg: 1, defaultMethod: 'GET', asyncOnly: false, kind: 'request-handler' },
  { name: 'add_websocket_route', handlerArg: 0, pathArg: 1, method: 'websocket', asyncOnly: false, kind: 'request-handler' },
  { name: 'Route', handlerArg: 1, handlerKeyword: 'endpoint', asyncOnly: true, kind: 'request-handler' },
  { name: 'WebSocketRoute', handlerArg: 1, handlerKeyword: 'endpoint', method: 'websocket', asyncOnly: false, kind: 'request-handler' },
  { name: 'add_api_route', handlerArg: 1, handlerKeyword: 'endpoint', asyncOnly: true, kind: 'request-handler' },
  { name: 'add_api_websocket_route', handlerArg: 1, handlerKeyword: 'endpoint', method: 'websocket', asyncOnly: false, kind: 'request-handler' },
  { name: 'add_websocket_route', handlerArg: 1, method: 'websocket', asyncOnly: false, kind: 'request-handler' },
  { name: 'add_url_rule', handlerArg: 2, handlerKeyword: 'view_func', asyncOnly: true, kind: 'request-handler' },
  // Django's URLconf: a sync view runs in a thread under ASGI.
  { name: 'path', handlerArg: 1, asyncOnly: true, kind: 'request-handler', modules: ['django.urls'] },
  { name: 're_path', handlerArg: 1, asyncOnly: true, kind: 'request-handler', modules: ['django.urls'] },
  // aio-pika `await queue.consume(on_message)`; APScheduler `scheduler.add_job(job, 'interval', ...)`.
  { name: 'consume', handlerArg: 0, asyncOnly: false, kind: 'queue-consumer' },
  { name: 'add_job', handlerArg: 0, asyncOnly: true, kind: 'timer' },
];

/** Django: an `async def` view in a `views.py` (or a `views/` package) whose first parameter is `request`. */
export const DJANGO_VIEWS_FILE = /(^|\/)views(\.py$|\/)/;

/**
 * Channels consumers and class-based views: methods of a class extending one of these run per message or request.
 * A sync method of a sync consumer runs in a thread, so only `async def` methods count.
 */
export const CONSUMER_BASES: Record<string, { kind: EntryKind; methods: readonly string[] }> = {
  AsyncWebsocketConsumer: { kind: 'event-handler', methods: ['connect', 'receive', 'disconnect', 'websocket_receive'] },
  AsyncJsonWebsocketConsumer: { kind: 'event-handler', methods: ['connect', 'receive_json', 'disconnect'] },
  AsyncConsumer: { kind: 'event-handler', methods: ['websocket_connect', 'websocket_receive', 'websocket_disconnect'] },
  HTTPEndpoint: { kind: 'request-handler', methods: ['get', 'post', 'put', 'patch', 'delete'] },
  WebSocketEndpoint: { kind: 'request-handler', methods: ['on_connect', 'on_receive', 'on_disconnect'] },
  View: { kind: 'request-handler', methods: ['get', 'post', 'put', 'patch', 'delete'] },
};

/**
 * Calls that run a function somewhere other than the event loop: a thread (`asyncio.to_thread`, `run_in_executor`,
 * `anyio.to_thread.run_sync`, Starlette's `run_in_threadpool`) or a process pool (`executor.submit(fn)`,
 * `pool.map(fn, xs)`). Blocking there is the point: no edge is made to the function handed over.
 */
export const OFF_LOOP_FUNCTIONS: ReadonlyArray<{ module: string; name: string }> = [
  { module: 'asyncio', name: 'to_thread' },
  { module: 'anyio.to_thread', name: 'run_sync' },
  { module: 'starlette.concurrency', name: 'run_in_threadpool' },
  { module: 'fastapi.concurrency', name: 'run_in_threadpool' },
  { module: 'asgiref.sync', name: 'sync_to_async' },
];
/** Methods of an executor or pool (a catalogued instance, or a receiver named like one) that take the function first. */
export const OFF_LOOP_METHODS = new Set(['submit', 'map', 'starmap', 'imap', 'imap_unordered', 'apply', 'apply_async', 'map_async', 'starmap_async']);
export const EXECUTOR_RECEIVER = /(executor|pool)$/i;
/**
 * Functions and methods named for running what they are given on a thread: asyncio's `loop.run_in_executor(ex, fn)`
 * and the project's own wrappers around it (`def run_in_executor(func, *args)`, `self.sys_run_in_executor(fn)`,
 * `run_in_threadpool`, `run_sync`). Every positional argument is handed over (the function, and what it is called
 * with); a call among them still runs on the loop. Also `background_tasks.add_task(run_in_executor, fn, ...)` and
 * `partial(run_in_executor, fn)`: what follows such a wrapper is handed to it.
 */
export const OFF_LOOP_WRAPPER = /(^|_)(run_in_executor|in_executor|to_thread|run_in_thread|run_in_threadpool|in_threadpool|run_sync|sync_to_async|run_blocking)$/;
/** `Thread(target=fn)`, `Process(target=fn)`: runs on its own thread or process. */
export const OFF_LOOP_CONSTRUCTORS = new Set(['Thread', 'Process']);
