// The Python front end piece by piece, on small projects written to a temp folder: import resolution across modules,
// the entries of each framework, start-up code, code run off the loop, the rules' quiet cases, suppressions, syntax
// errors, incremental updates, quick fixes and the CLI's `language` field. Each test states the exact findings.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Analyzer, analyzePaths, analyzePathsAsync } from '../../src/analysis';
import type { AnalysisResult, Finding } from '../../src/analysis/findings';
import { isPythonParserLoaded } from '../../src/analysis/python/parser';
import { pythonSuppressionEdit } from '../../src/analysis/python/suppression-edit';
import { applyFix, quickFixes } from '../../src/analysis/quick-fixes';
import { applyLineEdit } from '../../src/analysis/suppression-edit';
import { run } from '../../src/cli/run';
import { tempProject } from './temp-project';

const cleanups: Array<() => void> = [];
after(() => cleanups.forEach((c) => c()));

function project(files: Record<string, string>): { dir: string; file: (rel: string) => string } {
  const p = tempProject(files);
  cleanups.push(p.cleanup);
  return p;
}

async function analyze(files: Record<string, string>, unknown = false): Promise<AnalysisResult> {
  const p = project(files);
  const r = await analyzePathsAsync({ paths: [p.dir], cwd: p.dir, types: 'off' });
  return unknown ? r : { ...r, findings: r.findings.filter((f) => f.reach !== 'unknown') };
}

/** `file:line rule` for each finding, sorted. */
const short = (findings: Finding[]): string[] => findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
const chainOf = (f: Finding): string[] => f.chain.map((s) => `${s.file}:${s.line} ${s.symbol}`);

// Must run first: later tests load the parser, once per process.
test('without Analyzer.prepare() the Python files are skipped with the reason, and the rest is analysed', () => {
  assert.equal(isPythonParserLoaded(), false);
  const p = project({ 'app.py': 'import time\n', 'server.js': "require('fs').readFileSync('x');\n" });
  const r = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' });
  assert.deepEqual(r.skipped, [{ file: 'app.py', reason: 'the Python parser is not loaded (the caller did not await Analyzer.prepare())' }]);
  assert.equal(r.stats.files, 1);
});

describe('imports across modules', () => {
  test('import x as z, from x import y, relative imports and a src layout all lead to the blocking call', async () => {
    const r = await analyze({
      'src/svc/__init__.py': '',
      'src/svc/api.py': [
        'from fastapi import APIRouter',
        'import svc.core.store as store',
        'from svc.core.store import load as fetch',
        'from . import helpers',
        'from .core import clients',
        'router = APIRouter()',
        '@router.get("/a")',
        'async def a():',
        '    return store.load()',
        '@router.get("/b")',
        'async def b():',
        '    return fetch()',
        '@router.get("/c")',
        'async def c():',
        '    return helpers.slow()',
        '@router.get("/d")',
        'async def d():',
        '    return clients.Client().call()',
        '',
      ].join('\n'),
      'src/svc/helpers.py': 'from .core.store import load\n\ndef slow():\n    return load()\n',
      'src/svc/core/__init__.py': '',
      'src/svc/core/store.py': 'import time\n\ndef load():\n    time.sleep(1)\n',
      'src/svc/core/clients.py': 'from ..core import store\n\nclass Client:\n    def call(self):\n        return store.load()\n',
    });
    assert.deepEqual(short(r.findings), ['src/svc/core/store.py:4 no-sync-io-in-hot-path']);
    // The shortest chain of the four: a route straight into store.load.
    assert.deepEqual(chainOf(r.findings[0]), ['src/svc/api.py:9 GET /a: a', 'src/svc/core/store.py:4 load']);
    assert.equal(r.findings[0].language, 'python');
  });

  test('a script imports its neighbours by name; a library module of the same name elsewhere is not the project', async () => {
    const r = await analyze({
      'bot/main.py': 'import util\nfrom aiohttp import web\n\nasync def hello(request):\n    return util.work()\n\napp = web.Application()\napp.router.add_get("/", hello)\n',
      'bot/util.py': 'import requests\n\ndef work():\n    return requests.get("http://x")\n',
    });
    assert.deepEqual(short(r.findings), ['bot/util.py:4 no-sync-io-in-hot-path']);
    assert.deepEqual(chainOf(r.findings[0]), ['bot/main.py:5 GET /: hello', 'bot/util.py:4 work']);
  });

  test('a class from another module: its __init__ fields and methods are followed', async () => {
    const r = await analyze({
      'svc/__init__.py': '',
      'svc/client.py': 'import httpx\n\nclass Api:\n    def __init__(self):\n        self.http = httpx.Client()\n\n    def fetch(self, u):\n        return self.http.get(u)\n',
      'svc/app.py': 'from fastapi import FastAPI\nfrom .client import Api\n\napp = FastAPI()\napi = Api()\n\n@app.post("/x")\nasync def x(u: str):\n    return api.fetch(u)\n',
    });
    assert.deepEqual(short(r.findings), ['svc/client.py:8 no-sync-io-in-hot-path']);
    assert.match(r.findings[0].message, /^self\.http\.get\(\) \(httpx\.Client\.get\) blocks the event loop on a request path; use httpx\.AsyncClient and await instead$/);
  });
});

