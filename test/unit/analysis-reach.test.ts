// The hot-path model's judgements that the fixture markers cannot state: severity by cost and by route
// (metadata calls, admin-only routes, fan-out without evidence of size, polynomial regexes are notes), routes
// that never serve production, entries that are not what they look like (an HTTP client's response callback),
// and the links the walk makes beyond plain calls (getters, dynamic dispatch over subclasses, a timer loop through
// a timer package, lazy init by a call). Each case is a small project analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { tempProject } from './temp-project';

function analyse(files: Record<string, string>): Finding[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
  } finally {
    p.cleanup();
  }
}

const summary = (f: Finding): string => `${f.line} ${f.rule} ${f.severity}${f.reach ? ` ${f.reach}` : ''}`;
/**
 * A fan-out finding also says whether the list is sized by data (its message has no "(if …)" or other qualifier):
 * the rule is a note either way unless the list is the request's own input, so the evidence shows in the message.
 */
const fanOut = (f: Finding): string =>
  `${summary(f)}${f.rule === 'no-unbounded-promise-all' && !/ \((if |a recursive walk|queries on one transaction|a backfill)/.test(f.message) ? ' sized' : ''}`;

test('a metadata fs call on a request path is info, a bulk read a warning', () => {
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      "app.get('/x', (req, res) => {",
      "  if (fs.existsSync('x')) res.end(fs.readFileSync('x'));",
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['4 no-sync-io-in-hot-path info', '4 no-sync-io-in-hot-path warning']);
  assert.match(findings[0].message, /^existsSync blocks the event loop briefly on a request path/);
});

