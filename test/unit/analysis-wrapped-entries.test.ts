// Entries a service registers through its own code: a function of the project that hands its parameter to a queue
// worker or a router (a registration wrapper), a processor made by a builder, and a Next.js route exported as a call
// of wrappers. Shapes from langfuse's worker (`WorkerManager.register(queue, processor)`) and its public API routes
// (`export default withMiddlewares({ GET: createAuthedProjectAPIRoute({ fn }) })`). Each case is a small project
// analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { tempProject } from './temp-project';

function hot(files: Record<string, string>): string[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true }).findings
      .map((f: Finding) => `${f.file}:${f.line} ${f.severity} ${f.chain[0].symbol}`);
  } finally {
    p.cleanup();
  }
}

const WORKER_MANAGER = [
  "import { Worker } from 'bullmq';",
  'export class WorkerManager {',
  '  private static wrap(processor: (job: any) => Promise<unknown>, queue: string) {',
  '    return async (job: any) => { const started = Date.now(); const r = await processor(job); console.log(queue, Date.now() - started); return r; };',
  '  }',
  '  static register(queue: string, processor: (job: any) => Promise<unknown>, options = {}) {',
  '    const worker = new Worker(queue, WorkerManager.wrap(processor, queue), options);',
  "    worker.on('failed', (job: any, err: Error) => console.error(err));",
  '  }',
  '}',
].join('\n');

test('a function passed to a project function that hands that parameter to a queue worker is a queue consumer', () => {
  assert.deepEqual(hot({
    'manager.ts': WORKER_MANAGER,
    'jobs.ts': [
      "import { readFileSync } from 'fs';",
      'export async function exportJob(job: any) { return readFileSync(job.data.path); }',
      'export async function notCalledJob(job: any) { return readFileSync(job.data.path); }',
    ].join('\n'),
    'app.ts': [
      "import { WorkerManager } from './manager';",
      "import { exportJob } from './jobs';",
      // Registered in a loop over shards and from inside a start function: both start-up code, the job is not.
      "function start() { WorkerManager.register('export', exportJob, { concurrency: 2 }); }",
      'start();',
    ].join('\n'),
  }), ['jobs.ts:2 warning queue job: exportJob']);
});

test('a processor made by a builder function is the queue consumer; so is one handed on through a second wrapper', () => {
  assert.deepEqual(hot({
    'manager.ts': WORKER_MANAGER,
    'jobs.ts': [
      "import { readFileSync } from 'fs';",
      'export const ingestionProcessorBuilder = (redirect: boolean) => {',
      '  const enabled = redirect;',
      '  return async (job: any) => (enabled ? readFileSync(job.data.path) : undefined);',
      '};',
      'export async function deleteJob(job: any) { readFileSync(job.data.path); }',
    ].join('\n'),
    'app.ts': [
      "import { WorkerManager } from './manager';",
      "import { ingestionProcessorBuilder, deleteJob } from './jobs';",
      "['a', 'b'].forEach((shard) => WorkerManager.register(shard, ingestionProcessorBuilder(true)));",
      'function registerWithDefaults(queue: string, handler: (job: any) => Promise<void>) { WorkerManager.register(queue, handler, { attempts: 3 }); }',
      "registerWithDefaults('delete', deleteJob);",
    ].join('\n'),
  }), ['jobs.ts:4 warning queue job', 'jobs.ts:6 warning queue job: deleteJob']);
});

test("a project's own register() is not a fastify plugin registration: what it is given is not start-up code", () => {
  assert.deepEqual(hot({
    'app.js': [
      "const fs = require('fs');",
      "const fastify = require('fastify')();",
      "const { Worker } = require('bullmq');",
      'const registry = { register(queue, fn) { return new Worker(queue, fn); } };',
      'async function pluginBody(app) { fs.readFileSync("plugin-config.json"); }',
      'async function sendMail(job) { fs.readFileSync(job.data.template); }',
      'fastify.register(pluginBody);',
      "registry.register('mail', sendMail);",
    ].join('\n'),
  }), ['app.js:6 warning queue job: sendMail']);
});

