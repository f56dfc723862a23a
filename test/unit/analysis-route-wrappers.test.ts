// Routes registered through a project's own wrapper (NodeBB's `setupApiRoute(router, 'put', '/settings', [...mw],
// controller)`, whose body calls `router[verb](name, mws, tryRoute(controller))`): the wrapper's callers give the verb,
// the path and the guards, so each handler's chain starts at its own route, and an admin guard among the arguments
// makes the route rare. Likewise an emitter wrapper (`pubsub.on(event, cb)`) takes the event name from its caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const summary = (f: Finding): string => `${f.file}:${f.line} ${f.severity} ${f.chain[0]?.symbol}`;

const MIDDLEWARE = [
  'module.exports = {',
  '  ensureLoggedIn(req, res, next) { next(); },',
  '  admin: { checkPrivileges(req, res, next) { next(); } },',
  '};',
].join('\n');

/** A variadic wrapper: router, verb, path, optional middlewares, and the controller last, read from `...args`. */
const HELPERS = [
  'const helpers = module.exports;',
  'helpers.setupApiRoute = function (...args) {',
  '  const [router, verb, name] = args;',
  '  const middlewares = args.length > 4 ? args[args.length - 2] : [];',
  '  const controller = args[args.length - 1];',
  '  router[verb](name, middlewares, helpers.tryRoute(controller, (err, res) => {',
  '    res.status(400).json({ error: String(err) });',
  '  }));',
  '};',
  'helpers.tryRoute = function (controller, onError) {',
  '  return async function (req, res, next) {',
  '    try { await controller(req, res, next); } catch (err) { onError(err, res); }',
  '  };',
  '};',
].join('\n');

const CONTROLLERS = [
  "const fs = require('fs');",
  'exports.removeRoom = async (req, res) => { res.json(fs.readFileSync(`/rooms/${req.params.roomId}`)); };',
  'exports.listRooms = async (req, res) => { res.json(fs.readdirSync(\'/rooms\')); };',
].join('\n');

/** NodeBB's controller modules: `const Rooms = module.exports`, then one member per handler. */
const ROOMS_CONTROLLER = [
  "const fs = require('fs');",
  'const Rooms = module.exports;',
  'Rooms.removeRoom = async (req, res) => { res.json(fs.readFileSync(`/rooms/${req.params.roomId}`)); };',
  "Rooms.listRooms = async (req, res) => { res.json(fs.readdirSync('/rooms')); };",
  "Rooms.roomStats = async (req, res) => { res.json(fs.statSync('/rooms/' + req.params.id).size); };",
].join('\n');

/** The middleware, wrapper and controllers above, with a routes module whose function body is `lines`. */
const wrappedRoutes = (lines: string[]): Finding[] => analyseTempProject({
  'middleware.js': MIDDLEWARE,
  'helpers.js': HELPERS,
  'controllers.js': CONTROLLERS,
  'routes.js': [
    "const router = require('express').Router();",
    "const middleware = require('./middleware');",
    "const controllers = require('./controllers');",
    "const { setupApiRoute } = require('./helpers');",
    'module.exports = function () {',
    ...lines,
    '  return router;',
    '};',
  ].join('\n'),
});

test('a handler given to a route wrapper starts its chain at the route its caller names, verb and path', () => {
  const findings = wrappedRoutes([
    "  setupApiRoute(router, 'get', '/rooms', [middleware.ensureLoggedIn], controllers.listRooms);",
    "  setupApiRoute(router, 'delete', '/rooms/:roomId', controllers.removeRoom);",
  ]);
  assert.deepEqual(findings.map(summary), [
    'controllers.js:2 warning DELETE /rooms/:roomId: exports.removeRoom',
    'controllers.js:3 warning GET /rooms: exports.listRooms',
  ]);
});