test('a key derivation on a request path is a warning, an RSA or EC key operation a note that names its cost', () => {
  const findings = analyse({
    'app.js': [
      "const crypto = require('crypto');",
      "const jwt = require('jsonwebtoken');",
      "const app = require('express')();",
      "app.post('/x', (req, res) => {",
      "  const key = crypto.scryptSync(req.body.password, 'salt', 64);",
      "  const sig = crypto.sign('RSA-SHA256', Buffer.from(req.body.text), process.env.PRIVATE_KEY);",
      '  const sealed = crypto.privateEncrypt(process.env.PRIVATE_KEY, Buffer.from(req.body.text));',
      "  const token = jwt.sign({ id: 1 }, process.env.PRIVATE_KEY, { algorithm: 'RS256' });",
      '  res.json({ key, sig, sealed, token });',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    '5 no-blocking-crypto-in-hot-path warning',
    '6 no-blocking-crypto-in-hot-path info',
    '7 no-blocking-crypto-in-hot-path info',
    '8 no-blocking-crypto-in-hot-path info',
  ]);
  for (const f of findings.slice(1)) assert.match(f.message, /one key operation: about 0\.3 ms with a 2048-bit RSA key/);
});

test('a library that builds a whole DOM or decodes an image is a warning that names its cost; one whose cost follows its input a note', () => {
  const findings = analyse({
    'app.js': [
      "const { JSDOM } = require('jsdom');",
      "const { Readability } = require('@mozilla/readability');",
      "const Jimp = require('jimp');",
      "const cheerio = require('cheerio');",
      "const app = require('express')();",
      "app.post('/x', async (req, res) => {",
      '  const dom = new JSDOM(req.body.html);',
      '  const article = new Readability(dom.window.document).parse();',
      '  const image = await Jimp.read(req.body.image);',
      '  image.resize(256, Jimp.AUTO);',
      "  const thumb = await image.getBufferAsync('image/jpeg');",
      '  const $ = cheerio.load(req.body.html);',
      '  res.json({ html: dom.serialize(), article, thumb, title: $(\'title\').text() });',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    '7 no-cpu-heavy-library-in-hot-path warning',
    '8 no-cpu-heavy-library-in-hot-path warning',
    '9 no-cpu-heavy-library-in-hot-path warning',
    '10 no-cpu-heavy-library-in-hot-path info',
    '11 no-cpu-heavy-library-in-hot-path warning',
    '12 no-cpu-heavy-library-in-hot-path info',
    '13 no-cpu-heavy-library-in-hot-path info',
  ]);
  assert.match(findings[0].message, /^new JSDOM \(jsdom\) builds a whole DOM on the event loop on a request path: about 55-70 ms for a 70 KB page/);
  assert.match(findings[2].message, /^read \(jimp\) decodes the whole image in JavaScript .*: about 220 ms for a 1,024 x 768 JPEG/);
  assert.match(findings[3].message, /^resize \(jimp\) computes on the event loop on a request path for as long as its input takes/);
});

test("JSZip compressing on the loop, in slices, is a note that says so; bcryptjs's slices keep their own words", () => {
  const findings = analyse({
    'app.js': [
      "const JSZip = require('jszip');",
      "const bcrypt = require('bcryptjs');",
      "const app = require('express')();",
      "app.get('/x', async (req, res) => {",
      '  const zip = new JSZip();',
      "  zip.file('a.md', req.query.text);",
      "  res.send(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));",
      '  await bcrypt.compare(req.query.password, req.user.hash);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-cpu-heavy-library-in-hot-path info', '8 no-blocking-crypto-in-hot-path info']);
  assert.match(findings[0].message,
    /^generateAsync \(jszip\) compresses every file in JavaScript on the event loop on a request path, in slices between which other callbacks run \(23 MB of pages took/);
  assert.match(findings[1].message, /^compare \(bcryptjs\) is pure JavaScript and runs on the event loop on a request path, though it returns a promise \(in slices of up to 100 ms/);
});

test('a library call that rebuilds what could be kept (an editor schema) is a note that says to keep it', () => {
  const findings = analyse({
    'app.js': [
      "const { getSchema } = require('@tiptap/core');",
      "const StarterKit = require('@tiptap/starter-kit');",
      "const app = require('express')();",
      'const extensions = [StarterKit];',
      "app.post('/x', (req, res) => {",
      '  const schema = getSchema(extensions);',
      '  res.json(schema.nodeFromJSON(req.body.doc).textContent);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['6 no-cpu-heavy-library-in-hot-path info']);
  assert.match(findings[0].message,
    /^getSchema \(@tiptap\/core\) builds the editor schema from every extension each time it is called on a request path \(about 1-2 ms .*\); build it once .* and keep it$/);
});

test('small fixed-size fs work is info: one-file rmSync, a short readSync, a file parsed as one number', () => {
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      "app.post('/x', (req, res) => {",
      '  fs.rmSync(req.body.file);',
      '  fs.rmSync(req.body.file, { force: true });',
      '  fs.rmSync(req.body.dir, { recursive: true, force: true });',
      '  const fd = fs.openSync(req.body.file);',
      '  fs.readSync(fd, Buffer.alloc(1024), 0, 1024, 0);',
      '  fs.readSync(fd, Buffer.alloc(req.body.n), 0, req.body.n, 0);',
      "  const stamp = Number(fs.readFileSync('cached_at'));",
      "  const models = JSON.parse(fs.readFileSync('models.json', 'utf8'));",
      '  res.json({ stamp, models });',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    '4 no-sync-io-in-hot-path info',
    '5 no-sync-io-in-hot-path info',
    '6 no-sync-io-in-hot-path warning',
    '7 no-sync-io-in-hot-path info',
    '8 no-sync-io-in-hot-path info',
    '9 no-sync-io-in-hot-path warning',
    '10 no-sync-io-in-hot-path info',
    '11 no-sync-io-in-hot-path warning',
  ]);
});

test('a listing of a folder or a read of a file shipped with the code, a read used as a number and a write of one number are small', () => {
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const path = require('path');",
      "const app = require('express')();",
      "const TEMPLATES = path.join(__dirname, '..', 'templates');",
      "app.get('/templates', (req, res) => {",
      "  let dir = path.join(__dirname, 'marketplaces', 'chatflows');",
      '  const flows = fs.readdirSync(dir);',
      "  dir = path.resolve(__dirname, 'marketplaces', 'tools');",
      '  const tools = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)));',
      '  const shared = fs.readdirSync(TEMPLATES);',
      '  const uploads = fs.readdirSync(process.env.STORAGE_DIR);',
      "  let mixed = path.join(__dirname, 'a');",
      '  if (req.query.user) mixed = req.query.user;',
      '  const either = fs.readdirSync(mixed);',
      "  const cachedAt = fs.readFileSync(path.join(dir, '.cached_at'), 'utf8');",
      '  const stale = Date.now() - cachedAt > 1000;',
      "  const body = fs.readFileSync('body.txt', 'utf8');",
      '  const size = body.length - 1;',
      "  fs.writeFileSync('cached_at', String(Number(new Date())));",
      "  fs.writeFileSync('pid', `${process.pid}`);",
      "  fs.writeFileSync('models.json', JSON.stringify(req.body));",
      "  const page = fs.readFileSync(path.join(__dirname, 'error.html'), 'utf8');",
      "  const mail = fs.readFileSync(path.resolve(process.cwd(), 'templates', 'reset.html'), 'utf8');",
      '  res.json({ flows, tools, shared, uploads, either, stale, size, page, mail });',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    '7 no-sync-io-in-hot-path info',
    '9 no-sync-io-in-hot-path info',
    '9 no-sync-io-in-hot-path warning',
    '10 no-sync-io-in-hot-path info',
    '11 no-sync-io-in-hot-path warning',
    '14 no-sync-io-in-hot-path warning',
    '15 no-sync-io-in-hot-path info',
    '17 no-sync-io-in-hot-path warning',
    '19 no-sync-io-in-hot-path info',
    '20 no-sync-io-in-hot-path info',
    '21 no-sync-io-in-hot-path warning',
    '22 no-sync-io-in-hot-path info',
    '23 no-sync-io-in-hot-path info',
  ]);
  assert.match(findings[0].message, /\(a folder that ships with the code: a fixed, usually small, number of entries\)/);
  assert.match(findings[9].message, /\(it writes one number: a few bytes\)/);
  assert.match(findings[11].message, /\(a file that ships with the code \(a template, a page\)/);
});

test("fan-out over an object's keys is a note unless the object is awaited data; a list of functions is code", () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      'const save = async (k, v) => k + v;',
      'const loadMonitors = async () => ({});',
      'async function saveSettings(data) {',
      '  const writes = [];',
      '  for (const key of Object.keys(data)) writes.push(save(key, data[key]));',
      '  await Promise.all(writes);',
      '}',
      'async function sendAll() {',
      '  const monitors = await loadMonitors();',
      '  const sends = [];',
      '  for (const id in monitors) sends.push(save(id, 1));',
      '  await Promise.all(sends);',
      '}',
      'async function validate(checks, value) {',
      '  return Promise.all(checks.map((check) => check(value)));',
      '}',
      'async function purge(files) {',
      '  const thunks = [];',
      '  for (const f of files) thunks.push(() => save(f, 0));',
      '  await Promise.all(thunks.map((run) => run()));',
      '}',
      "app.post('/x', async (req, res) => {",
      '  await saveSettings(req.body); await sendAll(); await validate([], 1); await purge(req.body.files);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(fanOut), [
    '7 no-unbounded-promise-all info',
    '13 no-unbounded-promise-all info sized',
    '21 no-unbounded-promise-all info sized',
  ]);
  assert.match(findings[0].message, /if the object can have many keys/);
});

test('an admin-only route reports at info and says so in its chain; a public route to the same code wins', () => {
  const files = {
    'lib.js': "const fs = require('fs');\nexports.load = () => fs.readFileSync('settings.json', 'utf8');\n",
    'admin.js': [
      "const { load } = require('./lib');",
      "const router = require('express').Router();",
      'const requireAdmin = (req, res, next) => next();',
      "router.get('/settings', [requireAdmin], (req, res) => res.json(load()));",
      'module.exports = router;',
    ].join('\n'),
  };
  const adminOnly = analyse(files);
  assert.deepEqual(adminOnly.map(summary), ['2 no-sync-io-in-hot-path info']);
  assert.equal(adminOnly[0].chain[0].symbol, 'GET /settings (admin only)');
  const alsoPublic = analyse({ ...files, 'public.js': "const { load } = require('./lib');\nconst app = require('express')();\napp.get('/public', (req, res) => res.json(load()));\n" });
  assert.deepEqual(alsoPublic.map(summary), ['2 no-sync-io-in-hot-path warning']);
  assert.equal(alsoPublic[0].chain[0].symbol, 'GET /public');
});

test('a route whose handler closes the server it answers on (a setup wizard) is start-up code; its sibling routes are not', () => {
  const findings = analyse({
    'setup.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'class Setup {',
      '  start(port) {',
      '    return new Promise((resolve) => {',
      '      const app = express();',
      '      let tempServer;',
      "      app.post('/setup', async (request, response) => {",
      "        fs.writeFileSync('db-config.json', JSON.stringify(request.body));",
      '        response.json({ ok: true });',
      '        tempServer.close(() => resolve());',
      '      });',
      "      app.get('/setup-info', (request, response) => {",
      "        response.json(JSON.parse(fs.readFileSync('db-config.json', 'utf8')));",
      '      });',
      "      app.post('/other', (request, response) => {",
      "        fs.writeFileSync('x.json', JSON.stringify(request.body));",
      '        cache.close();',
      '        response.end();',
      '      });',
      '      tempServer = app.listen(port);',
      '    });',
      '  }',
      '}',
      'const cache = { close() {} };',
      'module.exports = { Setup };',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['14 no-sync-io-in-hot-path warning', '17 no-sync-io-in-hot-path warning']);
});

test('a setup route that destroys the server kept in a field (Wiki.js) is start-up code; one that closes a pool is not', () => {
  const findings = analyse({
    'setup.js': [
      '/* global WIKI */',
      "const fs = require('fs');",
      "const http = require('http');",
      "const app = require('express')();",
      "app.post('/finalize', async (req, res) => {",
      "  fs.writeFileSync('config.yml', JSON.stringify(req.body));",
      '  res.json({ ok: true });',
      '  WIKI.server.destroy(() => WIKI.kernel.boot());',
      '});',
      "app.post('/reset', async (req, res) => {",
      "  fs.writeFileSync('reset.json', JSON.stringify(req.body));",
      '  WIKI.pool.destroy();',
      '  res.end();',
      '});',
      'WIKI.server = http.createServer(app);',
      'WIKI.server.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['11 no-sync-io-in-hot-path warning']);
});

test('routes registered only in development or for tests are not entries, even when shaped like handlers', () => {
  const findings = analyse({
    'server.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      "const isDev = process.env.NODE_ENV === 'development';",
      'if (isDev) {',
      "  app.get('/_e2e/snapshot', async (request, response) => { fs.cpSync('db', 'db.snap'); });",
      '}',
      "app.get('/live', async (request, response) => { fs.cpSync('db', 'db.bak'); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-sync-io-in-hot-path warning']);
});

test('the branch of a production test that runs outside production registers development routes', () => {
  const findings = analyse({
    'server.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      "if (process.env.NODE_ENV === 'production') {",
      "  app.get('/docs', (req, res) => res.send(fs.readFileSync('docs.prod.html')));",
      '} else {',
      "  app.get('/docs', (req, res) => res.send(fs.readFileSync('docs.dev.html')));",
      '}',
      "if (process.env.NODE_ENV !== 'production') app.get('/debug', (req, res) => res.send(fs.readFileSync('debug.html')));",
      "if (process.env.NODE_ENV === 'production' && process.env.DOCS) {} else app.get('/maybe', (req, res) => res.send(fs.readFileSync('m.html')));",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['4 no-sync-io-in-hot-path warning', '9 no-sync-io-in-hot-path warning']);
});

test('a shutdown handler written inside a hot function is not hot; a request\'s one-time event is', () => {
  const findings = analyse({
    'server.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'const app = express();',
      'function api() {',
      '  const sub = express();',
      "  process.on('SIGTERM', () => fs.writeFileSync('bye', '1'));",
      '  return sub;',
      '}',
      "app.use('/api', (req, res, next) => api()(req, res, next));",
      "app.post('/x', (req, res) => { req.on('end', () => fs.writeFileSync('end', '1')); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['10 no-sync-io-in-hot-path warning']);
});

test("an HTTP client's response callback is not a request handler", () => {
  const findings = analyse({
    'download.ts': [
      "import * as https from 'node:https';",
      "import * as fs from 'node:fs';",
      "import type { IncomingMessage } from 'node:http';",
      'export function download(url: string) {',
      "  https.get(url, (response: IncomingMessage) => { fs.writeFileSync('out', String(response.statusCode)); });",
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings, []);
});

test('fan-out: sized by data with evidence (request input, awaited results, a parameter, pushed in a loop), a warning only over request input', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      'const db = { find: async () => [], save: async (x) => x };',
      'async function saveAll(items) { await Promise.all(items.map((i) => db.save(i))); }',
      'async function saveKeys(settings) { const keys = Object.keys(settings); await Promise.all(keys.map((k) => db.save(k))); }',
      "app.post('/a', async (req, res) => {",
      '  await Promise.all(req.body.items.map((i) => db.save(i)));',
      '  const rows = await db.find();',
      '  await Promise.all(rows.map((r) => db.save(r)));',
      '  const tasks = [];',
      '  for (const r of rows) tasks.push(db.save(r));',
      '  await Promise.all(tasks);',
      '  await saveAll(req.body.items);',
      '  await saveKeys(req.body.settings);',
      '  const page = await db.find({ where: {}, limit: req.state.pagination.limit });',
      '  await Promise.all(page.map((r) => db.save(r)));',
      '  const batch = await db.find({ limit: 10000 });',
      '  await Promise.all(batch.map((r) => db.save(r)));',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(fanOut), [
    '3 no-unbounded-promise-all info sized',
    '4 no-unbounded-promise-all info',
    '6 no-unbounded-promise-all warning sized',
    '8 no-unbounded-promise-all info sized',
    '11 no-unbounded-promise-all info sized',
    // Line 15: one page of the request's pagination, bounded: not reported.
    '17 no-unbounded-promise-all info sized',
  ]);
  assert.match(findings[1].message, /\(if the list can grow with input\)/);
  assert.match(findings[4].message, /^Promise\.all\(tasks\) waits on one operation per loop iteration/);
});

test('await in a loop: an N+1 says so; inside a transaction it is not reported, unless a Prisma callback takes no client', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      'const User = { findByPk: async (id) => ({ id }) };',
      'const sequelize = { transaction: async (fn) => fn({}) };',
      "app.post('/a', async (req, res) => {",
      '  const users = [];',
      '  for (const id of req.body.ids) users.push(await User.findByPk(id));',
      '  await sequelize.transaction(async (t) => {',
      '    for (const u of users) await User.findByPk(u.id, { transaction: t });',
      '  });',
      '  res.json(users);',
      '});',
      // Prisma: the interactive transaction holds the queries made through `tx`; a callback that takes no client
      // runs its queries on the pool, one round trip after another.
      'const prisma = { $transaction: async (fn) => fn(prisma), link: { create: async (x) => x } };',
      "app.post('/import', async (req, res) => {",
      '  await prisma.$transaction(async (tx) => {',
      '    for (const l of req.body.links) await tx.link.create({ data: l });',
      '  });',
      '  await prisma.$transaction(async () => {',
      '    for (const l of req.body.links) await prisma.link.create({ data: l });',
      '  });',
      '  res.end();',
      '});',
      "const notifier = { create: async (x) => x };",
      "app.post('/notify', async (req, res) => {",
      '  for (const u of req.body.users) await notifier.create({ data: u });',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['6 no-sequential-await-in-loop info', '18 no-sequential-await-in-loop info', '24 no-sequential-await-in-loop info']);
  assert.match(findings[0].message, /one query per item, one after another on a request path \(an N\+1 pattern\)/);
  assert.doesNotMatch(findings[0].message, /transaction/);
  // The author thinks the writes are atomic: the finding says they are not, and names the one-statement form.
  assert.match(findings[1].message, /one write per item, .*\(createMany, updateMany, deleteMany\)/);
  assert.match(findings[1].message, /takes no client, so these queries run outside the transaction/);
  // A service's create, not a Prisma model's: no one-statement form to name.
  assert.match(findings[2].message, /runs independent operations one after another/);
  assert.equal(findings[0].related, undefined, 'one await in the loop: nothing more to show');
});

test("await in a loop: the loop's other awaits are shown with the finding, which is reported once at the first", () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      "const redis = require('./redis');",
      "app.get('/favicon/clear', async (req, res) => {",
      "  const keys = await redis.keys('favicon:*');",
      '  for (const key of keys) {',
      '    await redis.del(key);',
      '    if (key.endsWith(":png")) await redis.del(`${key}:ctype`);',
      '    await redis.del(`${key}:etag`);',
      '  }',
      '  res.end();',
      '});',
    ].join('\n'),
    'redis.js': 'module.exports = { keys: async () => [], del: async () => 0 };',
  });
  assert.deepEqual(findings.map(summary), ['6 no-sequential-await-in-loop info']);
  assert.deepEqual(findings[0].related, [
    { file: 'routes.js', line: 7, column: 31, message: 'also awaited in this loop, once per item' },
    { file: 'routes.js', line: 8, column: 5, message: 'also awaited in this loop, once per item' },
  ]);
});

test('a route wrapper that registers a handler it destructures from its options: what its callers pass there is a route', () => {
  const findings = analyse({
    'routes.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      'function mount(path, { auth, handler }) { app.post(path, auth, handler); }',
      'function mountGet(path, options) {',
      '  const { handler } = options;',
      '  app.get(path, handler);',
      '}',
      'function upload(req, res) { fs.writeFileSync(`/tmp/${req.query.name}`, req.body); res.end(); }', // 8
      "function list(req, res) { res.json(fs.readdirSync('/tmp/uploads')); }", // 9
      "function notMounted(req, res) { res.json(fs.readdirSync('/tmp/other')); }", // 10
      "mount('/upload', { auth: (req, res, next) => next(), handler: upload });",
      "mountGet('/list', { handler: list });",
      'module.exports = { notMounted };',
      'app.listen(3000);',
    ].join('\n'),
  });
  // All three look like handlers by their (req, res); the mounted two are known routes, named with their verb and path.
  assert.deepEqual(findings.map((f) => `${summary(f)} ${f.chain[0].symbol}`), [
    '8 no-sync-io-in-hot-path warning POST /upload: upload',
    '9 no-sync-io-in-hot-path warning GET /list: list',
    '10 no-sync-io-in-hot-path warning notMounted',
  ]);
});

test('an async callback handed to a helper that drops its promise: the finding shows where the helper drops it', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      "const { batchExecute } = require('./util/batch');",
      "const db = require('./db');",
      "app.post('/rate', async (req, res) => {",
      '  void batchExecute(req.body.ids, async (id) => {',
      '    await db.update(id);',
      '  });',
      '  res.end();',
      '});',
    ].join('\n'),
    'util/batch.js': [
      'exports.batchExecute = async (items, executeFn) => {',
      '  items.forEach((item) => {',
      '    executeFn(item);',
      '  });',
      '};',
    ].join('\n'),
    'db.js': "module.exports = { update: async (id) => { if (!id) throw new Error('no id'); } };",
  });
  assert.deepEqual(findings.map(summary), ['5 no-floating-promise warning']);
  assert.match(findings[0].message, /^batchExecute\(\) calls this callback without awaiting it/);
  assert.deepEqual(findings[0].related, [
    { file: 'util/batch.js', line: 3, column: 5, message: 'the callback is called here and its promise dropped' },
  ]);
});

test('a floating call to a function that catches everything is not reported; one that rethrows is', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      'async function track(e) { try { await fetch(e); } catch (err) { console.error(err); } }',
      'async function notify(e) { try { await fetch(e); } catch (err) { throw new Error(String(err)); } }',
      "app.post('/a', (req, res) => {",
      "  track('x');",
      "  notify('x');",
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['6 no-floating-promise warning']);
});