describe('entries per framework', () => {
  const blocking = 'import time\n';
  const cases: Array<{ name: string; files: Record<string, string>; expect: string[]; entry?: string }> = [
    {
      name: 'FastAPI: async def route is an entry; a sync def route runs in the thread pool',
      files: { 'app.py': `${blocking}from fastapi import FastAPI\napp = FastAPI()\n@app.get("/s")\ndef s():\n    time.sleep(1)\n@app.put("/a")\nasync def a():\n    time.sleep(1)\n` },
      expect: ['app.py:9 no-sync-io-in-hot-path'],
      entry: 'PUT /a: a',
    },
    {
      name: 'Sanic runs a sync handler on the loop itself',
      files: { 'app.py': `${blocking}from sanic import Sanic\napp = Sanic("x")\n@app.get("/s")\ndef s(request):\n    time.sleep(1)\n` },
      expect: ['app.py:6 no-sync-io-in-hot-path'],
      entry: 'GET /s: s',
    },
    {
      name: 'Quart and Flask-style @app.route with methods=',
      files: { 'app.py': `${blocking}from quart import Quart\napp = Quart(__name__)\n@app.route("/q", methods=["POST"])\nasync def q():\n    time.sleep(1)\n` },
      expect: ['app.py:6 no-sync-io-in-hot-path'],
      entry: 'POST /q: q',
    },
    {
      name: 'aiohttp route table and web.get registration',
      files: { 'app.py': `${blocking}from aiohttp import web\nroutes = web.RouteTableDef()\n@routes.post("/t")\nasync def t(request):\n    time.sleep(1)\nasync def g(request):\n    time.sleep(2)\napp = web.Application()\napp.add_routes([web.get("/g", g)])\n` },
      expect: ['app.py:6 no-sync-io-in-hot-path', 'app.py:8 no-sync-io-in-hot-path'],
    },
    {
      name: 'Starlette Route(): an async endpoint in another module is an entry, a sync one is not',
      files: {
        'app.py': 'from starlette.applications import Starlette\nfrom starlette.routing import Route\nimport views\napp = Starlette(routes=[Route("/a", views.a), Route("/s", endpoint=views.s)])\n',
        'views.py': `${blocking}async def a(request):\n    time.sleep(1)\ndef s(request):\n    time.sleep(1)\n`,
      },
      expect: ['views.py:3 no-sync-io-in-hot-path'],
    },
    {
      name: 'Django: an async view in views.py; urls.py path() to a sync view is not an entry',
      files: {
        'shop/views.py': `${blocking}async def cart(request):\n    time.sleep(1)\ndef legacy(request):\n    time.sleep(1)\n`,
        'shop/urls.py': 'from django.urls import path\nfrom . import views\nurlpatterns = [path("legacy/", views.legacy)]\n',
      },
      expect: ['shop/views.py:3 no-sync-io-in-hot-path'],
      entry: 'Django view: cart',
    },
    {
      name: 'websocket, socket.io event, message consumer and Channels consumer',
      files: {
        'app.py': `${blocking}from fastapi import FastAPI\nimport socketio\napp = FastAPI()\nsio = socketio.AsyncServer()\nbroker = object()\n@app.websocket("/ws")\nasync def ws(websocket):\n    time.sleep(1)\n@sio.on("chat")\nasync def chat(sid, data):\n    time.sleep(2)\n@broker.subscriber("jobs")\nasync def job(msg):\n    time.sleep(3)\n`,
        'consumers.py': `${blocking}from channels.generic.websocket import AsyncWebsocketConsumer\nclass Chat(AsyncWebsocketConsumer):\n    async def receive(self, text_data=None):\n        time.sleep(4)\n`,
      },
      expect: ['app.py:12 no-sync-io-in-hot-path', 'app.py:15 no-sync-io-in-hot-path', 'app.py:9 no-sync-io-in-hot-path', 'consumers.py:5 no-sync-io-in-hot-path'],
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await analyze(c.files);
      assert.deepEqual(short(r.findings), c.expect, r.findings.map((f) => `${f.file}:${f.line} ${chainOf(f).join(' → ')}`).join('\n'));
      if (c.entry) assert.equal(r.findings[0].chain[0].symbol, c.entry);
    });
  }

  test('entry labels: websocket, socket.io, consumer and Channels', async () => {
    const r = await analyze(cases[6].files);
    assert.deepEqual(r.findings.map((f) => [f.chain[0].symbol, f.entry]), [
      ['websocket /ws: ws', 'request-handler'],
      ["on 'chat': chat", 'event-handler'],
      ["message consumer 'jobs': job", 'queue-consumer'],
      ['AsyncWebsocketConsumer receive: Chat.receive', 'event-handler'],
    ]);
  });
  test('AI tools: LangChain @tool, @function_tool, FastMCP @mcp.tool(), MCP @server.call_tool(), pydantic-ai @agent.tool; async only', async () => {
    const r = await analyze({
      'tools.py': `${blocking}from langchain_core.tools import tool\nfrom agents import function_tool\n@tool\nasync def search(q: str):\n    time.sleep(1)\n@function_tool\nasync def lookup(key: str):\n    time.sleep(2)\n@tool\ndef sync_search(q: str):\n    time.sleep(3)\n`,
      'server.py': `${blocking}from mcp.server.fastmcp import FastMCP\nfrom mcp.server.lowlevel import Server\nmcp = FastMCP("docs")\nserver = Server("raw")\n@mcp.tool()\nasync def read_doc(name: str):\n    time.sleep(4)\n@server.call_tool()\nasync def call(name, arguments):\n    time.sleep(5)\n`,
      'agent.py': `${blocking}from pydantic_ai import Agent\nagent = Agent("openai:gpt-4o")\n@agent.tool_plain\nasync def roll() -> int:\n    time.sleep(6)\n    return 4\n`,
      // Not a framework's: a project's own registry's .tool decorator, and another library's `tool` decorator.
      'registry.py': `${blocking}from toolkit.decorators import tool\nclass Registry:\n    def tool(self, fn):\n        return fn\nregistry = Registry()\n@registry.tool\nasync def export(path):\n    time.sleep(7)\n@tool\nasync def backup(path):\n    time.sleep(8)\n`,
    });
    assert.deepEqual(r.findings.map((f) => [`${f.file}:${f.line}`, f.chain[0].symbol, f.entry]).sort(), [
      ['agent.py:6', 'AI tool: roll', 'agent-tool'],
      ['server.py:11', 'MCP CallTool request: call', 'agent-tool'],
      ['server.py:8', 'AI tool: read_doc', 'agent-tool'],
      ['tools.py:6', 'AI tool: search', 'agent-tool'],
      ['tools.py:9', 'AI tool: lookup', 'agent-tool'],
    ]);
  });
});

