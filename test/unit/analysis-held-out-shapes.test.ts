// Judgements made after reading langfuse (held out from the rules' tuning): a list the code caps before it fans out,
// an async generator's loop, an await inside nested loops, a reentrancy flag that is not a one-time initialisation,
// a timer registered by a lazy initialisation, and a method name too common to dispatch on. Each case is a small
// project analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const analyse = analyseTempProject;

const summary = (f: Finding): string => `${f.line} ${f.rule} ${f.severity}${f.reach ? ` ${f.reach}` : ''}`;

test('a list whose length is checked against a bound before the fan-out, with an exit, is not unbounded', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      'const MAX_FILES = 5;',
      "app.post('/upload', async (req, res) => {",
      '  if (req.body.files.length > MAX_FILES) {',
      "    return res.status(400).json({ error: 'too many files' });",
      '  }',
      '  const valid = [];',
      '  for (const file of req.body.files) valid.push({ name: file.name, data: Buffer.from(file.base64, "base64") });',
      '  res.json(await Promise.all(valid.map((f) => upload(f))));',
      '});',
      "app.post('/one', async (req, res) => {",
      "  if (req.body.ids.length !== 1) throw new Error('one id');",
      '  res.json(await Promise.all(req.body.ids.map((id) => fetch(id))));',
      '});',
      // Checked, but the branch goes on: no cap.
      "app.post('/warn', async (req, res) => {",
      "  if (req.body.ids.length > 100) console.warn('many');",
      '  res.json(await Promise.all(req.body.ids.map((id) => fetch(id))));',
      '});',
      'async function upload(f) { return fetch(f.name); }',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['17 no-unbounded-promise-all warning']);
});

test("an async generator's loop that yields each item is not a sequential-await finding; nested loops flag an await once", () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      'async function* rows(ids) {',
      '  for (const id of ids) {',
      '    const model = await findModel(id);',
      '    yield { id, model };',
      '  }',
      '}',
      "app.get('/export', async (req, res) => {",
      '  for await (const row of rows(req.query.ids)) res.write(JSON.stringify(row));',
      '  for (const a of req.body.as) {',
      '    for (const b of req.body.bs) {',
      '      await fetch(a + b);',
      '    }',
      '  }',
      '  res.end();',
      '});',
      'async function findModel(id) { return fetch(id); }',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['12 no-sequential-await-in-loop info']);
});