test('a parameter handed to a router or an emitter inside a helper makes what callers pass a handler of that kind', () => {
  assert.deepEqual(hot({
    'routes.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'const router = express.Router();',
      'function addRoute(path, handler) { router.get(path, handler); }',
      'function onMessage(bus, handler) { bus.on("message", handler); }',
      'function listUsers(req, res) { res.send(fs.readFileSync("users.json")); }',
      'function audit(msg) { fs.appendFileSync("audit.log", msg); }',
      "addRoute('/users', listUsers);",
      'onMessage(require("./bus"), audit);',
      'module.exports = router;',
    ].join('\n'),
    'bus.js': "module.exports = new (require('events'))();",
  }), ['routes.js:6 warning GET /users: listUsers', "routes.js:7 warning on 'message': audit"]);
});

test('a Next.js API route exported as a call of wrappers: the functions the wrappers are given run per request', () => {
  assert.deepEqual(hot({
    'lib/route.ts': [
      'export const withMiddlewares = (handlers: Record<string, (req: any, res: any) => Promise<void>>) =>',
      '  async (req: any, res: any) => handlers[req.method](req, res);',
      'export const createRoute = (config: { fn: (input: any) => Promise<unknown> }) =>',
      '  async (req: any, res: any) => res.json(await config.fn({ body: req.body }));',
    ].join('\n'),
    'pages/api/traces.ts': [
      "import { readFileSync } from 'fs';",
      "import { withMiddlewares, createRoute } from '../../lib/route';",
      'export default withMiddlewares({',
      '  GET: createRoute({ fn: async ({ body }) => readFileSync(body.path) }),',
      '});',
    ].join('\n'),
    // The same shape outside pages/api is not an entry: nothing says the framework calls it per request.
    'lib/other.ts': [
      "import { readFileSync } from 'fs';",
      "import { withMiddlewares, createRoute } from './route';",
      'export default withMiddlewares({ GET: createRoute({ fn: async ({ body }) => readFileSync(body.path) }) });',
    ].join('\n'),
  }), ['pages/api/traces.ts:4 warning Next.js API route pages/api/traces.ts: fn']);
});

test("a route object that names its verb and path (this.route({ method, path, handler })) is a route on any receiver", () => {
  assert.deepEqual(hot({
    'controller.ts': [
      "import { Router } from 'express';",
      'export default class Controller {',
      '  app = Router();',
      '  route(options: { method: string; path: string; handler: (input: unknown) => Promise<unknown> }) {',
      '    (this.app as any)[options.method](options.path, (req: any, res: any) => options.handler.call(this, req.body).then((r) => res.json(r)));',
      '  }',
      '}',
    ].join('\n'),
    'reset.ts': [
      "import { readFileSync } from 'fs';",
      "import Controller from './controller';",
      'export class ResetController extends Controller {',
      '  constructor() {',
      '    super();',
      "    this.route({ method: 'post', path: '/password', handler: this.changePassword });",
      "    this.route({ name: 'not-a-route', handler: this.other });",
      '  }',
      '  async changePassword(body: { file: string }) { return readFileSync(body.file); }',
      '  async other(body: { file: string }) { return readFileSync(body.file); }',
      '}',
    ].join('\n'),
  }), ['reset.ts:9 warning POST /password: ResetController.changePassword']);
});

test('a class imported with `import type` still tells what an annotated field holds (verbatimModuleSyntax style)', () => {
  assert.deepEqual(hot({
    'user-service.ts': [
      "import bcrypt from 'bcryptjs';",
      'export default class UserService {',
      '  async resetPassword(password: string, previous: string[]) {',
      '    return previous.some((hash) => bcrypt.compareSync(password, hash));',
      '  }',
      '}',
    ].join('\n'),
    'reset.ts': [
      "import express from 'express';",
      "import type UserService from './user-service.js';",
      "import { type Request, type Response } from 'express';",
      'export class ResetController {',
      '  private userService: UserService;',
      '  constructor({ userService }: { userService: UserService }) { this.userService = userService; }',
      '  async changePassword(req: Request, res: Response) {',
      '    res.json(await this.userService.resetPassword(req.body.password, []));',
      '  }',
      '}',
      'const c = new ResetController({ userService: undefined as any });',
      "express().post('/password', c.changePassword.bind(c));",
    ].join('\n'),
  }), ['user-service.ts:4 warning POST /password: ResetController.changePassword']);
});