describe('start-up code and code run off the loop', () => {
  test('lifespan, on_event, on_startup lists, click/typer commands, __main__ and asyncio.run(main()) are not hot', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio, time',
        'import click',
        'from contextlib import asynccontextmanager',
        'from fastapi import FastAPI',
        'from aiohttp import web',
        '@asynccontextmanager',
        'async def lifespan(app):',
        '    time.sleep(1)',
        '    yield',
        'app = FastAPI(lifespan=lifespan)',
        '@app.on_event("startup")',
        'async def boot():',
        '    time.sleep(1)',
        'async def init_db(app):',
        '    time.sleep(1)',
        'aio = web.Application()',
        'aio.on_startup.append(init_db)',
        '@click.command()',
        'def cli():',
        '    time.sleep(1)',
        'async def main():',
        '    time.sleep(1)',
        'if __name__ == "__main__":',
        '    time.sleep(1)',
        '    asyncio.run(main())',
        '',
      ].join('\n'),
      'alembic/versions/001_init.py': 'import time\nasync def upgrade():\n    time.sleep(1)\n',
    }, true);
    assert.deepEqual(short(r.findings), []);
  });

  test('to_thread, run_in_executor with partial, executor.submit, pool.map and Thread(target=) run the function elsewhere', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio, functools, threading, time',
        'from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'pool = ProcessPoolExecutor()',
        'def crunch(x=0):',
        '    time.sleep(1)',
        '@app.get("/")',
        'async def index():',
        '    await asyncio.to_thread(crunch)',
        '    await asyncio.get_running_loop().run_in_executor(None, functools.partial(crunch, 1))',
        '    with ThreadPoolExecutor() as ex:',
        '        ex.submit(crunch)',
        '    list(pool.map(crunch, [1, 2]))',
        '    threading.Thread(target=crunch).start()',
        '    await asyncio.to_thread(lambda: time.sleep(1))',
        '',
      ].join('\n'),
    }, true);
    assert.deepEqual(short(r.findings), []);
  });
});

describe('concurrency misuse', () => {
  test('gather: unbounded over a comprehension, map() or a list appended in a loop; bounded over literals, range(n) and slices', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'async def one(x):',
        '    return x',
        '@app.post("/")',
        'async def fan(items: list):',
        '    await asyncio.gather(*[one(i) for i in items])',
        '    await asyncio.gather(*map(one, items))',
        '    tasks = []',
        '    for i in items:',
        '        tasks.append(one(i))',
        '    await asyncio.gather(*tasks)',
        '    await asyncio.gather(*[one(i) for i in ("a", "b")])',
        '    await asyncio.gather(*[one(i) for i in range(4)])',
        '    await asyncio.gather(*[one(i) for i in items[:8]])',
        '    await asyncio.gather(one(1), one(2))',
        '    fixed = [one(1), one(2)]',
        '    await asyncio.gather(*fixed)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:13 no-unbounded-promise-all', 'app.py:8 no-unbounded-promise-all', 'app.py:9 no-unbounded-promise-all']);
  });

  test('await in a loop: independent items are flagged; dependent steps, early exits, pacing and async for are not', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'async def fetch(x, y=None):',
        '    return x',
        '@app.post("/")',
        'async def loops(items: list):',
        '    out = []',
        '    for i in items:',
        '        r = await fetch(i)',
        '        out.append(r)',
        '    prev = None',
        '    for i in items:',
        '        prev = await fetch(i, prev)',
        '    for i in items:',
        '        if await fetch(i):',
        '            break',
        '    for i in items:',
        '        await fetch(i)',
        '        await asyncio.sleep(1)',
        '    async for i in stream():',
        '        await fetch(i)',
        '    for _ in range(3):',
        '        await fetch(0)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:10 no-sequential-await-in-loop']);
    assert.equal(r.findings[0].severity, 'info');
  });

  test('await in a loop: the finding sits at the first await that uses the item and lists the loop\'s other awaits', async () => {
    const r = await analyze({
      'app.py': [
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'async def fetch(x, y=None):',
        '    return x',
        '@app.post("/")',
        'async def enrich(items: list):',
        '    for i in items:',
        '        config = await fetch(0)',
        '        user = await fetch(i, config)',
        '        await fetch(user)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:9 no-sequential-await-in-loop']);
    assert.deepEqual(r.findings[0].related, [
      { file: 'app.py', line: 8, column: 18, message: 'also awaited in this loop, once per item' },
      { file: 'app.py', line: 10, column: 9, message: 'also awaited in this loop, once per item' },
    ]);
  });

  test('dropped tasks and un-awaited coroutines; TaskGroup, kept tasks and sync functions are fine', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio',
        'from fastapi import FastAPI',
        'import jobs',
        'app = FastAPI()',
        'keep = set()',
        'def plain():',
        '    return 1',
        '@app.post("/")',
        'async def spawn():',
        '    asyncio.create_task(jobs.run())',
        '    asyncio.ensure_future(jobs.run())',
        '    asyncio.get_running_loop().create_task(jobs.run())',
        '    jobs.run()',
        '    plain()',
        '    t = asyncio.create_task(jobs.run())',
        '    keep.add(t)',
        '    async with asyncio.TaskGroup() as tg:',
        '        tg.create_task(jobs.run())',
        '',
      ].join('\n'),
      'jobs.py': 'async def run():\n    return 1\n',
    });
    assert.deepEqual(short(r.findings), ['app.py:10 no-floating-promise', 'app.py:11 no-floating-promise', 'app.py:12 no-floating-promise', 'app.py:13 no-floating-promise']);
    assert.match(r.findings.find((f) => f.line === 13)!.message, /^jobs\.run\(\) is a coroutine function called without await on a request path: the coroutine is never run/);
  });

  test('password hashing and the async-safe twins', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio, bcrypt, hashlib, os',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        '@app.post("/login")',
        'async def login(pw: str, h: bytes):',
        '    bcrypt.checkpw(pw.encode(), h)',
        '    await asyncio.to_thread(bcrypt.checkpw, pw.encode(), h)',
        '    hashlib.sha256(pw.encode()).hexdigest()',
        '    os.path.exists("/tmp/x")',
        '',
      ].join('\n'),
    });
    assert.deepEqual(r.findings.map((f) => `${f.line} ${f.rule} ${f.severity}`), ['6 no-blocking-crypto-in-hot-path warning', '9 no-sync-io-in-hot-path info']);
  });
});

