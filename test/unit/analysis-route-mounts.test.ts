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