// Overleaf's web: each controller exports `{ name: expressify(name) }` and the router registers the member. The route
// is the wrapped function's; a call of the member elsewhere runs the wrapper, which passes failures to `next`, so its
// promise is not the function's own to drop.
test('a member holding a wrapper around a project function (expressify(fn)) is that function where a router registers it', () => {
  const promiseUtils = [
    'function expressify(fn) { return (req, res, next) => fn(req, res, next).catch(next); }',
    'module.exports = { expressify };',
  ].join('\n');
  assert.deepEqual(hot({
    'promise-utils.js': promiseUtils,
    'ChatController.mjs': [
      "import fs from 'node:fs';",
      "import { expressify } from './promise-utils.js';",
      'async function sendMessage(req, res) { res.send(fs.readFileSync(req.body.path)); }',
      'async function logout(req, res, next) { await fs.promises.unlink(req.session.file); res.sendStatus(200); }',
      'const _ChatController = { async exportChat(req, res) { res.send(fs.readFileSync(req.body.path)); } };',
      'function rateLimit(fn, n) { return (req, res, next) => (n > 0 ? fn(req, res, next) : next()); }',
      'export default { sendMessage: expressify(sendMessage), logout: expressify(logout), exportChat: rateLimit(_ChatController.exportChat, 10) };',
    ].join('\n'),
    'ProjectController.mjs': [
      "import ChatController from './ChatController.mjs';",
      'export async function loadEditor(req, res, next) {',
      '  const user = await Promise.resolve(req.user);',
      '  if (!user) { ChatController.logout(req, res, next); return; }',
      '  res.sendStatus(200);',
      '}',
    ].join('\n'),
    'router.mjs': [
      "import express from 'express';",
      "import ChatController from './ChatController.mjs';",
      "import { loadEditor } from './ProjectController.mjs';",
      'const app = express();',
      "app.post('/project/:id/messages', ChatController.sendMessage);",
      "app.get('/project/:id/export', ChatController.exportChat);",
      "app.get('/project/:id', loadEditor);",
    ].join('\n'),
  }), ['ChatController.mjs:3 warning POST /project/:id/messages: sendMessage', 'ChatController.mjs:5 warning GET /project/:id/export: _ChatController.exportChat']);
});

test("a dropped call of such a member is the wrapper's call, not the wrapped function's: expressify passes failures to next", () => {
  // Overleaf's `UserController.logout(req, res, next)` when a deleted user opens the project list: the member holds
  // expressify(logout), whose promise never rejects. The wrapper's package is analysed with the project, as Overleaf's
  // libraries/promise-utils is; the page's own blocking read is still reported.
  const p = tempProject({
    'node_modules/@acme/promise-utils/package.json': JSON.stringify({ name: '@acme/promise-utils', main: 'index.js' }),
    'node_modules/@acme/promise-utils/index.js': [
      'module.exports = { expressify };',
      'function expressify(fn) { return (req, res, next) => fn(req, res, next).catch(next); }',
    ].join('\n'),
    'UserController.mjs': [
      "import fs from 'node:fs';",
      "import { expressify } from '@acme/promise-utils';",
      'async function doLogout(req) { await fs.promises.unlink(req.session.file); }',
      'async function logout(req, res, next) { await doLogout(req); res.redirect("/login"); }',
      'export default { logout: expressify(logout) };',
    ].join('\n'),
    'ProjectListController.mjs': [
      "import fs from 'node:fs';",
      "import UserController from './UserController.mjs';",
      "import { expressify } from '@acme/promise-utils';",
      'async function projectListPage(req, res, next) {',
      '  const user = await Promise.resolve(req.user);',
      '  if (user == null) { UserController.logout(req, res, next); return; }',
      '  res.send(fs.readFileSync(req.query.template));',
      '}',
      'export default { projectListPage: expressify(projectListPage) };',
    ].join('\n'),
  });
  try {
    const paths = ['UserController.mjs', 'ProjectListController.mjs', 'node_modules/@acme/promise-utils/index.js'].map(p.file);
    const found = analyzePaths({ paths, cwd: p.dir, types: 'off', skipUnknownReach: true }).findings.map((f: Finding) => `${f.file}:${f.line} ${f.rule}`);
    assert.deepEqual(found, ['ProjectListController.mjs:7 no-sync-io-in-hot-path']);
  } finally {
    p.cleanup();
  }
});