test('a chain that ends in a rejection handler, or a lock that runs a callback, fails only through the callback', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      "const axios = require('axios');",
      'async function archive(url) { await axios.get(url).then((r) => console.log(r.status)).catch(() => {}); }',
      'async function ping(url) { await axios.get(url).then(() => {}, (e) => { throw e; }); }',
      'async function warm(url) { await axios.get(url).then(() => {}); }',
      "const { Mutex } = require('async-mutex');",
      'const lock = new Mutex();',
      'const safe = async (p) => { try { return await p; } catch (e) { return undefined; } };',
      'async function relaunch(url) { await lock.runExclusive(async () => { await safe(connect(url)); }); }',
      'async function restart(url) { await lock.runExclusive(async () => { await connect(url); }); }',
      'async function connect(url) { return axios.get(url); }',
      "app.post('/a', (req, res) => {",
      '  archive(req.body.url);',
      '  ping(req.body.url);',
      '  warm(req.body.url);',
      '  relaunch(req.body.url);',
      '  restart(req.body.url);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['14 no-floating-promise warning', '15 no-floating-promise warning', '17 no-floating-promise warning']);
});

test('failure paths see through calls that cannot throw: string and array methods, a Map of its own, a sibling method', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      'const seen = new Map();',
      'async function onError(error) {',
      "  try { await fetch('x'); } catch (err) { console.error(err); }",
      "  if (error.message?.includes('401')) seen.clear();",
      "  return ['ETIMEDOUT'].some((p) => String(error.code).toLowerCase().includes(p.toLowerCase()));",
      '}',
      'async function evict(cache, key) {',
      '  try { await fetch(key); } catch (err) { console.error(err); }',
      '  await cache.delete(key);',
      '}',
      'async function parseAll(list) {',
      "  try { await fetch('x'); } catch (err) { console.error(err); }",
      '  return list.map((s) => JSON.parse(s));',
      '}',
      'const Store = {',
      '  get: async function (k) { try { return await fetch(k); } catch (e) { return null; } },',
      '  update: async function (k) { const v = await this.get(k); return v; },',
      '  remove: async function (k) { await this.drop(k); },',
      '};',
      "app.post('/a', (req, res) => {",
      '  onError(req.body);',
      "  evict(req.app.locals.cache, 'k');",
      '  parseAll(req.body.items);',
      "  Store.update('k');",
      "  Store.remove('k');",
      '  res.end();',
      '});',
    ].join('\n'),
  });
  // A Map the code made cannot reject; a `cache` handed in may be a Redis client. JSON.parse in a map callback throws.
  assert.deepEqual(findings.map(summary), ['23 no-floating-promise warning', '24 no-floating-promise warning', '26 no-floating-promise warning']);
});

