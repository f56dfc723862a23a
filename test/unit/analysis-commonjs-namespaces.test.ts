// Judgements made after reading NodeBB (held out from the rules' tuning): CommonJS modules built by assigning members to
// `module.exports` one at a time, mixin files that add members to the object a module exports, a project function
// its code drops by habit, route look-alikes that are database keys, and upgrade scripts. Each case is a small project
// analysed as `check` would, from syntax alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { CONVENTION_SITES } from '../../src/analysis/dropped-by-convention';
import { analyzePaths } from '../../src/analysis';
import { analyseTempProject } from './analyse-temp-project';
import { tempProject } from './temp-project';

const analyse = analyseTempProject;

const summary = (f: Finding): string => `${f.file}:${f.line} ${f.rule} ${f.severity}`;

/** An Express app: its requires, then its routes, between `const app = express()` and `app.listen()`; lines as given. */
const expressApp = (requires: string[], routes: string[]): string =>
  ["const express = require('express');", ...requires, 'const app = express();', ...routes, 'app.listen(3000);'].join('\n');

const DB = [
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'exports.set = async (k, v) => pool.query("update kv set v = $2 where k = $1", [k, v]);',
].join('\n');

test('a member assigned to the module.exports object is an export: its dropped promise is reported in the caller', () => {
  const findings = analyse({
    'db.js': DB,
    'helpers.js': [
      "const db = require('./db');",
      'const Helpers = module.exports;',
      'Helpers.notify = async function (uid) {',
      '  await db.set(uid, Date.now());',
      '};',
      // Assigned before its declaration is reached: function declarations are hoisted.
      'Helpers.touch = touch;',
      'async function touch(uid) { await db.set(`seen:${uid}`, 1); }',
    ].join('\n'),
    'app.js': expressApp(["const helpers = require('./helpers');"], [
      "app.post('/notify', async (req, res) => {",
      '  helpers.notify(req.body.uid);',
      '  helpers.touch(req.body.uid);',
      '  res.json({});',
      '});',
    ]),
  });
  assert.deepEqual(findings.map(summary), ['app.js:5 no-floating-promise warning', 'app.js:6 no-floating-promise warning']);
  assert.match(findings[0].message, /helpers\.notify\(\)/);
  assert.equal(findings[0].chain[0].symbol, 'POST /notify');
});

test('exports.name = ... and module.exports.name = ... export members the same way', () => {
  const findings = analyse({
    'db.js': DB,
    'jobs.js': [
      "const db = require('./db');",
      'exports.record = async function (e) { await db.set(e.id, e); };',
      'module.exports.forget = async function (id) { await db.set(id, null); };',
    ].join('\n'),
    'app.js': expressApp(["const { record } = require('./jobs');", "const jobs = require('./jobs');"], [
      "app.post('/e', (req, res) => { record(req.body); jobs.forget(req.body.id); res.end(); });",
    ]),
  });
  assert.deepEqual(findings.map((f) => `${f.line}:${f.column}`), ['5:32', '5:50']);
});

test('a mixin file adds members to the object its module exports: calls through the module reach them', () => {
  const files = {
    'db.js': DB,
    'topics/index.js': [
      'const Topics = module.exports;',
      "require('./create')(Topics);",
      'Topics.exists = async function (tid) { return tid > 0; };',
    ].join('\n'),
    'topics/create.js': [
      "const db = require('../db');",
      'module.exports = function (Topics) {',
      '  Topics.notifyNew = async function (uid) {',
      '    await db.set(`notified:${uid}`, 1);',
      '  };',
      '  Topics.reply = async function (uid) {',
      '    Topics.notifyNew(uid);',
      '  };',
      '};',
    ].join('\n'),
    'app.js': expressApp(["const topics = require('./topics');"], [
      "app.post('/reply', async (req, res) => {",
      '  await topics.reply(req.body.uid);',
      '  topics.notifyNew(req.body.uid);',
      '  res.json({});',
      '});',
    ]),
  };
  const findings = analyse(files);
  assert.deepEqual(findings.map(summary), ['app.js:6 no-floating-promise warning', 'topics/create.js:7 no-floating-promise warning']);
  // The chain runs from the route through the mixin's member, named as it is assigned.
  assert.deepEqual(findings[1].chain.map((s) => s.symbol), ['POST /reply', 'Topics.reply']);
  // Without the hand-over, create.js's members are nobody's exports.
  const unlinked = analyse({ ...files, 'topics/index.js': 'const Topics = module.exports;\nTopics.exists = async function (tid) { return tid > 0; };' });
  assert.deepEqual(unlinked.map(summary), []);
});