// Each case below was wrong on a real service of bench/precision-python (named in the test): the shape is kept, the
// code is cut down to it.
describe('shapes from real services (bench/precision-python)', () => {
  test('super().__init__() runs the base class\'s __init__ only; on a library base it links nothing (R2R: every __init__ was reached)', async () => {
    const r = await analyze({
      'app.py': [
        'import subprocess',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'class AppError(Exception):',
        '    def __init__(self, message):',
        '        super().__init__(message)',
        'class Base:',
        '    def __init__(self):',
        '        subprocess.run(["true"])',
        'class Agent(Base):',
        '    def __init__(self):',
        '        super().__init__()',
        'class Plugin:',
        '    pass',
        'class Tool(Plugin):',
        '    def __init__(self):',
        '        subprocess.run(["false"])',
        '@app.get("/chunks")',
        'async def chunks():',
        '    raise AppError("missing")',
        '@app.post("/agent")',
        'async def agent():',
        '    return Agent()',
        '',
      ].join('\n'),
    });
    // Tool.__init__ (line 17) is no longer reached from GET /chunks through AppError's super().__init__().
    assert.deepEqual(short(r.findings), ['app.py:9 no-sync-io-in-hot-path']);
    assert.deepEqual(chainOf(r.findings[0]), ['app.py:23 POST /agent: agent', 'app.py:12 Agent.__init__', 'app.py:9 Base.__init__']);
  });

  test('Sanic app.add_route(handler, path, methods=[...]) registers the handler, also one star-imported from a neighbour (QAnything)', async () => {
    const r = await analyze({
      'server/sanic_api.py': 'from handler import *\nfrom sanic import Sanic\napp = Sanic("qa")\napp.add_route(get_file, "/api/get_file", methods=["POST"])\napp.add_route(health, "/api/health")\n',
      'server/handler.py': 'import shutil\n\nasync def get_file(req):\n    shutil.rmtree("/tmp/x")\n\nasync def health(req):\n    shutil.rmtree("/tmp/y")\n',
    });
    assert.deepEqual(short(r.findings), ['server/handler.py:4 no-sync-io-in-hot-path', 'server/handler.py:7 no-sync-io-in-hot-path']);
    assert.deepEqual(r.findings.map((f) => f.chain[0].symbol).sort(), ['GET /api/health: health', 'POST /api/get_file: get_file']);
  });

  test('a function handed to a wrapper named for running it on a thread runs there: sys_run_in_executor, run_in_executor(func, *args), add_task(run_in_executor, fn) (Supervisor, Khoj)', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio',
        'from pathlib import Path',
        'from fastapi import BackgroundTasks, FastAPI',
        'app = FastAPI()',
        'def read_changelog(path):',
        '    return Path(path).read_text()',
        'def index_notion(user):',
        '    return Path(user).read_text()',
        'def blocking_here(path):',
        '    return Path(path).read_bytes()',
        'async def run_in_executor(func, *args):',
        '    return await asyncio.get_running_loop().run_in_executor(None, func, *args)',
        'class Api:',
        '    def sys_run_in_executor(self, funct, *args):',
        '        return asyncio.get_running_loop().run_in_executor(None, funct, *args)',
        '    async def changelog(self):',
        '        return await self.sys_run_in_executor(read_changelog, "CHANGELOG.md")',
        'api = Api()',
        '@app.get("/changelog")',
        'async def changelog():',
        '    return await api.changelog()',
        '@app.post("/notion")',
        'async def notion(background_tasks: BackgroundTasks):',
        '    background_tasks.add_task(run_in_executor, index_notion, "u")',
        '    await run_in_executor(read_changelog, blocking_here("x"))',
        '',
      ].join('\n'),
    });
    // The argument `blocking_here("x")` is evaluated on the loop, before the hand-over.
    assert.deepEqual(short(r.findings), ['app.py:10 no-sync-io-in-hot-path']);
  });

  test('a nested def handed to a thread is not reached by being defined; one called directly still is (Supervisor)', async () => {
    const r = await analyze({
      'app.py': [
        'import shutil',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'class App:',
        '    async def write_pulse(self):',
        '        def write_config():',
        '            shutil.rmtree("/data/pulse")',
        '        def cleanup():',
        '            shutil.rmtree("/data/tmp")',
        '        await self.sys_run_in_executor(write_config)',
        '        cleanup()',
        'a = App()',
        '@app.post("/restart")',
        'async def restart():',
        '    await a.write_pulse()',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:9 no-sync-io-in-hot-path']);
  });

  test('a quoted annotation is a forward reference: services.retrieval.agent() is followed into RetrievalService (R2R)', async () => {
    const r = await analyze({
      'svc/__init__.py': '',
      'svc/abstractions.py': [
        'from dataclasses import dataclass',
        'from typing import TYPE_CHECKING',
        'if TYPE_CHECKING:',
        '    from svc.retrieval import RetrievalService',
        '@dataclass',
        'class Services:',
        '    retrieval: "RetrievalService"',
        '',
      ].join('\n'),
      'svc/retrieval.py': 'import subprocess\n\nclass RetrievalService:\n    async def agent(self):\n        subprocess.run(["python", "tool.py"], timeout=10)\n',
      'svc/router.py': [
        'from fastapi import APIRouter',
        'from svc.abstractions import Services',
        'router = APIRouter()',
        'class RetrievalRouter:',
        '    def __init__(self, services: Services):',
        '        self.services = services',
        '        @router.post("/agent")',
        '        async def agent_app():',
        '            return await self.services.retrieval.agent()',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['svc/retrieval.py:5 no-sync-io-in-hot-path']);
    assert.deepEqual(chainOf(r.findings[0]), ['svc/router.py:9 POST /agent: agent_app', 'svc/retrieval.py:5 RetrievalService.agent']);
  });

  test('gather in batches inside the loop that fills the list is bounded (R2R chunk enrichment)', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'async def enrich(c):',
        '    return c',
        '@app.post("/enrich")',
        'async def enrich_all(chunks: list):',
        '    tasks = []',
        '    for c in chunks:',
        '        tasks.append(enrich(c))',
        '        if len(tasks) == 128:',
        '            await asyncio.gather(*tasks)',
        '            tasks = []',
        '    await asyncio.gather(*tasks)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), []);
  });

  test('await in a loop over tasks already running together is quiet: asyncio.as_completed, the done set of asyncio.wait (R2R); not over coroutines', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'async def describe(x):',
        '    return x',
        '@app.post("/graph")',
        'async def graph(items: list):',
        '    tasks = [asyncio.create_task(describe(i)) for i in items[:8]]',
        '    for coro in asyncio.as_completed(tasks):',
        '        print(await coro)',
        '    done, _ = await asyncio.wait(tasks)',
        '    for t in done:',
        '        print(await t)',
        '    for i in items:',
        '        print(await describe(i))',
        '    coros = [describe(i) for i in items]',
        '    for c in coros:',
        '        print(await c)',
        '',
      ].join('\n'),
    });
    // Coroutines from a comprehension (line 18) start only when awaited: one after another.
    assert.deepEqual(short(r.findings), ['app.py:15 no-sequential-await-in-loop', 'app.py:18 no-sequential-await-in-loop']);
  });
});

