// Library clients whose methods return promises (promise-clients.ts): an un-awaited command on an ioredis client is a
// floating promise, known from the import alone, whether the client is made with `new`, typed through a type-only
// default import, or a named export; its methods that return no promise (listeners, duplicate, pipeline) are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { tempProject } from './temp-project';

function floating(files: Record<string, string>): string[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true })
      .findings.filter((f: Finding) => f.rule === 'no-floating-promise')
      .map((f) => `${f.file}:${f.line} ${f.severity}`);
  } finally {
    p.cleanup();
  }
}

test('un-awaited ioredis commands on a request path are floating promises; its non-promise methods are not', () => {
  const found = floating({
    'routes.ts': [
      "import express from 'express';",
      "import Redis from 'ioredis';",
      "import { Cluster } from 'ioredis';",
      "import type RedisClient from 'ioredis';",
      'const redis = new Redis();',
      'const cluster = new Cluster([]);',
      'class Presence {',
      '  constructor(private pub: RedisClient) {}',
      "  seen(id: string) { this.pub.publish('presence', id); }", // 9: typed through the type-only default import
      '}',
      'const presence = new Presence(redis.duplicate());',
      'const app = express();',
      "app.post('/seen/:id', (req, res) => {",
      "  redis.set(`seen:${req.params.id}`, Date.now());", // 14
      "  cluster.expire('seen', 60);", // 15
      '  presence.seen(req.params.id);',
      "  redis.on('error', () => {});",
      '  redis.pipeline();',
      '  const copy = redis.duplicate();',
      "  void redis.del('x');", // marked with void: accepted, as ESLint does
      "  redis.incr('hits', (err) => { if (err) console.error(err); });", // a callback: its rejection is the callback's
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(found.sort(), ['routes.ts:14 warning', 'routes.ts:15 warning', 'routes.ts:9 warning']);
});

test('a package that is not a catalogued client stays unknown without types', () => {
  const found = floating({
    'routes.ts': [
      "import express from 'express';",
      "import { createClient } from 'redis';",
      'const client = createClient();',
      'const app = express();',
      "app.post('/x', (req, res) => { client.set('k', 'v'); res.end(); });",
    ].join('\n'),
  });
  assert.deepEqual(found, []);
});

// Overleaf's web app: `RedisWrapper.client('pubsub')` (a member of another file's default-exported object) makes the
// client, and `EditorRealTimeController.emitToRoom` (a method written in an exported object) returns its publish.
test('a method of an exported object that returns a client command is a promise, its client made by another file', () => {
  const found = floating({
    'redis-wrapper.mjs': [
      "import Redis from 'ioredis';",
      'function client(feature) {',
      '  const c = new Redis({ feature });',
      '  return c;',
      '}',
      'export default { client };',
    ].join('\n'),
    'realtime.mjs': [
      "import RedisWrapper from './redis-wrapper.mjs';",
      "const rclient = RedisWrapper.client('pubsub');",
      'const RealTime = {',
      '  emitToRoom(room, message) {',
      '    return rclient.publish(room, JSON.stringify(message));',
      '  },',
      '  lock(key, callback) {',
      "    return rclient.set(key, '1', 'EX', 30, 'NX', (err, ok) => callback(err, ok === 'OK'));", // a callback: its promise is handled
      '  },',
      '};',
      'export default RealTime;',
    ].join('\n'),
    'chat.mjs': [
      "import express from 'express';",
      "import RealTime from './realtime.mjs';",
      'const app = express();',
      "app.post('/project/:id/messages', (req, res) => {",
      "  RealTime.emitToRoom(req.params.id, 'new-chat-message');", // 5
      "  RealTime.lock(req.params.id, () => {});",
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(found, ['chat.mjs:5 warning']);
});

// The whole of Overleaf's chain: a workspace library (CommonJS) makes the client, either kind of ioredis client; the web
// app's wrapper returns what the library's createClient returns; the controller is `export default X = { ... }`.
test('a client returned through another file\'s wrapper of a workspace library, by a decaffeinated default export', () => {
  const found = floating({
    'libraries/redis-wrapper/package.json': JSON.stringify({ name: '@acme/redis-wrapper', main: 'index.js' }),
    'libraries/redis-wrapper/index.js': [
      "const Redis = require('ioredis');",
      'function createClient(opts) {',
      '  let client;',
      '  if (opts.cluster) client = new Redis.Cluster(opts.cluster, opts);',
      '  else client = new Redis(opts);',
      '  return client;',
      '}',
      'module.exports = { createClient };',
    ].join('\n'),
    'web/package.json': JSON.stringify({ name: '@acme/web', dependencies: { '@acme/redis-wrapper': '*' } }),
    'web/redis-wrapper.mjs': [
      "import redis from '@acme/redis-wrapper';",
      'function client(feature) {',
      '  const c = redis.createClient({ feature });',
      '  return c;',
      '}',
      'export default { client };',
    ].join('\n'),
    'web/realtime.mjs': [
      "import RedisWrapper from './redis-wrapper.mjs';",
      'let RealTime;',
      "const rclient = RedisWrapper.client('pubsub');",
      'export default RealTime = {',
      '  emitToRoom(room, message) {',
      '    return rclient.publish(room, message);',
      '  },',
      '};',
    ].join('\n'),
    'web/chat.mjs': [
      "import express from 'express';",
      "import RealTime from './realtime.mjs';",
      'const app = express();',
      "app.post('/project/:id/messages', (req, res) => {",
      "  RealTime.emitToRoom(req.params.id, 'new-chat-message');", // 5
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(found, ['web/chat.mjs:5 warning']);
});