test('fan-out over a tree the function walks, or over queries on one transaction, is a note', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      'async function prune(nodes, id) {',
      '  return Promise.all(nodes.map(async (n) => ({ ...n, children: await prune(n.children, id) })));',
      '}',
      'async function load(ids) {',
      '  return Promise.all(ids.map((id) => fetch(id)));',
      '}',
      'async function copy(rows, t) {',
      '  await Promise.all(rows.map((r) => Member.create({ id: r.id }, { transaction: t })));',
      '  await Promise.all(rows.map(async (r) => { await fetch(r.url); await Member.create({ id: r.id }, { transaction: t }); }));',
      '}',
      'async function reindex(rows, transaction) {',
      '  const promises = [];',
      '  for (const r of rows) promises.push(r.save({ transaction }));',
      '  await Promise.all(promises);',
      '}',
      "app.post('/a', async (req, res) => {",
      "  await prune(req.body.tree, 'x');",
      '  await load(req.body.ids);',
      '  await copy(req.body.rows, req.t);',
      '  await reindex(req.body.rows, req.t);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(fanOut), [
    '3 no-unbounded-promise-all info',
    '6 no-unbounded-promise-all info sized',
    '9 no-unbounded-promise-all info',
    '10 no-unbounded-promise-all info sized',
    '15 no-unbounded-promise-all info',
  ]);
  assert.match(findings[0].message, /a recursive walk over nested data/);
  assert.match(findings[2].message, /queries on one transaction/);
});

test('a polynomial regex is a note, an exponential one a warning', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      "app.post('/a', (req, res) => {",
      '  const quote = /^>\\s*\\s*(.+)$/m.test(req.body.text);',
      '  const nested = /^(a+)+$/.test(req.body.text);',
      '  res.json({ quote, nested });',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['3 no-redos-regex info', '4 no-redos-regex warning']);
});

test('a getter is followed like a call', () => {
  const findings = analyse({
    'models.js': [
      "const fs = require('fs');",
      'class ModelMap {',
      "  get models() { return JSON.parse(fs.readFileSync('models.json', 'utf8')); }",
      '  limit(name) { return this.models[name]; }',
      '}',
      'module.exports = new ModelMap();',
    ].join('\n'),
    'routes.js': "const map = require('./models');\nconst app = require('express')();\napp.get('/limit', (req, res) => res.json(map.limit(req.query.m)));\n",
  });
  assert.deepEqual(findings.map(summary), ['3 no-sync-io-in-hot-path warning']);
  assert.deepEqual(findings[0].chain.map((s) => s.symbol), ['GET /limit', 'ModelMap.limit', 'ModelMap.models']);
});

test('a method called on an unknown receiver reaches every subclass method of that name (a family of two or more)', () => {
  const findings = analyse({
    'processors.js': [
      "const fs = require('fs');",
      'class Base { async perform() {} }',
      "class Backlinks extends Base { async perform(e) { fs.readFileSync(e.path); } }",
      "class Search extends Base { async perform(e) { fs.writeFileSync(e.path, ''); } }",
      'module.exports = { Backlinks, Search };',
    ].join('\n'),
    'worker.js': [
      "const processors = require('./processors');",
      "const { Queue } = require('bull');",
      "const queue = new Queue('events');",
      'queue.process(async (job) => {',
      '  const Processor = processors[job.data.name];',
      '  await new Processor().perform(job.data.event);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.chain[0].symbol}`), [
    'processors.js:3 warning queue job',
    'processors.js:4 warning queue job',
  ]);
});

test("a class's only method of a name is reached on a receiver named after the class or its module, not on others", () => {
  const findings = analyse({
    'models/users.js': [
      "const fs = require('fs');",
      'module.exports = class User {',
      "  static async createUser(opts) { fs.writeFileSync(`users/${opts.id}`, ''); }",
      "  async verifyPassword(pwd) { return fs.readFileSync(`hashes/${this.id}`, 'utf8') === pwd; }",
      "  exportRows(ids) { return ids.map((id) => fs.readFileSync(`rows/${id}`)); }",
      '};',
    ].join('\n'),
    'graphql.js': [
      '/* global APP */',
      'module.exports = {',
      '  Mutation: {',
      '    async register(obj, args) { return APP.models.users.createUser(args); },',
      '    async login(obj, args, ctx) {',
      '      const user = await ctx.db.findUser(args.email);',
      '      await user.verifyPassword(args.password);',
      '      return ctx.sheets.exportRows(args.ids);',
      '    },',
      '  },',
      '};',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.chain.map((s) => s.symbol).join(' → ')}`), [
    'models/users.js:3 GraphQL Mutation.register → User.createUser',
    'models/users.js:4 GraphQL Mutation.login → User.verifyPassword',
  ]);
});

test("a finding lists the other hot calls that lead to it, nearest first, and no start-up call", () => {
  const findings = analyse({
    'render.js': [
      "const fs = require('fs');",
      "function template(name) { return fs.readFileSync(`views/${name}.html`, 'utf8'); }",
      'function renderPage(name) { return template(name); }',
      'module.exports = { template, renderPage };',
    ].join('\n'),
    'app.js': [
      "const app = require('express')();",
      "const { template, renderPage } = require('./render');",
      "app.get('/a', (req, res) => res.end(template('a')));",
      "app.get('/b', (req, res) => res.end(renderPage('b')));",
      "app.get('/c', (req, res) => res.end(renderPage(req.query.page)));",
      "const layout = template('layout');",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.deepEqual(f.chain.map((s) => `${s.file}:${s.line} ${s.symbol}`), ['app.js:3 GET /a', 'render.js:2 template']);
  assert.deepEqual((f.callers ?? []).map((c) => `${c.file}:${c.line} ${c.symbol} → ${c.callee}`), [
    'render.js:3 renderPage → template',
    'app.js:4 GET /b → renderPage',
    'app.js:5 GET /c → renderPage',
  ]);
});

test('a setTimeout loop through a timer package is a repeating timer; lazy init by a call is once', () => {
  const findings = analyse({
    'monitor.js': [
      "const fs = require('fs');",
      "const { setTimeout } = require('unlimited-timeout');",
      'let config;',
      "function init() { config = JSON.parse(fs.readFileSync('config.json', 'utf8')); }",
      'function getConfig() {',
      '  if (config === undefined) {',
      '    init();',
      '  }',
      '  return config;',
      '}',
      'class Monitor {',
      '  start() {',
      '    const beat = async () => {',
      "      fs.appendFileSync('beats.log', String(getConfig().interval));",
      '      setTimeout(safeBeat, 1000);',
      '    };',
      '    const safeBeat = async () => { try { await beat(); } catch (e) { console.error(e); } };',
      '    safeBeat();',
      '  }',
      '}',
      'module.exports = Monitor;',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['4 no-sync-io-in-hot-path info once', '14 no-sync-io-in-hot-path warning']);
  assert.equal(findings[1].chain[0].symbol, 'setTimeout loop: safeBeat');
});

test('a class required inside a switch case with destructuring is followed into its constructor', () => {
  const findings = analyse({
    'providers/openrouter.js': [
      "const fs = require('fs');",
      'class OpenRouterLLM {',
      '  constructor() { this.limit = this.models().length; }',
      "  models() { return JSON.parse(fs.readFileSync('models.json', 'utf8')); }",
      '}',
      'module.exports = { OpenRouterLLM };',
    ].join('\n'),
    'helpers.js': [
      'function getLLMProvider(name) {',
      '  switch (name) {',
      "    case 'openrouter':",
      "      const { OpenRouterLLM } = require('./providers/openrouter');",
      '      return new OpenRouterLLM();',
      '  }',
      '}',
      "const app = require('express')();",
      "app.post('/chat', (req, res) => res.json(getLLMProvider(req.body.provider).limit));",
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.severity}`), ['providers/openrouter.js:4 warning']);
  assert.deepEqual(findings[0].chain.map((s) => s.symbol), ['POST /chat', 'getLLMProvider', 'OpenRouterLLM.constructor', 'OpenRouterLLM.models']);
});

test('a call on what a project factory returns reaches every class method of that name, static ones too', () => {
  const findings = analyse({
    'providers.js': [
      "const fs = require('fs');",
      "class OpenRouterLLM { static promptWindowLimit() { return JSON.parse(fs.readFileSync('or.json', 'utf8')).limit; } }",
      "class GeminiLLM { static promptWindowLimit() { return JSON.parse(fs.readFileSync('gemini.json', 'utf8')).limit; } }",
      'function getLLMProviderClass(name) { return name === "gemini" ? GeminiLLM : OpenRouterLLM; }',
      "const app = require('express')();",
      "app.get('/limit', (req, res) => {",
      '  const Provider = getLLMProviderClass(req.query.provider);',
      '  res.json(Provider.promptWindowLimit());',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.line} ${f.severity} ${f.chain.map((s) => s.symbol).join(' > ')}`), [
    '2 warning GET /limit > OpenRouterLLM.promptWindowLimit',
    '3 warning GET /limit > GeminiLLM.promptWindowLimit',
  ]);
});

test('a loop over batches from a chunking helper is sequential on purpose; a .then chain from a catch-all promise is handled', () => {
  const findings = analyse({
    'embed.js': [
      "const app = require('express')();",
      'const api = { embed: async (xs) => xs };',
      'const toChunks = (xs, n) => [xs.slice(0, n)];',
      'async function maxTokens() { try { return await api.embed(1); } catch (e) { return 4096; } }',
      "app.post('/embed', async (req, res) => {",
      '  const out = [];',
      '  const chunks = toChunks(req.body.texts, 100);',
      '  for (const [i, chunk] of chunks.entries()) out[i] = await api.embed(chunk);',
      '  for (const text of req.body.texts) out.push(await api.embed(text));',
      '  maxTokens().then((n) => res.setHeader("x-max", n));',
      '  res.json(out);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['9 no-sequential-await-in-loop info']);
});

test('fan-out in a function called inside a transaction callback is a note: its queries share one connection', () => {
  const findings = analyse({
    'jobs.js': [
      'const db = { transaction: async (fn) => fn({}), save: async (x, o) => x };',
      'async function recalculate(rows, t) { await Promise.all(rows.map((r) => db.save(r, { transaction: t }))); }',
      'async function refresh(rows) { await Promise.all(rows.map((r) => db.save(r))); }',
      "const queue = new (require('bull'))('moves');",
      'queue.process(async (job) => {',
      '  await db.transaction(async (t) => { await recalculate(job.data.rows, t); });',
      '  await refresh(job.data.rows);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(fanOut), ['2 no-unbounded-promise-all info', '3 no-unbounded-promise-all info sized']);
});

test('a closure a factory returns is not start-up code because the factory runs at start-up', () => {
  // Logto builds its libraries in class field initialisers at start-up; their closures run per request, from callers
  // the walk may not see. They are of unknown reach, not start-up; the factory's own body is start-up.
  const findings = analyse({
    'libraries/user.js': [
      "const crypto = require('crypto');",
      'const createUserLibrary = (db) => {',
      "  const salt = crypto.pbkdf2Sync('boot', 's', 1000, 32, 'sha256');", // 3: runs once, when the library is made
      "  const verifyPassword = async (user, pwd) => crypto.pbkdf2Sync(pwd, user.salt, 100000, 64, 'sha512');", // 4
      "  const hashToken = async (t) => crypto.pbkdf2Sync(t, salt, 1000, 32, 'sha256');", // 5
      '  return { verifyPassword, hashToken: hashToken };',
      '};',
      'class Libraries { users = createUserLibrary(null); }',
      'module.exports = new Libraries();',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['4 no-blocking-crypto-in-hot-path info unknown', '5 no-blocking-crypto-in-hot-path info unknown']);
});

test('unknown reach stops at start-up code, so no chain runs through a function that is not reported', () => {
  // refresh() (async, unreached) calls the listen callback onReady(); helper() is also called by an unreached
  // sync function. The walk once went through onReady and then dropped it, leaving helper's chain without a link.
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      'function onReady() { helper(); }',
      "function helper() { fs.readFileSync('x'); }",
      'app.listen(3000, onReady);',
      'async function refresh() { onReady(); }',
      'function other() { helper(); }',
      "async function reload() { fs.readFileSync('y'); }",
      'module.exports = { refresh, other, reload };',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['8 no-sync-io-in-hot-path info unknown']);
});

test('code only tests reach is not hot: entries in test files (test/, __tests__/, *.test.*, *.spec.*) make nothing hot', () => {
  const lib = [
    "const fs = require('fs');",
    'function readTemplate(name) {',
    "  return fs.readFileSync(name, 'utf8');",
    '}',
    'async function loadAll(names) {',
    '  return names.map((n) => readTemplate(n));',
    '}',
    'module.exports = { readTemplate, loadAll };',
  ].join('\n');
  // Each test file registers what would be an entry anywhere else: a server, a route, a timer, a socket handler.
  const tests: Record<string, string> = {
    'test/helpers/server.js': [
      "const http = require('http');",
      "const { readTemplate } = require('../../lib/render');",
      "module.exports = () => http.createServer((req, res) => res.end(readTemplate('page.html')));",
    ].join('\n'),
    'test/helpers/cli-server.js': [
      '#!/usr/bin/env node',
      "const http = require('http');",
      "const { readTemplate } = require('../../lib/render');",
      "http.createServer((req, res) => res.end(readTemplate('page.html'))).listen(0);",
    ].join('\n'),
    'lib/__tests__/routes.js': [
      "const app = require('express')();",
      "const { loadAll } = require('../render');",
      "app.get('/all', async (req, res) => res.json(await loadAll(['a', 'b'])));",
    ].join('\n'),
    'lib/render.test.js': [
      "const { readTemplate } = require('./render');",
      "setInterval(() => readTemplate('tick.html'), 1000);",
    ].join('\n'),
    'lib/render.spec.ts': [
      "import { readTemplate } from './render';",
      'export function handler(event: unknown) {',
      "  return readTemplate('lambda.html');",
      '}',
      "socket.on('message', () => readTemplate('socket.html'));",
    ].join('\n'),
  };
  const p = tempProject({ 'lib/render.js': lib, ...tests });
  try {
    // Tests brought back into the analysis (as --include or the concurrencyLens.include setting can).
    // Unknown reach included: an async function only tests call is start-up code, not even a hint.
    const findings = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', include: ['**/*'] }).findings;
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.rule} [${f.chain.map((s) => `${s.file}:${s.line} ${s.symbol}`).join(' > ')}]`), []);
  } finally {
    p.cleanup();
  }
  // The same code reached from a production entry is hot, and its chain starts there, not in a test.
  const server = [
    "const http = require('http');",
    "const { readTemplate } = require('./lib/render');",
    "http.createServer((req, res) => res.end(readTemplate('x')));",
  ].join('\n');
  const hot = analyse({ 'lib/render.js': lib, ...tests, 'server.js': server });
  assert.deepEqual(hot.map((f) => `${f.file}:${f.line} ${f.severity} ${f.chain[0].file}`), ['lib/render.js:3 warning server.js']);
});