describe('threads and process pools', () => {
  test('CPU work on a thread: flagged for a pure loop, a self method with nested helpers, json.loads; quiet for I/O, an unknown method, no loop, another module (R2R JSONParser)', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio, json',
        'from concurrent.futures import ThreadPoolExecutor',
        'from fastapi import FastAPI',
        'from helpers import crunch',
        'app = FastAPI()',
        'threads = ThreadPoolExecutor()',
        'def squares(xs):',
        '    return [x * x for x in xs]',
        'def save(rows, session):',
        '    for r in rows:',
        '        session.add(r)',
        'def store(rows, sink):',
        '    for r in rows:',
        '        sink.write_row(r)',
        'def double(x):',
        '    return x * 2',
        'class Parser:',
        '    def _flatten(self, d):',
        '        def walk(x, depth=0):',
        '            if isinstance(x, dict):',
        '                return {k: walk(v, depth + 1) for k, v in x.items()}',
        '            return str(x)',
        '        return walk(d)',
        '    async def parse(self, data):',
        '        loop = asyncio.get_running_loop()',
        '        parsed = await loop.run_in_executor(None, json.loads, data)',
        '        return await loop.run_in_executor(None, self._flatten, parsed)',
        'parser = Parser()',
        '@app.post("/")',
        'async def handler(body: dict):',
        '    await asyncio.to_thread(squares, body["xs"])',
        '    threads.submit(squares, body["xs"])',
        '    await asyncio.to_thread(save, body["rows"], None)',
        '    await asyncio.to_thread(store, body["rows"], None)',
        '    await asyncio.to_thread(double, 2)',
        '    await asyncio.to_thread(crunch, body["xs"])',
        '    await asyncio.to_thread(lambda: sorted(x for x in body["xs"]))',
        '    return await parser.parse(body["raw"])',
        '',
      ].join('\n'),
      'helpers.py': 'def crunch(xs):\n    return [x * x for x in xs]\n',
    });
    // json.loads (26), a method whose nested helper recurses (27), a pure loop (31, 32) and a lambda (37).
    assert.deepEqual(short(r.findings), [
      'app.py:26 no-cpu-work-on-threads', 'app.py:27 no-cpu-work-on-threads', 'app.py:31 no-cpu-work-on-threads',
      'app.py:32 no-cpu-work-on-threads', 'app.py:37 no-cpu-work-on-threads',
    ]);
    assert.equal(r.findings.find((f) => f.line === 26)!.message.split(' is ')[0], 'json.loads()');
  });

  test('a process pool per call is flagged in a with block or a local; kept in an attribute, a global or returned it is not', async () => {
    const r = await analyze({
      'app.py': [
        'import multiprocessing as mp',
        'from concurrent.futures import ProcessPoolExecutor',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        '_pool = None',
        'class Holder:',
        '    def __init__(self):',
        '        self.pool = None',
        '    def ensure(self):',
        '        if self.pool is None:',
        '            self.pool = ProcessPoolExecutor()',
        'holder = Holder()',
        'def lazy():',
        '    global _pool',
        '    if _pool is None:',
        '        _pool = mp.Pool(2)',
        '    return _pool',
        'def make():',
        '    return ProcessPoolExecutor()',
        '@app.post("/")',
        'async def handler():',
        '    with ProcessPoolExecutor() as ex:',
        '        pass',
        '    p = mp.Pool()',
        '    holder.ensure()',
        '    lazy()',
        '    make()',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:22 no-worker-per-request', 'app.py:24 no-worker-per-request']);
  });

  test('unpicklable tasks: lambdas and local functions to a process pool; module-level functions and thread pools are fine', async () => {
    const r = await analyze({
      'app.py': [
        'import asyncio, functools',
        'from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'procs = ProcessPoolExecutor()',
        'def top(x):',
        '    return x',
        'class Svc:',
        '    def __init__(self):',
        '        self._process_pool = ProcessPoolExecutor()',
        '    def run(self, xs):',
        '        return self._process_pool.map(lambda x: x + 1, xs)',
        'svc = Svc()',
        '@app.post("/")',
        'async def handler(xs: list):',
        '    def local(x):',
        '        return x',
        '    procs.submit(lambda: 1)',
        '    procs.submit(functools.partial(local, 1))',
        '    procs.submit(top, 1)',
        '    procs.submit(functools.partial(top, 1))',
        '    ThreadPoolExecutor().submit(lambda: 1)',
        '    await asyncio.get_running_loop().run_in_executor(None, local, 1)',
        '    svc.run(xs)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:12 no-unpicklable-process-task', 'app.py:18 no-unpicklable-process-task', 'app.py:19 no-unpicklable-process-task']);
    assert.ok(r.findings.every((f) => f.severity === 'error'));
  });

  test('large task arguments: an array of a large constant shape or read from a file, pickled to a process pool per task', async () => {
    const r = await analyze({
      'app.py': [
        'import numpy as np',
        'from concurrent.futures import ProcessPoolExecutor',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'procs = ProcessPoolExecutor()',
        'N = 1024',
        'GRID = np.ones((N, N))',
        'def fit(m, x=None):',
        '    return m',
        '@app.post("/")',
        'async def handler(body: dict, arr: list):',
        '    procs.submit(fit, GRID)',
        '    procs.submit(fit, np.zeros((N, N), dtype=np.uint8))',
        '    procs.submit(fit, np.zeros((N, N), np.uint8) * 5)',
        '    procs.submit(fit, np.zeros((N, 4 * N), "uint8"))',
        '    procs.submit(fit, arr)',
        '    procs.submit(fit, np.load(body["path"]).astype(np.float32))',
        '    data = np.empty(N * N)',
        '    data = data[:10]',
        '    procs.submit(fit, data)',
        '    procs.map(fit, (GRID for _ in range(4)))',
        '    procs.submit(fit, x=GRID)',
        '',
      ].join('\n'),
    });
    // GRID is 8 MiB of float64 (12, 21, 22); 1 MiB of uint8 is small (13), and so is its product (14); 4 MiB of uint8
    // (15); a parameter is unknown (16); astype of an array read from a file (17); rebound to a slice (20).
    assert.deepEqual(short(r.findings), [
      'app.py:12 no-large-postmessage-copy', 'app.py:15 no-large-postmessage-copy', 'app.py:17 no-large-postmessage-copy',
      'app.py:21 no-large-postmessage-copy', 'app.py:22 no-large-postmessage-copy',
    ]);
    assert.equal(r.findings[0].message, 'GRID (a NumPy array of 8.0 MiB) is pickled and copied into a worker process with every task of procs.submit() on a request path; put it in multiprocessing.shared_memory once and pass the block\'s name, or build it in the worker');
    assert.ok(r.findings.every((f) => f.severity === 'info' && f.category === 'serialization'));
  });

  test('fork after threads: a process made with the default start method after this file started threads', async () => {
    const r = await analyze({
      'app.py': [
        'import multiprocessing as mp',
        'import threading',
        'from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'io_pool = ThreadPoolExecutor(max_workers=4)',
        'def work(x):',
        '    return x',
        '@app.post("/")',
        'async def handler():',
        '    mp.Process(target=work).start()',
        '    ProcessPoolExecutor(mp_context=mp.get_context("spawn")).submit(work, 1)',
        '    mp.Pool(2, None, (), None, mp.get_context("spawn")).close()',
        '    mp.get_context("spawn").Process(target=work).start()',
        '',
      ].join('\n'),
      'quiet.py': [
        'import multiprocessing as mp',
        'import threading',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        'def work(x):',
        '    return x',
        'def later():',
        '    threading.Thread(target=work).start()',
        '@app.post("/q")',
        'async def handler():',
        '    mp.Process(target=work).start()',
        '',
      ].join('\n'),
    });
    // quiet.py starts a thread only in a function of its own, which the route does not run before the fork.
    // Lines 12 and 13 make a pool per request with a spawn context: that is no-worker-per-request, not a fork.
    assert.deepEqual(short(r.findings), ['app.py:11 no-fork-after-threads', 'app.py:12 no-worker-per-request', 'app.py:13 no-worker-per-request']);
    const fork = r.findings.find((f) => f.rule === 'no-fork-after-threads')!;
    assert.match(fork.message, /^mp\.Process\(\.\.\.\) starts its processes with fork \(the default on Linux before Python 3\.14\) on a request path, after ThreadPoolExecutor\(\.\.\.\) \(line 6\) started threads: .*; use multiprocessing\.get_context\("spawn"\)/);
    assert.equal(fork.severity, 'warning');
    assert.equal(fork.category, 'worker-lifecycle');
  });
});

describe('suppressions, syntax errors, updates', () => {
  test('# concurrency-lens: disable-next-line RULE -- reason suppresses that rule on the next line only', async () => {
    const r = await analyze({
      'app.py': [
        'import time',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        '@app.get("/")',
        'async def index():',
        '    # concurrency-lens: disable-next-line no-sync-io-in-hot-path -- measured: 1 ms',
        '    time.sleep(0.001)',
        '    # concurrency-lens: disable-next-line no-floating-promise',
        '    time.sleep(1)',
        '    # concurrency-lens: disable-next-line',
        '    time.sleep(2)',
        '',
      ].join('\n'),
    });
    assert.deepEqual(short(r.findings), ['app.py:9 no-sync-io-in-hot-path']);
  });

  test('"Suppress on this line" writes the Python directive, indented, or adds the rule to one already there', () => {
    const text = 'async def f():\n    time.sleep(1)\n';
    const edit = pythonSuppressionEdit(text, 2, 'no-sync-io-in-hot-path');
    assert.equal(applyLineEdit(text, edit), 'async def f():\n    # concurrency-lens: disable-next-line no-sync-io-in-hot-path\n    time.sleep(1)\n');
    const again = 'async def f():\n    # concurrency-lens: disable-next-line no-floating-promise -- why\n    x()\n';
    assert.equal(applyLineEdit(again, pythonSuppressionEdit(again, 3, 'no-sync-io-in-hot-path')),
      'async def f():\n    # concurrency-lens: disable-next-line no-floating-promise, no-sync-io-in-hot-path -- why\n    x()\n');
  });

  test('a syntax error is a note; the parts that parse are still analysed', async () => {
    const r = await analyze({
      'app.py': 'import time\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\nasync def ok():\n    time.sleep(1)\n\ndef broken(:\n    pass\n',
    });
    assert.deepEqual(short(r.findings), ['app.py:6 no-sync-io-in-hot-path']);
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0].reason, /^syntax error at line 8: .+; analysed the parts that parse$/);
    assert.deepEqual(r.skipped, []);
  });

  test('updateFile re-analyses an edited .py file from the editor text', async () => {
    const p = project({
      'app.py': 'from fastapi import FastAPI\nimport lib\napp = FastAPI()\n@app.get("/")\nasync def index():\n    return lib.work()\n',
      'lib.py': 'def work():\n    return 1\n',
    });
    const a = new Analyzer({ paths: [p.dir], cwd: p.dir, types: 'off' });
    await a.prepare();
    assert.deepEqual(short(a.analyze().findings), []);
    const edited = a.updateFile(p.file('lib.py'), 'import time\n\ndef work():\n    time.sleep(1)\n');
    assert.deepEqual(short(edited.findings), ['lib.py:4 no-sync-io-in-hot-path']);
    assert.deepEqual(chainOf(edited.findings[0]), ['app.py:6 GET /: index', 'lib.py:4 work']);
  });
});