test("inside a mixin, a member of its parameter is the host module's, which another mixin may add: Posts.diffs.save", () => {
  const files = {
    'db.js': DB,
    'posts/index.js': ['const Posts = module.exports;', "require('./edit')(Posts);", "require('./diffs')(Posts);"].join('\n'),
    'posts/edit.js': [
      'module.exports = function (Posts) {',
      '  Posts.edit = async function (data) {',
      '    await Posts.diffs.save(data);',
      '    await Posts.purgeCache(data.pid);',
      '    await record(data.log);',
      '  };',
      '};',
      // Not the mixin: a helper's first parameter is whatever its callers give it.
      'async function record(log) { await log.audit(1); }',
    ].join('\n'),
    'posts/diffs.js': [
      "const db = require('../db');",
      'module.exports = function (Posts) {',
      '  const Diffs = {};',
      '  Posts.diffs = Diffs;',
      '  Diffs.save = async function (data) {',
      '    db.set(`diff:${data.pid}`, data.content);',
      '  };',
      '  Posts.purgeCache = async function (pid) {',
      '    db.set(`cache:${pid}`, null);',
      '  };',
      '  Posts.audit = async function (n) {',
      '    db.set(`audit:${n}`, n);',
      '  };',
      '};',
    ].join('\n'),
    'app.js': expressApp(["const posts = require('./posts');"], [
      "app.put('/posts/:pid', async (req, res) => { await posts.edit(req.body); res.end(); });",
    ]),
  };
  const findings = analyse(files);
  assert.deepEqual(findings.map(summary), ['posts/diffs.js:6 no-floating-promise warning', 'posts/diffs.js:9 no-floating-promise warning']);
  assert.deepEqual(findings.map((f) => f.chain.map((s) => s.symbol).join(' → ')), [
    'PUT /posts/:pid → Posts.edit → Diffs.save',
    'PUT /posts/:pid → Posts.edit → Posts.purgeCache',
  ]);
  // A mixin two modules apply to themselves has no one host: its parameter's members are not followed.
  const drafts = ['const Drafts = module.exports;', "require('../posts/edit')(Drafts);", "require('../posts/diffs')(Drafts);"];
  const twoHosts = analyse({ ...files, 'drafts/index.js': drafts.join('\n') });
  assert.deepEqual(twoHosts.map(summary), []);
});

test('a parameter is not taken for a mixin object unless the function assigns it members', () => {
  // `Topics.getData` is assigned in another mixin file: unknown here, so nothing is said about it.
  const findings = analyse({
    'db.js': DB,
    'topics/index.js': ['const Topics = module.exports;', "require('./read')(Topics);"].join('\n'),
    'topics/read.js': [
      'module.exports = function (Topics) {',
      '  Topics.read = async function (tid) {',
      '    Topics.getData(tid);',
      '  };',
      '};',
    ].join('\n'),
    'app.js': expressApp(["const topics = require('./topics');"], [
      "app.get('/t/:tid', async (req, res) => { await topics.read(req.params.tid); res.end(); });",
    ]),
  });
  assert.deepEqual(findings.map(summary), []);
});

test(`a project function dropped at ${CONVENTION_SITES} or more places is one note for them all: a convention`, () => {
  const controllers = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => `app.post('/c${i}', async (req, res) => { helpers.respond(200, res, {}); });`);
  const files = (n: number): Record<string, string> => ({
    'db.js': DB,
    'helpers.js': [
      "const db = require('./db');",
      'const helpers = module.exports;',
      'helpers.respond = async (status, res, payload) => {',
      '  if (status >= 400) await db.set(`error:${status}`, payload);',
      '  res.status(status).json(payload);',
      '};',
    ].join('\n'),
    'app.js': expressApp(["const helpers = require('./helpers');"], controllers(n)),
  });
  const few = analyse(files(CONVENTION_SITES - 1));
  assert.equal(few.length, CONVENTION_SITES - 1);
  assert.ok(few.every((f) => f.severity === 'warning' && !/one note for/.test(f.message)));
  const many = analyse(files(CONVENTION_SITES + 2));
  assert.deepEqual(many.map(summary), ['app.js:4 no-floating-promise info']);
  assert.match(many[0].message, new RegExp(`one note for the ${CONVENTION_SITES + 2} places in this project that drop the promise of helpers\\.respond`));
  // The other places go with the note, each where it drops the promise.
  assert.deepEqual(many[0].related?.map((r) => `${r.file}:${r.line}`), Array.from({ length: CONVENTION_SITES + 1 }, (_, i) => `app.js:${i + 5}`));
  assert.match(many[0].related![0].message, /helpers\.respond\(\) dropped here too/);
});