test('a static method and an instance getter of one name stay apart; a getter handed to app.use is read once, not an entry', () => {
  // parse-server's shape: `get app()` builds the express app once; `static app(options)` is the builder, whose
  // listener for the one-time 'mount' event is start-up code. `app.use(this.app)` registers the getter's value.
  const findings = analyse({
    'server.js': [
      "const fs = require('fs');",
      "const express = require('express');",
      'class Server {',
      '  get app() {',
      "    if (!this._app) this._app = Server.app({ dir: fs.readFileSync('cfg', 'utf8') });",
      '    return this._app;',
      '  }',
      '  static app(options) {',
      '    const api = express();',
      "    api.on('mount', async () => { check(); });",
      "    api.get('/x', (req, res) => res.end(fs.readFileSync(req.query.f)));",
      '    return api;',
      '  }',
      '  start() {',
      '    const root = express();',
      "    root.use('/parse', this.app);",
      '    root.listen(1337);',
      '  }',
      '}',
      'async function check() { throw new Error(); }',
      'new Server().start();',
    ].join('\n'),
  });
  // Only the route's read: the getter's config read and the floating check() in the 'mount' listener are start-up.
  assert.deepEqual(findings.map(summary), ['11 no-sync-io-in-hot-path warning']);
});

test('a call guarded by a flag parameter runs only for callers that may pass the flag: a hot caller without it does not reach it', () => {
  // anything-llm's CommunicationKey: `new CommunicationKey(true)` at boot generates and writes a key pair; every
  // request's `new CommunicationKey()` only reads. A hot caller passing the flag (or a variable) does reach it.
  const key = [
    "const fs = require('fs');",
    'class Key {',
    '  constructor(generate = false) {',
    '    if (generate) this.generate();',
    '  }',
    "  generate() { fs.writeFileSync('key.pem', 'k'); }",
    '}',
    'module.exports = Key;',
  ].join('\n');
  const route = (args: string): string =>
    ["const Key = require('./key');", "const app = require('express')();", `app.post('/x', (req, res) => { new Key(${args}); res.end(); });`, 'app.listen(1);'].join('\n');
  for (const [args, expected] of [['', []], ['false', []], ['true', ['6 no-sync-io-in-hot-path warning']], ['req.body.rotate', ['6 no-sync-io-in-hot-path warning']]] as const) {
    const findings = analyse({ 'key.js': key, 'app.js': route(args), 'boot.js': "const Key = require('./key');\nnew Key(true);\n" });
    assert.deepEqual(findings.map(summary), expected, `new Key(${args})`);
  }
});

test('a flag passed only by a caller of unknown reach makes the guarded call unknown reach, not hot', () => {
  const findings = analyse({
    'key.js': [
      "const fs = require('fs');",
      'class Key {',
      '  constructor(generate = false) {',
      "    fs.readFileSync('pub.json');",
      '    if (generate) this.generate();',
      '  }',
      "  generate() { fs.writeFileSync('key.pem', 'k'); }",
      '}',
      'module.exports = Key;',
    ].join('\n'),
    'app.js': ["const Key = require('./key');", "const app = require('express')();", "app.post('/x', (req, res) => { new Key(); res.end(); });", 'app.listen(1);'].join('\n'),
    // An async function nothing known calls: unknown reach.
    'rotate.js': "const Key = require('./key');\nmodule.exports = async function rotate() { new Key(true); };\n",
  });
  assert.deepEqual(findings.map(summary), ['4 no-sync-io-in-hot-path warning', '7 no-sync-io-in-hot-path info unknown']);
});