describe('quick fixes', () => {
  async function fixed(src: string, rule: string, line: number): Promise<{ title: string; text: string; after: string[] }> {
    const p = project({ 'app.py': src });
    const r = await analyzePathsAsync({ paths: [p.dir], cwd: p.dir, types: 'off' });
    const f = r.findings.find((x) => x.rule === rule && x.line === line);
    assert.ok(f, short(r.findings).join(', '));
    const fixes = quickFixes(src, p.file('app.py'), f);
    assert.equal(fixes.length, 1);
    const text = applyFix(src, fixes[0]);
    const q = project({ 'app.py': text });
    const again = await analyzePathsAsync({ paths: [q.dir], cwd: q.dir, types: 'off' });
    return { title: fixes[0].title, text, after: short(again.findings) };
  }
  const head = 'from fastapi import FastAPI\nimport requests\nimport time\napp = FastAPI()\n@app.get("/")\nasync def index():\n';

  test('time.sleep → await asyncio.sleep, importing asyncio', async () => {
    const r = await fixed(`${head}    time.sleep(0.5)\n`, 'no-sync-io-in-hot-path', 7);
    assert.equal(r.title, 'Use await asyncio.sleep()');
    assert.equal(r.text, `import asyncio\n${head}    await asyncio.sleep(0.5)\n`);
    assert.deepEqual(r.after, []);
  });

  test('a blocking call → await asyncio.to_thread(f, args), parenthesised when its result is used', async () => {
    const r = await fixed(`import asyncio\n${head}    return requests.get("http://x", timeout=3).json()\n`, 'no-sync-io-in-hot-path', 8);
    assert.equal(r.text, `import asyncio\n${head}    return (await asyncio.to_thread(requests.get, "http://x", timeout=3)).json()\n`);
    assert.deepEqual(r.after, []);
  });

  test('a dropped task → kept in a module-level set until done', async () => {
    const src = 'import asyncio\nfrom fastapi import FastAPI\napp = FastAPI()\nasync def work():\n    return 1\n@app.get("/")\nasync def index():\n    asyncio.create_task(work())\n';
    const r = await fixed(src, 'no-floating-promise', 8);
    assert.equal(r.text, [
      'import asyncio',
      'from fastapi import FastAPI',
      '',
      '# Tasks started and not awaited: kept here until done, so the event loop\'s weak reference is not the only one.',
      '_background_tasks: set[asyncio.Task] = set()',
      'app = FastAPI()',
      'async def work():',
      '    return 1',
      '@app.get("/")',
      'async def index():',
      '    task = asyncio.create_task(work())',
      '    _background_tasks.add(task)',
      '    task.add_done_callback(_background_tasks.discard)',
      '',
    ].join('\n'));
    assert.deepEqual(r.after, []);
  });

  test('no fix outside an async def, and none for open()', async () => {
    const p = project({ 'app.py': 'import time\n\ndef f():\n    time.sleep(1)\n\nasync def g():\n    open("x")\n' });
    await analyzePathsAsync({ paths: [p.dir], cwd: p.dir, types: 'off' });
    const text = 'import time\n\ndef f():\n    time.sleep(1)\n\nasync def g():\n    open("x")\n';
    assert.deepEqual(quickFixes(text, p.file('app.py'), { rule: 'no-sync-io-in-hot-path', line: 4, column: 5, endLine: 4, endColumn: 18 }), []);
    assert.deepEqual(quickFixes(text, p.file('app.py'), { rule: 'no-sync-io-in-hot-path', line: 7, column: 5, endLine: 7, endColumn: 14 }), []);
  });
});