test('a reentrancy flag cleared when the work ends is not a one-time initialisation; a timer a singleton sets up fires repeatedly', () => {
  const findings = analyse({
    'writer.js': [
      'class Writer {',
      '  static getInstance() {',
      '    if (!Writer.instance) Writer.instance = new Writer();',
      '    return Writer.instance;',
      '  }',
      '  constructor() {',
      '    this.busy = false;',
      '    this.timer = setInterval(() => {',
      '      if (this.busy) return;',
      '      this.busy = true;',
      '      this.flush().finally(() => { this.busy = false; });',
      '    }, 1000);',
      '  }',
      "  async flush() { await fetch('http://db/write', { method: 'POST' }); }",
      '}',
      'module.exports = Writer;',
    ].join('\n'),
    'app.js': [
      "const app = require('express')();",
      "const Writer = require('./writer');",
      "app.post('/event', (req, res) => { Writer.getInstance(); res.end(); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['11 no-floating-promise warning']);
});

test('a call of execute() on an unknown receiver does not reach every subclass method named execute', () => {
  const findings = analyse({
    'runners.js': [
      "const fs = require('fs');",
      'class Runner { async execute() {} }',
      "class CleanupRunner extends Runner { async execute() { fs.readdirSync('/tmp'); } }",
      "class MetricsRunner extends Runner { async execute() { fs.readFileSync('/proc/stat'); } }",
      'module.exports = { CleanupRunner, MetricsRunner };',
    ].join('\n'),
    'agent.js': [
      "const app = require('express')();",
      "app.post('/tool', async (req, res) => { const tool = req.app.locals.tools[req.body.name]; res.json(await tool.execute(req.body.args)); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), []);
});

test('a callback a lazy initialisation hands to a timer or a listener runs each time it fires, not once', () => {
  const findings = analyse({
    'jobs.js': [
      "const app = require('express')();",
      'let sweeper;',
      "app.post('/job', (req, res) => {",
      '  if (!sweeper) {',
      '    sweeper = setInterval(() => { sweep().then(() => console.log("swept")); }, 60000);',
      "    readConfig().then((c) => console.log(c));",
      '  }',
      '  res.end();',
      '});',
      "async function sweep() { await fetch('http://jobs/sweep', { method: 'POST' }); }",
      "async function readConfig() { return fetch('http://config'); }",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['5 no-floating-promise warning', '6 no-floating-promise info once']);
});

test('a loop over the batches a chunk helper made, held in a variable first, fans out one bounded batch at a time', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      "const chunk = require('lodash/chunk');",
      "app.post('/ingest', async (req, res) => {",
      '  const batches = chunk(req.body.files, 50);',
      '  for (const batch of batches) await Promise.all(batch.map((f) => fetch(f.url)));',
      '  const groups = group(req.body.files);',
      '  for (const g of groups) await Promise.all(g.map((f) => fetch(f.url)));',
      '  res.end();',
      '});',
      'function group(files) { return [files]; }',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-unbounded-promise-all info']);
});

test("a floating call of a function whose only failure path is a promise that never rejects (graphql-subscriptions' PubSub.publish) is not reported", () => {
  const findings = analyse({
    'pubsub.service.ts': [
      "import { PubSub as LocalPubSub } from 'graphql-subscriptions';",
      'export class PubSubService {',
      '  private pubsub: LocalPubSub;',
      '  onModuleInit() { this.pubsub = new LocalPubSub(); }',
      '  async publish(topic: string, payload: unknown) { await this.pubsub.publish(topic, payload); }',
      '}',
    ].join('\n'),
    'audit.service.ts': [
      'export class AuditService {',
      "  async record(event: unknown) { await fetch('http://audit/events', { method: 'POST', body: JSON.stringify(event) }); }",
      '}',
    ].join('\n'),
    'app.ts': [
      "import express from 'express';",
      "import { PubSubService } from './pubsub.service';",
      "import { AuditService } from './audit.service';",
      'const pubsub = new PubSubService();',
      'const audit = new AuditService();',
      "express().post('/team', (req: any, res: any) => {",
      "  pubsub.publish('team/updated', req.body);",
      "  audit.record(req.body);",
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${summary(f)}`), ['app.ts:8 no-floating-promise warning']);
});

test("a cache write through cache-manager's Cache (Keyv catches store errors) cannot reject; a read can", () => {
  const findings = analyse({
    'redis-cache.service.ts': [
      "import { CACHE_MANAGER, Cache } from '@nestjs/cache-manager';",
      "import { Inject } from '@nestjs/common';",
      'export class RedisCacheService {',
      '  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}',
      '  set(key: string, value: string): Promise<string> { return this.cache.set(key, value, 60_000); }',
      '  get(key: string): Promise<string | undefined> { return this.cache.get(key); }',
      '}',
    ].join('\n'),
    'app.ts': [
      "import express from 'express';",
      "import { RedisCacheService } from './redis-cache.service';",
      'const cache = new RedisCacheService();',
      "express().get('/quote', (req: any, res: any) => {",
      "  cache.set('quote', String(req.query.symbol));",
      "  cache.get('quote');",
      '  res.end();',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file}:${summary(f)}`), ['app.ts:6 no-floating-promise warning']);
});

test('an async function given to an emitter as a listener is a floating promise when it can fail: a note', () => {
  const findings = analyse({
    'bus.js': [
      "const { EventEmitter } = require('events');",
      'const bus = new EventEmitter();',
      "bus.on('feature-created', async (event) => {",
      "  await fetch('http://onboarding/first-flag', { method: 'POST', body: JSON.stringify(event) });",
      '});',
      "bus.on('feature-updated', async (event) => {",
      "  try { await fetch('http://audit', { method: 'POST', body: String(event.id) }); } catch (err) { console.error(err); }",
      '});',
      "bus.on('feature-deleted', (event) => console.log(event.id));",
      'module.exports = bus;',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['3 no-floating-promise info']);
  assert.match(findings[0].message, /async listener returns a promise the emitter drops/);
});

test('an async listener handed over by name is reported on the registration, unless nothing in it can fail', () => {
  const findings = analyse({
    'sync.js': [
      "const Redis = require('ioredis');",
      'class Sync {',
      '  constructor() {',
      '    this.sub = new Redis();',
      "    this.sub.on('messageBuffer', this.handleMessage);", // 5: can fail
      "    this.sub.on('error', this.handleError);", // 6: catches everything
      "    this.sub.on('ready', this.handleReady);", // 7: not async
      '  }',
      '  handleMessage = async (channel, data) => { await this.apply(JSON.parse(data)); };',
      '  handleError = async (err) => { try { await this.report(err); } catch {} };',
      '  handleReady = () => {};',
      '  async apply(doc) { await fetch(`http://doc/${doc.id}`); }',
      '  async report(err) { await fetch(`http://log/${err}`); }',
      '}',
      'module.exports = new Sync();',
    ].join('\n'),
  });
  const listeners = findings.filter((f) => f.rule === 'no-floating-promise');
  assert.deepEqual(listeners.map(summary), ['5 no-floating-promise info']);
  assert.match(listeners[0].message, /^this\.handleMessage is an async listener: the emitter drops the promise it returns/);
});

test('a TLS key read in one branch of a choice is key material; a Node callback API does not make its caller fail', () => {
  const findings = analyse({
    'app.js': [
      "const fs = require('fs');",
      "const path = require('path');",
      "const app = require('express')();",
      'function tlsOptions() {',
      '  return { ca: process.env.CA_PATH ? fs.readFileSync(process.env.CA_PATH) : undefined, cert: fs.readFileSync(process.env.CERT) };',
      '}',
      'async function removeFile(name) {',
      "  const full = path.join(process.cwd(), 'data', name);",
      "  fs.unlink(full, (err) => { if (err) console.log(err); });",
      '}',
      'async function removeStrict(name) {',
      "  fs.unlinkSync(path.join(process.cwd(), 'data', name));",
      '}',
      "app.delete('/file/:name', (req, res) => {",
      '  removeFile(req.params.name);', // 15: cannot reject
      '  removeStrict(req.params.name);', // 16: can
      '  res.json(tlsOptions());',
      '});',
    ].join('\n'),
  });
  // unlinkSync is one metadata call (a note); fs.unlink with a callback blocks nothing.
  assert.deepEqual(findings.map(summary).sort(), [
    '12 no-sync-io-in-hot-path info',
    '16 no-floating-promise warning',
    '5 no-sync-io-in-hot-path info',
    '5 no-sync-io-in-hot-path info',
  ].sort());
});

test('a function destructured from a value nothing resolves is the member its receiver key names, in a module of that name', () => {
  // Logto: every route destructures `tenant`; the libraries are object literals that factories in libraries/<name>.ts return.
  const findings = analyse({
    'libraries/user.ts': [
      "import { argon2Verify } from 'hash-wasm';",
      'export const createUserLibrary = () => {',
      '  const verifyUserPassword = async (hash: string, password: string) => argon2Verify({ password, hash });',
      '  const findUsers = async (q: string) => [q];',
      '  return { verifyUserPassword, findUsers };',
      '};',
    ].join('\n'),
    'libraries/role/index.ts': [
      "import forge from 'node-forge';",
      'export const createRoleLibrary = () => ({',
      '  rotateKey: async () => forge.pki.rsa.generateKeyPair({ bits: 4096 }),',
      '});',
    ].join('\n'),
    'libraries/audit.ts': [
      "import { argon2Verify } from 'hash-wasm';",
      'export const createAuditLibrary = () => ({ checkTrail: async (h: string) => argon2Verify({ password: h, hash: h }) });',
    ].join('\n'),
    'routes/me.ts': [
      'export default function meRoutes(router: any, tenant: any) {',
      '  const { libraries: { users: { verifyUserPassword }, roles: { rotateKey }, logs: { checkTrail } } } = tenant;',
      "  router.post('/me/password', async (ctx: any) => { ctx.body = await verifyUserPassword(ctx.user.hash, ctx.body.password); });",
      "  router.post('/me/key', async (ctx: any) => { ctx.body = await rotateKey(); });",
      // `logs` names no module that returns checkTrail: not linked.
      "  router.post('/me/trail', async (ctx: any) => { ctx.body = await checkTrail(ctx.body.h); });",
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.map((f) => `${f.file} ${summary(f)}`).sort(), [
    'libraries/role/index.ts 3 no-blocking-crypto-in-hot-path warning',
    'libraries/user.ts 3 no-blocking-crypto-in-hot-path warning',
  ]);
  const verify = findings.find((f) => f.file === 'libraries/user.ts')!;
  assert.deepEqual(verify.chain.map((s) => s.symbol), ['POST /me/password', 'verifyUserPassword']);
  assert.match(verify.message, /^argon2Verify \(hash-wasm\) blocks the event loop/);

  // The same member read off the receiver at the call.
  const viaProperty = analyse({
    'libraries/user.ts': [
      "import { argon2Verify } from 'hash-wasm';",
      'export const createUserLibrary = () => {',
      '  const verifyUserPassword = async (hash: string, password: string) => argon2Verify({ password, hash });',
      '  return { verifyUserPassword };',
      '};',
    ].join('\n'),
    'routes/me.ts': [
      'export default function meRoutes(router: any, tenant: any) {',
      "  router.post('/me/password', async (ctx: any) => { ctx.body = await tenant.libraries.users.verifyUserPassword(ctx.user.hash, ctx.body.p); });",
      '}',
    ].join('\n'),
  });
  assert.deepEqual(viaProperty.map((f) => `${f.file} ${summary(f)}`), ['libraries/user.ts 3 no-blocking-crypto-in-hot-path warning']);
});

test('hash-wasm digests and forge key generation with a callback are not reported; its key derivations are', () => {
  const findings = analyse({
    'app.ts': [
      "import express from 'express';",
      "import { sha256, bcryptVerify } from 'hash-wasm';",
      "import * as forge from 'node-forge';",
      'const app = express();',
      "app.post('/a', async (req, res) => {",
      '  const digest = await sha256(req.body.token);',
      '  const ok = await bcryptVerify({ password: req.body.p, hash: req.body.h });', // 7
      '  forge.pki.rsa.generateKeyPair({ bits: 2048 }, (err: unknown, pair: unknown) => res.json({ digest, ok, pair }));',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-blocking-crypto-in-hot-path warning']);
});

test('an async listener a project factory returns, from another file, is reported on the registration when it can fail', () => {
  // Logto: provider.addListener('authorization.success', createAuthorizationSuccessListener(provider, queries)).
  const findings = analyse({
    'listeners.ts': [
      'export const createSuccessListener = (db: any) => async (ctx: any) => { await db.revoke(ctx.grantId); };',
      'export const createQuietListener = (db: any) => async (ctx: any) => { try { await db.count(ctx); } catch {} };',
      'export const createSyncListener = (db: any) => (ctx: any) => { db.touch(ctx); };',
    ].join('\n'),
    'app.ts': [
      "import express from 'express';",
      "import { EventEmitter } from 'node:events';",
      "import { createSuccessListener, createQuietListener, createSyncListener } from './listeners';",
      'const app = express();',
      "app.post('/authorize', (req: any, res: any) => {",
      '  const provider = new EventEmitter();',
      "  provider.addListener('authorization.success', createSuccessListener(req.db));", // 7: can fail
      "  provider.addListener('access_token.issued', createQuietListener(req.db));", // catches everything
      "  provider.addListener('session.saved', createSyncListener(req.db));", // not async
      '  res.end();',
      '});',
    ].join('\n'),
  });
  const listeners = findings.filter((f) => f.rule === 'no-floating-promise');
  assert.deepEqual(listeners.map(summary), ['7 no-floating-promise info']);
  assert.match(listeners[0].message, /^createSuccessListener\(\) returns an async listener: the emitter drops the promise it returns/);
});

test('void on a method of a receiver nothing resolves is reported when the class it is named after has that method and it can fail', () => {
  // Logto: `void tenant.invalidateCache()` on a parameter typed by an abstract TenantContext that Tenant implements.
  const findings = analyse({
    'tenant.ts': [
      'export default class Tenant {',
      '  constructor(private readonly db: any) {}',
      '  async invalidateCache() { await this.db.query("UPDATE tenants SET expires_at = now()"); }',
      '  async touch() { try { await this.db.query("SELECT 1"); } catch {} }',
      '}',
    ].join('\n'),
    'routes.ts': [
      'export default function configRoutes(router: any, tenant: any, cache: any) {',
      "  router.delete('/configs/keys/:id', async (ctx: any) => {",
      '    void tenant.invalidateCache();', // 3: can fail
      '    void tenant.touch();', // catches everything
      '    void cache.invalidateCache();', // no class or module named cache
      '    ctx.status = 204;',
      '  });',
      '}',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['3 no-floating-promise warning']);
  assert.match(findings[0].message, /^the promise returned by tenant\.invalidateCache\(\) is marked with void/);
});

test('a limiter is named by a whole word of the callee: parseMissing is not sem, sema.acquire and rateLimiter are', () => {
  // Logto: `filterAndParseMissingResourceScopes` (par-sem-issing) once made a fan-out over a user's organizations look limited.
  const findings = analyse({
    'app.ts': [
      "import express from 'express';",
      "import { Sema } from 'async-sema';",
      "import { filterAndParseMissingResourceScopes, rateLimiter } from './scopes';",
      'const app = express();',
      "app.get('/consent', async (req: any, res: any) => {",
      '  const orgs = await req.db.findOrgs(req.user);',
      '  const a = await Promise.all(orgs.map(async (o: any) => filterAndParseMissingResourceScopes(o.id)));', // 7
      '  const sema = new Sema(4);',
      '  const b = await Promise.all(orgs.map(async (o: any) => { await sema.acquire(); try { return await req.db.scopes(o.id); } finally { sema.release(); } }));',
      '  const c = await Promise.all(orgs.map((o: any) => rateLimiter(() => req.db.scopes(o.id))));',
      '  res.json({ a, b, c });',
      '});',
    ].join('\n'),
    'scopes.ts': [
      'export const filterAndParseMissingResourceScopes = async (id: string) => (await fetch(`http://scopes/${id}`)).json();',
      'export const rateLimiter = <T>(f: () => Promise<T>) => f();',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-unbounded-promise-all info']);
});

test("samlify's service provider parses and checks a login response on the event loop, behind its promise", () => {
  // Logto's enterprise SSO: every SAML login posts an assertion whose schema and signature are checked synchronously.
  const findings = analyse({
    'sso.ts': [
      "import express from 'express';",
      "import * as saml from 'samlify';",
      'const app = express();',
      "app.post('/sso/saml/:id', async (req: any, res: any) => {",
      '  const idp = saml.IdentityProvider({ metadata: req.connector.metadata });',
      '  const sp = saml.ServiceProvider({ entityID: req.connector.entityId });',
      "  const result = await sp.parseLoginResponse(idp, 'post', req);", // 7
      '  res.json(result.extract);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['7 no-cpu-heavy-library-in-hot-path info']);
  assert.match(findings[0].message, /^ServiceProvider#parseLoginResponse \(samlify\) computes on the event loop/);
});

test('a library instance named by a qualified type, in a field or as what a getter returns, is followed to its methods', () => {
  // Logto's SAML applications: the identity provider is built lazily behind a getter typed with samlify's
  // `IdentityProviderInstance`, and each login response is built and signed through it.
  const findings = analyse({
    'saml-app.ts': [
      "import express from 'express';",
      "import saml from 'samlify';",
      'class SamlApplication {',
      '  private _idp?: saml.IdentityProviderInstance;',
      '  private readonly sp: saml.ServiceProviderInstance;',
      '  constructor(sp: saml.ServiceProviderInstance) { this.sp = sp; }',
      '  get idp(): saml.IdentityProviderInstance {',
      '    this._idp ||= saml.IdentityProvider({});',
      '    return this._idp;',
      '  }',
      "  login(user: unknown) { return this.idp.createLoginResponse(this.sp, {}, 'post', user); }", // 11
      "  acs(req: unknown) { return this.sp.parseLoginResponse(this.idp, 'post', req); }", // 12
      '}',
      'const app = express();',
      "app.get('/callback', async (req: any, res: any) => {",
      '  const a = new SamlApplication(saml.ServiceProvider({}));',
      '  res.send(await a.login(req.user));',
      '  res.send(await a.acs(req));',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['11 no-cpu-heavy-library-in-hot-path info', '12 no-cpu-heavy-library-in-hot-path info']);
  assert.match(findings[0].message, /^IdentityProviderInstance#createLoginResponse \(samlify\)/);
});

test("a resolver that returns a handler from a table, by key or from a loop over an array of entries, leads to every handler it can return", () => {
  // AnythingLLM's Telegram bot: `const handler = resolveCallbackHandler(data); await handler(...)` per button press.
  const findings = analyse({
    'callbacks.js': [
      "const fs = require('fs');",
      'async function showThreads({ threads }) {',
      '  for (const t of threads) await Chats.count({ thread: t.id });', // 3
      '}',
      "function showWorkspace() { return fs.readFileSync('/tmp/ws.json', 'utf8'); }", // 5
      "function notHandled() { return fs.readFileSync('/tmp/other.json', 'utf8'); }",
      "const Exact = { 'ws-create': showWorkspace };",
      "const Prefixed = [{ prefix: 'th:', handler: showThreads }];",
      'const others = [{ prefix: "x", handler: notHandled }];',
      'function resolveCallbackHandler(data) {',
      '  if (Exact[data]) return Exact[data];',
      '  for (const { prefix, handler } of Prefixed) {',
      '    if (data.startsWith(prefix)) return handler;',
      '  }',
      '  return null;',
      '}',
      'module.exports = { resolveCallbackHandler, others };',
    ].join('\n'),
    'bot.js': [
      "const TelegramBot = require('node-telegram-bot-api');",
      "const { resolveCallbackHandler } = require('./callbacks');",
      'const bot = new TelegramBot(process.env.TOKEN, { polling: true });',
      "bot.on('callback_query', async (query) => {",
      '  try {',
      '    const handler = resolveCallbackHandler(query.data);',
      '    if (handler) await handler({ threads: query.threads });',
      '  } catch (err) { console.error(err); }',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.file === 'callbacks.js').map(summary), [
    '3 no-sequential-await-in-loop info',
    '5 no-sync-io-in-hot-path warning',
  ]);
});