test('an id generator (uuid, nanoid, crypto.randomUUID) does not make its caller fail; another package call does', () => {
  const findings = analyse({
    'routes.js': [
      "const crypto = require('crypto');",
      "const { v4: uuidv4 } = require('uuid');",
      "const { nanoid } = require('nanoid');",
      "const slug = require('slugify');",
      "const app = require('express')();",
      'async function track(client, event, orgId) { const distinctId = orgId || uuidv4(); client.capture({ event, distinctId }); }',
      'async function name(client, event) { const id = `${nanoid()}-${crypto.randomUUID()}`; client.capture({ event, id }); }',
      'async function title(client, event) { const id = slug(event); client.capture({ event, id }); }',
      "app.post('/a', (req, res) => {",
      '  track(req.app.locals.posthog, req.body);',
      '  name(req.app.locals.posthog, req.body);',
      '  title(req.app.locals.posthog, req.body);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['12 no-floating-promise warning']);
});

test("Node's string functions (path.join, pathToFileURL, util.format) do not make their caller fail; fileURLToPath does", () => {
  const findings = analyse({
    'routes.js': [
      "const fs = require('fs');",
      "const path = require('path');",
      "const { pathToFileURL, fileURLToPath } = require('url');",
      "const util = require('util');",
      "const app = require('express')();",
      'async function link(dir) {',
      "  try { fs.symlinkSync(dir, 'x'); } catch (err) { console.error(`${err} for ${pathToFileURL(path.join(dir, 'package.json')).toString()}`); }",
      '  return dir;',
      '}',
      "async function note(dir) { try { fs.symlinkSync(dir, 'x'); } catch (err) { console.error(util.format('%s: %s', path.basename(dir), err)); } return dir; }",
      "async function back(dir) { try { fs.symlinkSync(dir, 'x'); } catch (err) { console.error(fileURLToPath(dir)); } return dir; }",
      "app.post('/a', (req, res) => {",
      '  link(req.body.dir);',
      '  note(req.body.dir);',
      '  back(req.body.dir);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.rule === 'no-floating-promise').map(summary), ['15 no-floating-promise warning']);
});

test('a command whose result is dropped does not make its caller fail; an awaited one, a Node API or a check does', () => {
  const findings = analyse({
    'routes.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      'async function limit(req, res, next) {',
      '  try { await req.app.locals.limiter.consume(req.ip); } catch (err) { res.status(429).json({ error: err.message }); return; }',
      '  next();',
      '}',
      'async function audit(client, e) { client.capture(e); void client.flush(); }',
      'async function store(client, e) { await client.capture(e); }',
      'async function check(schema, body) { schema.parse(body); }',
      "async function mark(p) { fs.rmSync(p); }",
      'async function label(client, e) { const id = client.nextId(); client.capture({ id, e }); }',
      "app.post('/a', (req, res, next) => {",
      '  limit(req, res, next);',
      '  audit(req.app.locals.posthog, req.body);',
      '  store(req.app.locals.posthog, req.body);',
      '  check(req.app.locals.schema, req.body);',
      '  mark(req.body.path);',
      '  label(req.app.locals.posthog, req.body);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  // A used result (`client.nextId()`) still counts: only a call made for its effect is a command.
  assert.deepEqual(findings.map(summary), [
    '10 no-sync-io-in-hot-path info',
    '15 no-floating-promise warning',
    '16 no-floating-promise warning',
    '17 no-floating-promise warning',
    '18 no-floating-promise warning',
  ]);
});

test('a read of a key or certificate is a small read: by its file name, a class field naming it, or a TLS option', () => {
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const path = require('path');",
      "const app = require('express')();",
      'class Signer {',
      "  #pubKeyName = 'ipc-pub.pem';",
      '  read() { return fs.readFileSync(path.resolve(this.dir, this.#pubKeyName)); }',
      '}',
      "app.post('/x', (req, res) => {",
      "  const pem = fs.readFileSync(path.join(__dirname, 'keys', 'server.pem'));",
      '  const ssl = {};',
      '  ssl.ca = fs.readFileSync(req.query.caPath).toString();',
      '  const opts = { cert: fs.readFileSync(req.query.certPath), body: fs.readFileSync(req.query.bodyPath) };',
      '  const key = fs.readFileSync(req.query.key);',
      "  const page = fs.readFileSync(path.join(process.env.DATA_DIR, 'page.html'));",
      '  res.json({ a: new Signer().read(), pem, ssl, opts, key, page });',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    '6 no-sync-io-in-hot-path info',
    '9 no-sync-io-in-hot-path info',
    '11 no-sync-io-in-hot-path info',
    '12 no-sync-io-in-hot-path info',
    '12 no-sync-io-in-hot-path warning',
    '13 no-sync-io-in-hot-path info',
    '14 no-sync-io-in-hot-path warning',
  ]);
  assert.match(findings[0].message, /\(a key or certificate: a few kilobytes\)/);
});

test('fan-out that saves rows missing a field (a backfill) is a note; over a page with a small default size or cap, none', () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      'const Star = { findAll: async () => [] };',
      "app.post('/stars', async (req, res) => {",
      '  const stars = await Star.findAll({ where: { userId: req.user.id } });',
      '  const promises = [];',
      '  let previous = null;',
      '  for (const star of stars) {',
      '    if (star.index === null) {',
      '      star.index = next(previous);',
      '      promises.push(star.save());',
      '    }',
      '    previous = star.index;',
      '  }',
      '  await Promise.all(promises);',
      '  const all = [];',
      '  for (const star of stars) {',
      '    if (star.index === null) all.push(star.save());',
      '    else all.push(star.touch());',
      '  }',
      '  await Promise.all(all);',
      '  const limit = req.body.limit ?? 25;',
      '  const page = await Star.findAll({ limit });',
      '  await Promise.all(page.map((s) => s.present()));',
      '  const capped = await Star.findAll({ limit: Math.min(req.body.limit, 100) });',
      '  await Promise.all(capped.map((s) => s.present()));',
      '  const open = await Star.findAll({ limit: req.body.limit });',
      '  await Promise.all(open.map((s) => s.present()));',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(fanOut), [
    '14 no-unbounded-promise-all info',
    '20 no-unbounded-promise-all info sized',
    // Lines 23 and 25: one page, of 25 by default or at most 100.
    '27 no-unbounded-promise-all info sized',
  ]);
  assert.match(findings[0].message, /\(a backfill: each saves a row that lacked a field and now has it, so once per row\)/);
});

test('fan-out over a list a helper computes from data (ids parsed from a parameter, an awaited branch) is sized by data', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      "const { uniq } = require('lodash');",
      'function parseIds(text) { return text.match(/id:\\w+/g) ?? []; }',
      'async function deleteAll(doc, text) {',
      '  const inText = parseIds(text);',
      '  const owned = (await Attachment.findAll({ where: { docId: doc.id } })).map((a) => a.id);',
      '  const ids = uniq([...inText, ...owned]);',
      '  await Promise.all(ids.map((id) => Attachment.count({ where: { id } })));',
      '  await Promise.all(Array.from(new Set(parseIds(text))).map((id) => Doc.findByPk(id)));',
      '  const children = doc.isNew ? [] : await Doc.findAll({ where: { parentId: doc.id } });',
      '  await Promise.all(children.map((c) => c.load()));',
      '  const page = doc.isNew ? [] : await Doc.findAll({ limit: 25 });',
      '  await Promise.all(page.map((c) => c.load()));',
      '  await Promise.all(Object.keys(doc).map((k) => Doc.touch(k)));',
      '  const rows = await Doc.findAll({ limit: 25 });',
      '  const kept = rows.filter((r) => r.kept);',
      '  await Promise.all(kept.map((r) => r.load()));',
      '  const first = parseIds(text).slice(0, 10).filter(Boolean);',
      '  await Promise.all(first.map((id) => Doc.findByPk(id)));',
      '}',
      'async function dropTokens(action_id, userIds) {',
      '  await Promise.all(tokenQueries(action_id).map((q) => Token.delete(q)));',
      '  await Promise.all(tokenQueries(userIds).map((q) => Token.delete(q)));',
      '}',
      "app.post('/docs', async (req, res) => { await deleteAll(req.doc, req.body.text); res.end(); });",
      "app.post('/tokens', async (req, res) => { await dropTokens(req.params.id, req.body.users); res.end(); });",
    ].join('\n'),
  });
  // A helper handed the id of one thing (action_id) computes a list about that thing: a note; handed ids, a warning.
  assert.deepEqual(findings.filter((f) => f.rule === 'no-unbounded-promise-all').map(fanOut), [
    '8 no-unbounded-promise-all info sized',
    '9 no-unbounded-promise-all info sized',
    '11 no-unbounded-promise-all info sized',
    '13 no-unbounded-promise-all info',
    '14 no-unbounded-promise-all info',
    '17 no-unbounded-promise-all info',
    '19 no-unbounded-promise-all info',
    '22 no-unbounded-promise-all info',
    '23 no-unbounded-promise-all info sized',
  ]);
});

test('a role check that also lets managers or every user through is not admin-only', () => {
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      "const ROLES = { admin: 'admin', manager: 'manager', all: '<all>' };",
      'const flexUserRoleValid = (roles) => (req, res, next) => next();',
      "app.get('/a', [flexUserRoleValid([ROLES.admin])], (req, res) => res.end(fs.readFileSync('a')));",
      "app.get('/b', [flexUserRoleValid([ROLES.admin, ROLES.manager])], (req, res) => res.end(fs.readFileSync('b')));",
      "app.get('/c', flexUserRoleValid([ROLES.superadmin]), (req, res) => res.end(fs.readFileSync('c')));",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), [
    '5 no-sync-io-in-hot-path info',
    '6 no-sync-io-in-hot-path warning',
    '7 no-sync-io-in-hot-path info',
  ]);
  assert.equal(findings[0].chain[0].symbol, 'GET /a (admin only)');
  assert.equal(findings[1].chain[0].symbol, 'GET /b');
});