test('check --format json gives Python findings the language field; the JavaScript ones say theirs', async () => {
  const p = project({
    'app.py': 'import time\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\nasync def index():\n    time.sleep(1)\n',
    'server.js': "const http = require('http');\nconst fs = require('fs');\nhttp.createServer((req, res) => res.end(fs.readFileSync('x'))).listen(1);\n",
  });
  let stdout = '';
  const code = await run(['check', '--format', 'json'], {
    cwd: p.dir,
    env: {},
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: () => true },
  }, {
    analyze: analyzePaths,
    prepareAnalysis: (options) => new Analyzer(options).prepare(),
    packageInfo: () => ({ version: '1.2.3' }),
    profile: () => Promise.reject(new Error('unused')),
    flamegraph: () => Promise.reject(new Error('unused')),
    bench: () => Promise.reject(new Error('unused')),
  });
  assert.equal(code, 0);
  const doc = JSON.parse(stdout) as { findings: Finding[] };
  assert.deepEqual(doc.findings.map((f) => [f.file, f.line, f.rule, f.language]), [
    ['app.py', 6, 'no-sync-io-in-hot-path', 'python'],
    ['server.js', 3, 'no-sync-io-in-hot-path', 'javascript'],
  ]);
});

test('an awaited call on an unknown receiver links only to coroutine functions of that name (MinerU: await upload.read())', async () => {
  const readers = (second: string): Record<string, string> => ({
    'readers.py': [
      'import requests',
      'class Reader:',
      '    pass',
      'class S3Reader(Reader):',
      '    def read(self, path):',
      "        return open(path, 'rb').read()",
      'class HttpReader(Reader):',
      `    ${second}`,
      "        return requests.get(url).content",
    ].join('\n'),
    'app.py': [
      'from fastapi import FastAPI, UploadFile',
      'app = FastAPI()',
      "@app.post('/upload')",
      'async def upload(file: UploadFile):',
      '    chunk = await file.read(1 << 20)',
      '    return len(chunk)',
    ].join('\n'),
  });
  // Two plain `def read`: an awaited `file.read()` can be neither, so nothing is linked.
  assert.deepEqual(short((await analyze(readers('def read(self, url):'))).findings), []);
  // An `async def read` can be awaited: it stays in the family, the plain one does not.
  assert.deepEqual(short((await analyze(readers('async def read(self, url):'))).findings), ['readers.py:9 no-sync-io-in-hot-path']);
});

