// Routers mounted under a path (`app.use('/api/convos', require('./routes/convos'))`): a chain starts at the full
// path the route answers on, through every level of mounting, and a path under /admin makes the route rare. Each case
// is a small Express project analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const summary = (f: Finding): string => `${f.file}:${f.line} ${f.severity} ${f.chain[0]?.symbol}`;

/** A router module: `router.<verb>(path, handler)` reading a file synchronously, exported as the module (CommonJS). */
const routerFile = (verb: string, path: string): string => [
  "const fs = require('fs');",
  "const router = require('express').Router();",
  `router.${verb}('${path}', (req, res) => { res.send(fs.readFileSync('/data/' + req.params.id)); });`,
  'module.exports = router;',
].join('\n');

test('a router mounted under a path gives its routes the full path, through nested mounts', () => {
  const findings = analyseTempProject({
    'routes/convos.js': routerFile('delete', '/:id'),
    // A module whose function returns its router (NodeBB's `require('./posts')()`), mounted by a mounted router.
    'routes/v3/posts.js': [
      "const fs = require('fs');",
      "const router = require('express').Router();",
      'module.exports = function () {',
      "  router.put('/:id/vote', (req, res) => { res.send(fs.readFileSync('/votes/' + req.params.id)); });",
      '  return router;',
      '};',
    ].join('\n'),
    'routes/v3/index.js': [
      "const router = require('express').Router();",
      "router.use('/posts', require('./posts')());",
      'module.exports = router;',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      'const app = express();',
      "app.use('/api/convos', require('./routes/convos'));",
      "app.use('/api/v3', require('./routes/v3'));",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'routes/convos.js:3 warning DELETE /api/convos/:id',
    'routes/v3/posts.js:4 warning PUT /api/v3/posts/:id/vote',
  ]);
});

test('a route registered under an array of paths is named by its first path, under its mount', () => {
  const findings = analyseTempProject({
    'routes/predictions.js': [
      "const fs = require('fs');",
      "const router = require('express').Router();",
      "router.post(['/', '/:id'], (req, res) => { res.send(fs.readFileSync('/flows/' + req.params.id)); });",
      'module.exports = router;',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      'const app = express();',
      "app.use('/api/v1/prediction', require('./routes/predictions'));",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['routes/predictions.js:3 warning POST /api/v1/prediction']);
});

test('a module whose module.exports is the handler, given to a route by name, starts at that route under its mount', () => {
  const findings = analyseTempProject({
    'controllers/chat.js': [
      "const fs = require('fs');",
      'module.exports = async (req, res) => { res.send(fs.readFileSync(`/threads/${req.body.threadId}`)); };',
    ].join('\n'),
    'routes/chat.js': [
      "const router = require('express').Router();",
      "const validate = (req, res, next) => next();",
      "const chatController = require('../controllers/chat');",
      "router.post('/', validate, chatController);",
      'module.exports = router;',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      "const chat = require('./routes/chat');",
      'const app = express();',
      "app.use('/api/chat', chat);",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['controllers/chat.js:2 warning POST /api/chat: module.exports']);
});

test('a router mounted under /admin is admin only: its findings are notes', () => {
  const findings = analyseTempProject({
    'routes/admin.js': routerFile('get', '/stats/:id'),
    'routes/public.js': routerFile('get', '/posts/:id'),
    'app.js': [
      "const express = require('express');",
      "const admin = require('./routes/admin');",
      "const pub = require('./routes/public');",
      'const app = express();',
      "app.use('/api/admin', admin);",
      "app.use('/api', pub);",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'routes/admin.js:3 info GET /api/admin/stats/:id (admin only)',
    'routes/public.js:3 warning GET /api/posts/:id',
  ]);
});

test('a router mounted under two different paths keeps the paths its file writes', () => {
  const findings = analyseTempProject({
    'routes/files.js': routerFile('get', '/:id'),
    'app.js': [
      "const express = require('express');",
      "const files = require('./routes/files');",
      'const app = express();',
      "app.use('/files', files);",
      "app.use('/api/files', files);",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['routes/files.js:3 warning GET /:id']);
});

/** A module exporting a function that registers `router.<verb>(path, ...)` on the router it is given. */
const endpointsFile = (name: string, verb: string, path: string): string => [
  "const fs = require('fs');",
  `function ${name}(router) {`,
  `  router.${verb}('${path}', (req, res) => { res.send(fs.readFileSync('/data/' + req.params.id)); });`,
  '}',
  `module.exports = { ${name} };`,
].join('\n');

test('a mounted router handed to a function of another file gives that file its mount path, also when handed on', () => {
  const findings = analyseTempProject({
    'endpoints/system.js': endpointsFile('systemEndpoints', 'get', '/system/logo/:id'),
    'endpoints/api/workspace.js': endpointsFile('apiWorkspaceEndpoints', 'post', '/v1/workspace/:id'),
    // Hands on the router it is given (its second parameter); the first, `app`, is the application itself, and what
    // it is handed to keeps its own paths.
    'endpoints/api/index.js': [
      "const { apiWorkspaceEndpoints } = require('./workspace');",
      "const { helperEndpoints } = require('../helpers');",
      'function developerEndpoints(app, router) {',
      '  apiWorkspaceEndpoints(router);',
      '  helperEndpoints(app);',
      '}',
      'module.exports = { developerEndpoints };',
    ].join('\n'),
    'endpoints/helpers.js': endpointsFile('helperEndpoints', 'get', '/helper/:id'),
    'endpoints/app-level.js': endpointsFile('appEndpoints', 'get', '/health/:id'),
    'index.js': [
      "const express = require('express');",
      "const { systemEndpoints } = require('./endpoints/system');",
      "const { developerEndpoints } = require('./endpoints/api');",
      "const { appEndpoints } = require('./endpoints/app-level');",
      'const app = express();',
      'const apiRouter = express.Router();',
      "app.use('/api', apiRouter);",
      'systemEndpoints(apiRouter);',
      'developerEndpoints(app, apiRouter);',
      'appEndpoints(app);',
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'endpoints/api/workspace.js:3 warning POST /api/v1/workspace/:id',
    'endpoints/app-level.js:3 warning GET /health/:id',
    'endpoints/helpers.js:3 warning GET /helper/:id',
    'endpoints/system.js:3 warning GET /api/system/logo/:id',
  ]);
});

test('a file with two routers mounted under different paths gives each router its own path, and what each mounts', () => {
  const findings = analyseTempProject({
    // LibreChat's routes/agents/v1.js: `module.exports = { v1: router, avatar }`, mounted apart.
    'routes/agents/v1.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'const router = express.Router();',
      'const avatar = express.Router();',
      "router.use('/tools', require('./tools'));",
      "router.get('/:id', (req, res) => { res.send(fs.readFileSync('/agents/' + req.params.id)); });",
      "avatar.post('/:id/avatar', (req, res) => { res.send(fs.readFileSync('/avatars/' + req.params.id)); });",
      'module.exports = { v1: router, avatar };',
    ].join('\n'),
    'routes/agents/tools.js': routerFile('post', '/:toolId/call'),
    // GrowthBook's config.router.ts: two routers exported under other names.
    'routes/config.ts': [
      "import fs from 'fs';",
      "import { Router } from 'express';",
      'const router = Router();',
      'const draftStatesRouter = Router();',
      "router.post('/', (req, res) => { res.send(fs.readFileSync('/configs/new')); });",
      "draftStatesRouter.get('/', (req, res) => { res.send(fs.readFileSync('/configs/drafts')); });",
      'export { router as configsRouter, draftStatesRouter as configDraftStatesRouter };',
    ].join('\n'),
    // A router of the app's own file, mounted there; and one an async builder resolves to.
    'routes/files.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'async function initialize() {',
      '  const router = express.Router();',
      "  router.post('/images', (req, res) => { res.send(fs.readFileSync('/images/' + req.params.id)); });",
      '  return router;',
      '}',
      'module.exports = { initialize };',
    ].join('\n'),
    'app.ts': [
      "import fs from 'fs';",
      "import express from 'express';",
      "import { configsRouter, configDraftStatesRouter } from './routes/config';",
      "const { v1, avatar } = require('./routes/agents/v1');",
      "const files = require('./routes/files');",
      'async function start() {',
      '  const app = express();',
      '  const health = express.Router();',
      "  health.get('/live', (req, res) => { res.send(fs.readFileSync('/health')); });",
      "  app.use('/api/agents', v1);",
      "  app.use('/api/files/images/agents', avatar);",
      "  app.use('/configs', configsRouter);",
      "  app.use('/configs-draft-states', configDraftStatesRouter);",
      "  app.use('/api/files', await files.initialize());",
      "  app.use('/health', health);",
      '  app.listen(3000);',
      '}',
      'start();',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    'app.ts:9 warning GET /health/live',
    'routes/agents/tools.js:3 warning POST /api/agents/tools/:toolId/call',
    'routes/agents/v1.js:6 warning GET /api/agents/:id',
    'routes/agents/v1.js:7 warning POST /api/files/images/agents/:id/avatar',
    'routes/config.ts:5 warning POST /configs',
    'routes/config.ts:6 warning GET /configs-draft-states',
    'routes/files.js:5 warning POST /api/files/images',
  ]);
});

test('a router of the module mounted in its own file: its routes answer under the mount path', () => {
  const findings = analyseTempProject({
    'app.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'const app = express();',
      'const api = express.Router();',
      "api.get('/status', (req, res) => { res.send(fs.readFileSync('/status')); });",
      "app.get('/', (req, res) => { res.send(fs.readFileSync('/index.html')); });",
      "api.get('/', (req, res) => { res.send(fs.readFileSync('/api.html')); });",
      "app.use('/api/', api);",
      'app.listen(3000);',
    ].join('\n'),
  });
  // Mounted at '/api/': its '/' answers at /api.
  assert.deepEqual(findings.map(summary), ['app.js:5 warning GET /api/status', 'app.js:6 warning GET /', 'app.js:7 warning GET /api']);
});

test('a middleware function mounted beside a router does not mount its file: its other routes keep their paths', () => {
  const findings = analyseTempProject({
    // Flowise: `app.use('/admin/queues', rateLimiter, verifyTokenForBullMQDashboard, board)` with the verifier
    // exported by the file that also registers the refresh-token route on the app it is given.
    'auth.js': [
      "const fs = require('fs');",
      'function initializeAuth(app) {',
      "  app.post('/api/v1/auth/refreshToken', (req, res) => { res.send(fs.readFileSync('/keys/' + req.body.kid)); });",
      '}',
      'function verifyTokenForDashboard(req, res, next) { next(); }',
      'module.exports = { initializeAuth, verifyTokenForDashboard };',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      "const { initializeAuth, verifyTokenForDashboard } = require('./auth');",
      'const app = express();',
      'const board = express.Router();',
      'initializeAuth(app);',
      "app.use('/admin/queues', verifyTokenForDashboard, board);",
      'app.listen(3000);',
    ].join('\n'),
  });
  // Not `POST /admin/queues/api/v1/auth/refreshToken (admin only)`, a note.
  assert.deepEqual(findings.map(summary), ['auth.js:3 warning POST /api/v1/auth/refreshToken']);
});