test('a method called with a template key that is not a path is not a route: db.delete(`tid:${tid}:posters`, cb)', () => {
  const findings = analyse({
    'db.js': DB,
    'purge.js': [
      "const db = require('./db');",
      'async function setCount(tid) { await db.set(`count:${tid}`, 0); }',
      'exports.purge = function (tid) {',
      '  db.delete(`tid:${tid}:posters`, (err) => { setCount(tid); });',
      '};',
    ].join('\n'),
    'server.js': expressApp([], [
      // A route with a template path still is one.
      'const base = "/api";',
      'app.delete(`${base}/x/${1}`, async (req, res) => { setTimeout(() => {}, 1); res.end(); });',
      'app.delete(`/items/${1}`, (req, res) => { require("./purge").purge(req.params.id); res.end(); });',
    ]),
  });
  // The purge callback is a database callback, reached from the `/items` route, not a route of its own.
  assert.deepEqual(findings.map(summary), ['purge.js:4 no-floating-promise warning']);
  assert.equal(findings[0].chain[0].symbol, 'DELETE `/items/${1}`');
});

test('upgrade scripts under upgrades/ are start-up code: not even a note of unknown reach', () => {
  const p = tempProject({
    'db.js': DB,
    'upgrades/1.1.0/posters.js': [
      "const db = require('../../db');",
      'module.exports = {',
      "  name: 'Users post count per tid',",
      '  method: async function () {',
      '    for (const tid of await db.set("all", 1)) { db.set(`tid:${tid}`, 0); }',
      '  },',
      '};',
    ].join('\n'),
    'migrations/1.js': 'exports.up = async function () { require("../db").set("x", 1); };',
  });
  try {
    const findings = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: false }).findings;
    assert.deepEqual(findings.map(summary), []);
    // The same script elsewhere is an async function no entry reaches: a note.
    const moved = tempProject({ 'db.js': DB, 'jobs/posters.js': 'exports.run = async function () { require("../db").set("x", 1); };' });
    try {
      const notes = analyzePaths({ paths: [moved.dir], cwd: moved.dir, types: 'off', skipUnknownReach: false }).findings;
      assert.deepEqual(notes.map((f) => `${summary(f)} ${f.reach}`), ['jobs/posters.js:1 no-floating-promise info unknown']);
    } finally {
      moved.cleanup();
    }
  } finally {
    p.cleanup();
  }
});