test('a file object from open() is not an unknown receiver: f.read() does not reach the project\'s read methods', async () => {
  const findings = (await analyze({
    'readers.py': [
      'import requests',
      'class Reader:',
      '    pass',
      'class HttpReader(Reader):',
      '    def read(self, url):',
      '        return requests.get(url).content',
      'class S3Reader(Reader):',
      '    def read(self, key):',
      '        return requests.get(key).content',
    ].join('\n'),
    'app.py': [
      'from fastapi import FastAPI',
      'app = FastAPI()',
      "@app.post('/sniff')",
      'async def sniff(path: str):',
      "    with open(path, 'rb') as f:",
      '        return f.read(4)',
      "@app.post('/fetch')",
      'async def fetch(reader, url: str):',
      '    return reader.read(url)',
    ].join('\n'),
  })).findings;
  // open() blocks; f.read(4) is the file's, so the readers are reached only through the unknown `reader`.
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.chain[0].symbol}`).sort(), [
    'app.py:5 POST /sniff: sniff',
    'readers.py:6 POST /fetch: fetch',
    'readers.py:9 POST /fetch: fetch',
  ]);
});

test('asyncio.gather over the request body is a warning; over a query result or a parameter of a helper, a note', async () => {
  const findings = (await analyze({
    'app.py': [
      'import asyncio',
      'from fastapi import FastAPI',
      'app = FastAPI()',
      'async def embed(text): ...',
      'async def load_rows(): ...',
      'async def embed_all(texts):',
      '    return await asyncio.gather(*[embed(t) for t in texts])',
      "@app.post('/embed')",
      'async def embed_docs(body: dict):',
      '    docs = body["documents"]',
      '    vectors = await asyncio.gather(*[embed(d) for d in docs])',
      '    rows = await load_rows()',
      '    await asyncio.gather(*[embed(r) for r in rows])',
      '    await embed_all(rows)',
      '    return vectors',
    ].join('\n'),
  })).findings;
  assert.deepEqual(findings.map((f) => `${f.line} ${f.rule} ${f.severity}`), [
    '7 no-unbounded-promise-all info',
    '11 no-unbounded-promise-all warning',
    '13 no-unbounded-promise-all info',
  ]);
});