test('skipUnknownReach leaves out exactly the findings no entry reaches, for callers that drop them', (t) => {
  const p = tempProject({
    'app.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      "app.get('/x', (req, res) => res.end(fs.readFileSync('x')));",
      "async function tidy() { fs.rmSync('cache', { recursive: true }); }",
      'module.exports = { tidy };',
    ].join('\n'),
  });
  t.after(p.cleanup);
  const all = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off' }).findings;
  const skipped = analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true }).findings;
  assert.deepEqual(all.map(summary), ['3 no-sync-io-in-hot-path warning', '4 no-sync-io-in-hot-path info unknown']);
  assert.deepEqual(skipped, all.filter((f) => f.reach !== 'unknown'));
});

test('an event handler decorated for a phase of the process (AppBootstrap, ConfigInit, app.shutdown) is start-up, others are hot', () => {
  const findings = analyse({
    'svc.ts': [
      "import { readFileSync } from 'fs';",
      "import { OnEvent } from '@nestjs/event-emitter';",
      'export class GeoService {',
      "  @OnEvent({ name: 'AppBootstrap' }) async load() { readFileSync('geo.csv'); }",
      "  @OnEvent('ConfigInit') async init() { readFileSync('a.json'); }",
      "  @OnEvent('app.shutdown') async stop() { readFileSync('b.json'); }",
      "  @OnEvent({ name: 'ConfigUpdate' }) async update() { readFileSync('c.json'); }",
      "  @OnEvent('order.created') async created() { readFileSync('d.json'); }",
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-sync-io-in-hot-path warning', '8 no-sync-io-in-hot-path warning']);
});

test('an array waited on and emptied whenever it reaches a fixed length runs in batches of that size: no fan-out', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      "app.post('/import', async (req, res) => {",
      '  let futures = [];',
      '  for (const row of req.body.rows) {',
      '    futures.push(db.insert(row));',
      '    if (futures.length >= 9) {',
      '      await Promise.all(futures);',
      '      futures = [];',
      '    }',
      '  }',
      '  await Promise.all(futures);',
      '  const all = [];',
      '  for (const row of req.body.rows) {',
      '    all.push(db.insert(row));',
      '    if (all.length >= 9) console.log(all.length);',
      '  }',
      '  await Promise.all(all);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(fanOut), ['17 no-unbounded-promise-all info sized']);
});

test('NestJS queue consumers are entries: @Process() methods (@nestjs/bull) and process() of a WorkerHost (@nestjs/bullmq)', () => {
  const findings = analyse({
    'jobs.ts': [
      "import { readFileSync } from 'fs';",
      "import { Processor, Process } from '@nestjs/bull';",
      "import { WorkerHost } from '@nestjs/bullmq';",
      "@Processor('audio') export class AudioConsumer {",
      "  @Process('transcode') async transcode(job: any) { readFileSync(job.data.file); }",
      '}',
      'export class ImageConsumer extends WorkerHost {',
      '  async process(job: any) { readFileSync(job.data.file); }',
      '  async helperNotCalled() { readFileSync("x"); }',
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.reach !== 'unknown').map((f) => `${summary(f)} ${f.chain[0].symbol}`), [
    '5 no-sync-io-in-hot-path warning AudioConsumer.transcode',
    '8 no-sync-io-in-hot-path warning queue job: ImageConsumer.process',
  ]);
});

test('--entry @Decorator makes the methods a project decorator registers entries, named by the decorator', () => {
  const files = {
    'jobs.ts': [
      "import { readFileSync } from 'fs';",
      "import { OnJob } from './decorators';",
      'export class LibraryService {',
      "  @OnJob({ name: 'LibrarySync' }) async sync(job: any) { readFileSync(job.path); }",
      "  @Other() async other(job: any) { readFileSync(job.path); }",
      '}',
    ].join('\n'),
  };
  const hot = (extraEntryCallees: string[]): string[] => {
    const p = tempProject(files);
    try {
      return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', extraEntryCallees, skipUnknownReach: true }).findings
        .map((f) => `${summary(f)} ${f.chain[0].symbol}`);
    } finally {
      p.cleanup();
    }
  };
  assert.deepEqual(hot([]), []);
  assert.deepEqual(hot(['@OnJob']), ['4 no-sync-io-in-hot-path warning @OnJob: LibraryService.sync']);
  assert.deepEqual(hot(['OnJob']), [], 'without @ the pattern names a callee, not a decorator');
});

test('a member of what a factory returns may be any function an object literal returned from a function holds by that name', () => {
  const project = (route: string): Record<string, string> => ({
    'local/crud.js': [
      "const fs = require('fs');",
      'async function saveLocalBuffer({ buffer, path }) { fs.writeFileSync(path, buffer); }',
      'module.exports = { saveLocalBuffer };',
    ].join('\n'),
    // A CommonJS index that re-exports by spreading: as `export *` would.
    'local/index.js': "const crud = require('./crud');\nmodule.exports = { ...crud };\n",
    's3.js': 'async function saveS3Buffer({ buffer }) { return upload(buffer); }\nmodule.exports = { saveS3Buffer };\n',
    'strategies.js': [
      "const { saveLocalBuffer } = require('./local');",
      "const { saveS3Buffer } = require('./s3');",
      'const localStrategy = () => ({ saveBuffer: saveLocalBuffer });',
      'function s3Strategy() { return { saveBuffer: saveS3Buffer }; }',
      "const getStrategyFunctions = (source) => (source === 'local' ? localStrategy() : s3Strategy());",
      'module.exports = { getStrategyFunctions };',
    ].join('\n'),
    'app.js': ["const app = require('express')();", "const { getStrategyFunctions } = require('./strategies');", route].join('\n'),
  });
  const reported = (route: string): string[] => analyse(project(route)).filter((f) => f.reach !== 'unknown').map((f) => `${f.file}:${f.line} ${f.severity} ${f.chain.map((s) => s.symbol).join(' > ')}`);
  // Destructured, called on the call, and called on a variable holding it.
  assert.deepEqual(reported("app.post('/a', async (req, res) => { const { saveBuffer } = getStrategyFunctions(req.body.s); await saveBuffer(req.body); res.end(); });"),
    ['local/crud.js:2 warning POST /a > saveLocalBuffer']);
  assert.deepEqual(reported("app.post('/b', async (req, res) => { await getStrategyFunctions(req.body.s).saveBuffer(req.body); res.end(); });"),
    ['local/crud.js:2 warning POST /b > saveLocalBuffer']);
  assert.deepEqual(reported("app.post('/c', async (req, res) => { const s = getStrategyFunctions(req.body.s); await s.saveBuffer(req.body); res.end(); });"),
    ['local/crud.js:2 warning POST /c > saveLocalBuffer']);
  // A name no returned object holds links nowhere.
  assert.deepEqual(reported("app.post('/d', async (req, res) => { const { saveFile } = getStrategyFunctions(req.body.s); await saveFile(req.body); res.end(); });"), []);
});

test('a function a factory returns runs where the variable holding it is called: each function the factory can return', () => {
  const findings = analyse({
    'loaders/index.js': [
      'function resolveLoaderFunction(platform) {',
      '  switch (platform) {',
      "    case 'gitea': return require('./gitea').loadGitea;",
      "    default: return require('./github').loadGithub;",
      '  }',
      '}',
      'module.exports = { resolveLoaderFunction };',
    ].join('\n'),
    'loaders/gitea.js': "const fs = require('fs');\nasync function loadGitea(args) { return fs.readFileSync(args.path); }\nmodule.exports = { loadGitea };\n",
    'loaders/github.js': "const fs = require('fs');\nasync function loadGithub(args) { return fs.readdirSync(args.path); }\nmodule.exports = { loadGithub };\n",
    'app.js': [
      "const app = require('express')();",
      "const { resolveLoaderFunction } = require('./loaders');",
      "app.post('/ext/:platform', async (req, res) => {",
      '  const load = resolveLoaderFunction(req.params.platform);',
      '  res.json(await load(req.body));',
      '});',
      // Called as the factory itself, not what it returned: the factory only picks, it reads nothing.
      "app.post('/pick/:platform', (req, res) => { res.json(typeof resolveLoaderFunction(req.params.platform)); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.chain.map((s) => `${s.symbol}@${s.line}`).join(' > ')}`), [
    'loaders/gitea.js:2 warning POST /ext/:platform@5 > loadGitea@2',
    'loaders/github.js:2 warning POST /ext/:platform@5 > loadGithub@2',
  ]);
});

test('a method called on an instance of the class a factory returns may be any class\'s method of that name', () => {
  const loader = (name: string, call: string): string =>
    `const fs = require('fs');\nclass ${name} { constructor(args) { this.args = args; } async branches() { return ${call}(this.args.path); } }\nmodule.exports = ${name};\n`;
  // One route: where the instance's method is called, the chain's first step.
  const reached = (route: string[]): string[] => analyse({
    'loaders/gitea.js': loader('GiteaLoader', 'fs.readdirSync'),
    'loaders/github.js': loader('GithubLoader', 'fs.readFileSync'),
    'loaders/index.js': "function resolveLoader(p) { return p === 'gitea' ? require('./gitea') : require('./github'); }\nmodule.exports = { resolveLoader };\n",
    'app.js': ["const app = require('express')();", "const { resolveLoader } = require('./loaders');", "app.post('/a/:p', async (req, res) => {",
      '  const Loader = resolveLoader(req.params.p);', ...route, '});'].join('\n'),
  }).map((f) => `${f.file}:${f.line} ${f.chain.map((s) => `${s.symbol}@${s.line}`).join(' > ')}`);
  // On the new instance, and on a name holding it.
  assert.deepEqual(reached(['  res.json(await new Loader(req.body).branches());']),
    ['loaders/gitea.js:2 POST /a/:p@5 > GiteaLoader.branches@2', 'loaders/github.js:2 POST /a/:p@5 > GithubLoader.branches@2']);
  assert.deepEqual(reached(['  const loader = new Loader(req.body);', '  res.json(await loader.branches());']),
    ['loaders/gitea.js:2 POST /a/:p@6 > GiteaLoader.branches@2', 'loaders/github.js:2 POST /a/:p@6 > GithubLoader.branches@2']);
});

test('a class picked from a table by a computed key is a factory product: its method may be any class\'s of that name', () => {
  const route = (pick: string): Finding[] => analyse({
    'app.js': [
      "const fs = require('fs');",
      "const app = require('express')();",
      'class LocalWhisper { async processFile(p) { return fs.readFileSync(p); } }',
      'class OpenAiWhisper { async processFile(p) { return fetch(p); } }',
      'const PROVIDERS = { local: LocalWhisper, openai: OpenAiWhisper };',
      "app.post('/audio', async (req, res) => {",
      `  const Provider = ${pick};`,
      '  const whisper = new Provider({});',
      '  res.json(await whisper.processFile(req.body.path));',
      '});',
    ].join('\n'),
  });
  const chains = (pick: string): string[] => route(pick).filter((f) => f.reach === undefined).map((f) => `${f.line} ${f.chain.map((s) => s.symbol).join(' > ')}`);
  assert.deepEqual(chains('PROVIDERS.hasOwnProperty(req.body.p) ? PROVIDERS[req.body.p] : PROVIDERS.local'), ['3 POST /audio > LocalWhisper.processFile']);
  assert.deepEqual(chains('PROVIDERS[req.body.p] ?? OpenAiWhisper'), ['3 POST /audio > LocalWhisper.processFile']);
  // A key written in the code picks one class: the walk follows it as it is.
  assert.deepEqual(chains("PROVIDERS['openai']"), []);
});

test('an array pushed to in a loop is as large as the loop list: sized by data over data, qualified over a list the code configures', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      "const GROUPS = require('./config').assistantGroups;",
      "app.post('/run', async (req, res) => {",
      '  const rows = await Row.findAll();',
      '  const saves = [];',
      '  for (const row of rows) saves.push(row.save());',
      '  await Promise.all(saves);',
      '  const lists = [];',
      '  for (const group of GROUPS) lists.push(listGroup(group));',
      '  await Promise.all(lists);',
      '  const sent = [];',
      '  for (let i = 0; i < req.body.ids.length; i++) sent.push(send(req.body.ids[i]));',
      '  await Promise.all(sent);',
      '  const polled = [];',
      '  while (await more()) polled.push(fetchPage());',
      '  await Promise.all(polled);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.rule === 'no-unbounded-promise-all').map(fanOut), [
    '7 no-unbounded-promise-all info sized',
    '10 no-unbounded-promise-all info',
    '13 no-unbounded-promise-all info sized',
    '16 no-unbounded-promise-all info sized',
  ]);
  assert.match(findings.find((f) => f.line === 10)!.message, /if the list the loop goes over can grow with input/);
});

test('a module required from a table of paths (require(CONVERTERS[ext])) may be any module the table names', () => {
  const findings = analyse({
    'utils/constants.js': [
      'const CONVERTERS = {',
      "  '.txt': './convert/asTxt.js',",
      "  '.md': './convert/asTxt.js',",
      "  '.xlsx': './convert/asXlsx',",
      "  '.remote': 'some-package',",
      '};',
      'module.exports = { CONVERTERS };',
    ].join('\n'),
    'processSingleFile/index.js': [
      "const { CONVERTERS } = require('../utils/constants');",
      'async function processSingleFile(file, ext) {',
      '  const Convert = require(CONVERTERS[ext]);',
      '  return await Convert({ file });',
      '}',
      'module.exports = { processSingleFile };',
    ].join('\n'),
    'processSingleFile/convert/asTxt.js': "const fs = require('fs');\nasync function asTxt({ file }) { return fs.readFileSync(file, 'utf8'); }\nmodule.exports = asTxt;",
    'processSingleFile/convert/asXlsx.js': "const fs = require('fs');\nmodule.exports = async function asXlsx({ file }) { return fs.readFileSync(file); };",
    // Not in the table: never reached by the lookup.
    'processSingleFile/convert/asDoc.js': "const fs = require('fs');\nmodule.exports = async function asDoc({ file }) { return fs.readFileSync(file); };",
    'app.js': [
      "const app = require('express')();",
      "const { processSingleFile } = require('./processSingleFile');",
      "app.post('/process', async (req, res) => res.json(await processSingleFile(req.body.file, req.body.ext)));",
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.reach !== 'unknown').map((f) => `${f.file}:${f.line} ${f.severity} ${f.chain.map((s) => s.symbol).join(' > ')}`), [
    'processSingleFile/convert/asTxt.js:2 warning POST /process > processSingleFile > asTxt',
    'processSingleFile/convert/asXlsx.js:2 warning POST /process > processSingleFile > module.exports',
    // The computed require itself is the require rule's note.
    'processSingleFile/index.js:3 info POST /process > processSingleFile',
  ]);
});

test('a polling loop started at start-up is a repeating timer: its body is hot, the code before it and retry loops are not', () => {
  const findings = analyse({
    'worker.js': [
      "const fs = require('fs');",
      'const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));',
      'async function processing(interval) {',
      "  const seed = fs.readFileSync('seed.json');",
      '  while (true) {',
      '    const jobs = await takeJobs(seed);',
      '    if (jobs.length === 0) { await delay(interval); continue; }',
      '    for (const job of jobs) fs.readFileSync(job.path);',
      '    await delay(interval);',
      '  }',
      '}',
      'async function fetchWithRetry(url) {',
      '  while (true) {',
      "    try { return await fetch(url); } catch { fs.appendFileSync('retries.log', url); await delay(100); }",
      '  }',
      '}',
      'async function neverStarted() {',
      "  while (true) { fs.readFileSync('never.json'); await delay(5); }",
      '}',
      'async function takeJobs() { return fetchWithRetry("http://queue/take"); }',
      'async function init() {',
      '  await processing(1000);',
      '}',
      'init();',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.rule === 'no-sync-io-in-hot-path').map(summary), [
    '8 no-sync-io-in-hot-path warning',
    // Reached from the loop's body, but in a catch block: only when the fetch failed (analysis-failure-path.test.ts).
    '14 no-sync-io-in-hot-path info',
    '18 no-sync-io-in-hot-path info unknown',
  ]);
  assert.deepEqual(findings[0].chain.map((s) => s.symbol), ['polling loop: processing']);
  assert.deepEqual(findings[1].chain.map((s) => s.symbol), ['polling loop: processing', 'takeJobs', 'fetchWithRetry']);
});

test('listeners registered in a loop over a literal list of signals are shutdown handlers; a list with a per-event name is not', () => {
  const findings = analyse({
    'worker.js': [
      "const fs = require('fs');",
      'async function drain(code) { fs.writeFileSync("exit.log", String(code)); }',
      "['SIGTERM', 'SIGINT'].forEach((evt) => process.on(evt, (code) => { drain(code); }));",
      "for (const sig of ['SIGHUP', 'SIGUSR2']) process.on(sig, () => fs.appendFileSync('signals.log', sig));",
      "const bus = require('./bus');",
      "for (const name of ['close', 'message']) bus.on(name, () => fs.appendFileSync('bus.log', name));",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['6 no-sync-io-in-hot-path warning']);
});

test("a two-handler .then fails through either handler: a throwing onFulfilled rejects the chain's promise", () => {
  const findings = analyse({
    'routes.js': [
      "const app = require('express')();",
      "const axios = require('axios');",
      'async function check(url) { await axios.get(url).then((r) => { if (!r.ok) throw new Error(url); }, () => {}); }',
      'async function probe(url) { await axios.get(url).then((r) => r.status, () => {}); }',
      "app.post('/a', (req, res) => {",
      '  check(req.body.url);',
      '  probe(req.body.url);',
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['6 no-floating-promise warning']);
});