test('an admin guard the caller passes, spread from a local list, makes the wrapped route rare: its findings are notes', () => {
  const findings = wrappedRoutes([
    '  const middlewares = [middleware.ensureLoggedIn, middleware.admin.checkPrivileges];',
    "  setupApiRoute(router, 'delete', '/rooms/:roomId', [...middlewares], controllers.removeRoom);",
    "  setupApiRoute(router, 'get', '/rooms', [middleware.ensureLoggedIn], controllers.listRooms);",
  ]);
  assert.deepEqual(findings.map(summary), [
    'controllers.js:2 info DELETE /rooms/:roomId (admin only): exports.removeRoom',
    'controllers.js:3 warning GET /rooms: exports.listRooms',
  ]);
});

test('a registration found for a handler wins over its (req, res) shape: an admin-only route makes it rare', () => {
  const findings = analyseTempProject({
    'email.js': [
      "const fs = require('fs');",
      'class EmailController {',
      '  constructor(app, ADMIN) {',
      "    app.get('/preview/:template', this.preview.bind(this), ADMIN);",
      '  }',
      '  preview(req, res) { res.send(fs.readFileSync(`/templates/${req.params.template}`)); }',
      '}',
      "const ADMIN = 'ADMIN';",
      "const app = require('express')();",
      'new EmailController(app, ADMIN);',
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['email.js:6 info GET /preview/:template (admin only): EmailController.preview']);
});

test('an emitter wrapper takes the event name from its caller: an event named for administrators is rare', () => {
  // A blocking call: a dropped promise would stay a warning on a rare path (an unhandled rejection ends the process).
  const findings = analyseTempProject({
    'pubsub.js': [
      "const { EventEmitter } = require('events');",
      'const bus = new EventEmitter();',
      'module.exports = {',
      '  publish(event, data) { bus.emit(event, data); },',
      '  on(event, callback) { bus.on(event, callback); },',
      '};',
    ].join('\n'),
    'jobs.js': [
      "const fs = require('fs');",
      "const pubsub = require('./pubsub');",
      "pubsub.on('admin.jobs.restart', () => { fs.readFileSync('/etc/jobs.json'); });",
      "pubsub.on('cache.reload', () => { fs.readFileSync('/etc/cache.json'); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    "jobs.js:3 info on 'admin.jobs.restart'",
    "jobs.js:4 warning on 'cache.reload'",
  ]);
});

test('a route module given the controllers as a parameter starts each handler at its route, directly and through a wrapper', () => {
  const findings = analyseTempProject({
    'middleware.js': MIDDLEWARE,
    'helpers.js': HELPERS,
    'controllers/index.js': "exports.rooms = require('./rooms');",
    'controllers/rooms.js': ROOMS_CONTROLLER,
    // NodeBB's route modules: `module.exports = function (app, middleware, controllers)`, called with the modules.
    'routes/rooms.js': [
      "const helpers = require('../helpers');",
      'module.exports = function (app, middleware, controllers) {',
      "  app.delete('/rooms/:roomId', middleware.ensureLoggedIn, helpers.tryRoute(controllers.rooms.removeRoom));",
      "  helpers.setupApiRoute(app, 'get', '/rooms', [middleware.ensureLoggedIn], controllers.rooms.listRooms);",
      '};',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      "const middleware = require('./middleware');",
      "const controllers = require('./controllers');",
      "const mounts = { rooms: require('./routes/rooms') };",
      'const app = express();',
      'mounts.rooms(app, middleware, controllers);',
      'app.listen(3000);',
    ].join('\n'),
  });
  // roomStats is registered nowhere: its (req, res) shape alone makes it a handler, with no route.
  assert.deepEqual(findings.map(summary), [
    'controllers/rooms.js:3 warning DELETE /rooms/:roomId: Rooms.removeRoom',
    'controllers/rooms.js:4 warning GET /rooms: Rooms.listRooms',
    'controllers/rooms.js:5 info Rooms.roomStats',
  ]);
});

test("a module's controllers wrapped one by one by a project function keep their routes; a call given other values does not", () => {
  const findings = analyseTempProject({
    // GrowthBook's wrapController: a copy of the module's exports, each wrapped in an async error handler.
    'wrap.ts': [
      'export function wrapController(controller: Record<string, any>) {',
      '  const out: Record<string, any> = {};',
      '  for (const key of Object.keys(controller)) out[key] = (req: any, res: any, next: any) => controller[key](req, res).catch(next);',
      '  return out;',
      '}',
      'export function makeClient(options: { url: string }) { return { get: async () => options.url }; }',
    ].join('\n'),
    'rooms.controller.ts': [
      "import fs from 'fs';",
      'export async function removeRoom(req: any, res: any) { res.json(fs.readFileSync(`/rooms/${req.params.roomId}`)); }',
      'export async function get(req: any, res: any) { res.json(fs.readdirSync(\'/rooms\')); }',
    ].join('\n'),
    'rooms.router.ts': [
      "import express from 'express';",
      "import { wrapController, makeClient } from './wrap';",
      "import * as rawRooms from './rooms.controller';",
      'const router = express.Router();',
      'const rooms = wrapController(rawRooms);',
      "const client = makeClient({ url: 'http://x' });",
      "router.delete('/:roomId', rooms.removeRoom);",
      "router.get('/', client.get);",
      'export { router as roomsRouter };',
    ].join('\n'),
    'app.ts': [
      "import express from 'express';",
      "import { roomsRouter } from './rooms.router';",
      'const app = express();',
      "app.use('/rooms', roomsRouter);",
      'app.listen(3000);',
    ].join('\n'),
  });
  // `get` is registered nowhere (client.get is another function): its (req, res) shape alone makes it a handler.
  assert.deepEqual(findings.map(summary), [
    'rooms.controller.ts:2 warning DELETE /rooms/:roomId: removeRoom',
    'rooms.controller.ts:3 warning get',
  ]);
});

test('route modules called through a computed key of a table (NodeBB remountable pages) get the controllers their caller passes', () => {
  const findings = analyseTempProject({
    'middleware.js': MIDDLEWARE,
    'controllers/index.js': "exports.rooms = require('./rooms');",
    'controllers/rooms.js': ROOMS_CONTROLLER,
    'routes/rooms.js': [
      'module.exports = function (app, name, middleware, controllers) {',
      '  app.delete(`/${name}/:roomId`, middleware.ensureLoggedIn, controllers.rooms.removeRoom);',
      '};',
    ].join('\n'),
    'routes/admin.js': [
      'module.exports = function (app, name, middleware, controllers) {',
      '  app.get(`/${name}/rooms`, middleware.admin.checkPrivileges, controllers.rooms.listRooms);',
      '};',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      "const middleware = require('./middleware');",
      "const controllers = require('./controllers');",
      "const mounts = { rooms: require('./routes/rooms'), admin: require('./routes/admin') };",
      'const app = express();',
      'Object.keys(mounts).forEach((mount) => mounts[mount](app, mount, middleware, controllers));',
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'controllers/rooms.js:3 warning DELETE `/${name}/:roomId`: Rooms.removeRoom',
    'controllers/rooms.js:4 info GET `/${name}/rooms` (admin only): Rooms.listRooms',
    'controllers/rooms.js:5 info Rooms.roomStats',
  ]);
});

test('a handler taken by its (req, res) shape that a registered route calls starts its chain at the route', () => {
  // Linkwarden's pages/api: the default export dispatches on the method to handleGet(req, res) and handlePost(req, res).
  const findings = analyseTempProject({
    'pages/api/v1/archives/index.ts': [
      "import fs from 'fs';",
      'async function handlePost(req: any, res: any) { res.json(fs.readFileSync(`/archives/${req.body.id}`)); }',
      'async function handleLegacy(req: any, res: any) { res.json(fs.readFileSync(`/legacy/${req.body.id}`)); }',
      'export default async function Index(req: any, res: any) {',
      "  if (req.method === 'POST') await handlePost(req, res);",
      '}',
      'export { handleLegacy };',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.chain.map((s) => s.symbol).join(' → ')}`), [
    'pages/api/v1/archives/index.ts:2 Next.js API route pages/api/v1/archives/index.ts: Index → handlePost',
    // Called by no route: its shape is all there is, so the chain starts at it.
    'pages/api/v1/archives/index.ts:3 handleLegacy',
  ]);
});