test('a callback passed past the parameters an async function declares is its callback form: no promise is dropped', () => {
  const findings = analyse({
    'db.js': DB,
    // NodeBB runs each module through a promisify helper that calls back when the last argument is a function.
    'events.js': [
      "const db = require('./db');",
      'const events = module.exports;',
      'events.deleteEvents = async function (eids) { await db.set(eids, null); };',
    ].join('\n'),
    'sockets.js': [
      "const events = require('./events');",
      "const io = require('socket.io')();",
      "io.on('connection', (socket) => {",
      "  socket.on('events.delete', (eids, callback) => { events.deleteEvents(eids, callback); });",
      "  socket.on('events.deleteSome', (eids, callback) => { events.deleteEvents(eids); callback(); });",
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['sockets.js:5 no-floating-promise warning']);
});

test('a function that returns Promise.resolve() or a promise whose executor cannot reject cannot fail', () => {
  const files = (resolved: string): Record<string, string> => ({
    'minifier.js': [
      'let pending = 0;',
      'exports.killAll = function () {',
      '  if (pending > 0) return new Promise((resolve) => { setTimeout(resolve, 50); });',
      `  return ${resolved};`,
      '};',
    ].join('\n'),
    'app.js': expressApp(["const minifier = require('./minifier');"], [
      "app.get('/css', async (req, res) => { minifier.killAll(); res.end(); });",
    ]),
  });
  assert.deepEqual(analyse(files('Promise.resolve()')).map(summary), []);
  // Promise.resolve(x) adopts x, which may be a promise that rejects.
  assert.deepEqual(analyse(files('Promise.resolve(globalThis.pendingWork)')).map(summary), ['app.js:4 no-floating-promise warning']);
});

test('a call by computed key into a module of handlers reaches each handler, unless the table is too big to mean anything', () => {
  const files = (extra: number): Record<string, string> => ({
    'db.js': DB,
    'inbox.js': [
      "const db = require('./db');",
      'const inbox = module.exports;',
      'inbox.like = async (req) => { notifyOwner(req.body.id); };',
      'inbox.follow = async (req) => { await db.set(req.body.actor, 1); };',
      ...Array.from({ length: extra }, (_, i) => `inbox.other${i} = async (req) => req;`),
      'async function notifyOwner(id) { await db.set(`n:${id}`, 1); }',
    ].join('\n'),
    'app.js': expressApp(["const inbox = require('./inbox');"], [
      "app.post('/inbox', async (req, res) => { await inbox[req.body.type.toLowerCase()](req); res.end(); });",
    ]),
  });
  const findings = analyse(files(0));
  assert.deepEqual(findings.map(summary), ['inbox.js:3 no-floating-promise warning']);
  assert.deepEqual(findings[0].chain.map((s) => s.symbol), ['POST /inbox', 'inbox.like']);
  // Etherpad's HTTP API dispatches over the 48 functions of its API module: still a table of handlers.
  assert.deepEqual(analyse(files(47)).map(summary), ['inbox.js:3 no-floating-promise warning']);
  assert.deepEqual(analyse(files(64)).map(summary), []);
});

test('past a check that refuses all but administrators and moderators, a finding is a note naming the check', () => {
  const files = (guard: string[]): Record<string, string> => ({
    'db.js': DB,
    'topics.js': [
      "const db = require('./db');",
      'exports.isAdminOrMod = async (tid, uid) => (await db.set(`mods:${tid}`, uid)) !== null;',
      'exports.pushUnreadCount = async (uid) => { await db.set(`unread:${uid}`, 0); };',
    ].join('\n'),
    'api.js': [
      "const topics = require('./topics');",
      'exports.bump = async (caller, { tid }) => {',
      ...guard,
      '  topics.pushUnreadCount(caller.uid);',
      '};',
    ].join('\n'),
    'app.js': expressApp(["const api = require('./api');"], ["app.put('/topics/:tid/bump', async (req, res) => { await api.bump(req.user, req.params); res.end(); });"]),
  });
  const guarded = analyse(files(['  const isAdminOrMod = await topics.isAdminOrMod(tid, caller.uid);', "  if (!isAdminOrMod) throw new Error('no-privileges');"]));
  assert.deepEqual(guarded.map(summary), ['api.js:5 no-floating-promise info']);
  assert.match(guarded[0].message, /only administrators and moderators get past the check at line 4\)$/);
  // A check of another kind (the caller may read the topic) leaves the work on every user's path.
  const other = analyse(files(['  const canRead = await topics.canRead(tid, caller.uid);', "  if (!canRead) throw new Error('no-privileges');"]));
  assert.deepEqual(other.map(summary), ['api.js:5 no-floating-promise warning']);
  // Nor does a check whose failure does not leave the function.
  const logged = analyse(files(['  const isAdminOrMod = await topics.isAdminOrMod(tid, caller.uid);', "  if (!isAdminOrMod) console.warn('not a moderator');"]));
  assert.deepEqual(logged.map(summary), ['api.js:5 no-floating-promise warning']);
});

test('a sync function returning a library call fails only for callers that await it: a command on its value cannot reject', () => {
  const findings = analyse({
    'sockets.js': [
      "const server = require('socket.io')();",
      'const Sockets = module.exports;',
      'Sockets.server = server;',
      // NodeBB's Sockets.in: what the library returns, behind a guard.
      'Sockets.in = function (room) { return Sockets.server && Sockets.server.in(room); };',
    ].join('\n'),
    'unread.js': [
      "const io = require('./sockets');",
      'exports.push = async (uids) => { uids.forEach((uid) => { io.in(`uid_${uid}`).emit("unread", 1); }); };',
      'exports.pushAwaited = async (room) => { await io.in(room); };',
    ].join('\n'),
    'app.js': expressApp(["const unread = require('./unread');"], [
      "app.post('/mark', async (req, res) => {",
      '  unread.push([req.body.uid]);',
      '  unread.pushAwaited(req.body.room);',
      '  res.json({});',
      '});',
    ]),
  });
  assert.deepEqual(findings.map(summary), ['app.js:6 no-floating-promise warning']);
});

test("a socket.io server's allowRequest option runs per handshake, written in place or in a named options object", () => {
  const findings = analyse({
    'db.js': DB,
    'sockets.js': [
      "const db = require('./db');",
      "const { Server } = require('socket.io');",
      "const server = require('http').createServer();",
      'async function authorize(req, callback) { await db.set(req.url, 1); callback(null); }',
      'const opts = {',
      '  cookie: false,',
      '  allowRequest: (req, callback) => { authorize(req, callback); },',
      '};',
      'const io = new Server();',
      'io.listen(server, opts);',
      "new Server(server, { allowRequest: (req, callback) => { authorize(req, callback); } });",
      // Not a server's option: an object nobody hands to a server.
      'const unused = { allowRequest: (req, callback) => { authorize(req, callback); } };',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['sockets.js:7 no-floating-promise warning', 'sockets.js:11 no-floating-promise warning']);
  assert.equal(findings[0].chain[0].symbol, 'allowRequest (per connection): opts.allowRequest');
});
