// Judgements made after reading Unleash, OpenPanel and LibreChat (held out from the rules' tuning): services that hold
// their stores by interface, wrappers that return a Redis client's promise, and fan-outs bounded by a batch or a page.
// Each case is a small project analysed as `check` would, from syntax alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/analysis/findings';
import { analyseTempProject } from './analyse-temp-project';

const analyse = analyseTempProject;

const summary = (f: Finding): string => `${f.file}:${f.line} ${f.rule} ${f.severity}`;

/** Unleash's shape: a service holds its store by an interface; the store class declares that it implements it. */
const STORE_FILES = {
  'types.ts': [
    'export interface ITokenStore {',
    '  markSeenAt(selector: string): Promise<void>;',
    '  load(selector: string): Promise<string>;',
    '}',
  ].join('\n'),
  'store.ts': [
    "import { readFileSync } from 'node:fs';",
    "import type { ITokenStore } from './types.js';",
    'export class TokenStore implements ITokenStore {',
    '  constructor(private readonly db: any) {}',
    '  async markSeenAt(selector: string): Promise<void> {',
    "    await this.db('tokens').where({ selector }).update({ seen_at: new Date() });",
    '  }',
    '  async load(selector: string): Promise<string> {',
    "    return readFileSync(`/tokens/${selector}`, 'utf8');",
    '  }',
    '}',
  ].join('\n'),
  // A test double beside the real store: the running service never holds it.
  'fake-store.ts': [
    "import { readFileSync } from 'node:fs';",
    "import type { ITokenStore } from './types.js';",
    'export class FakeTokenStore implements ITokenStore {',
    '  async markSeenAt(selector: string): Promise<void> {}',
    '  async load(selector: string): Promise<string> {',
    "    return readFileSync('/fixtures/token', 'utf8');",
    '  }',
    '}',
  ].join('\n'),
  'service.ts': [
    "import type { ITokenStore } from './types.js';",
    'export class TokenService {',
    '  private store: ITokenStore;',
    '  constructor({ store }: { store: ITokenStore }) {',
    '    this.store = store;',
    '  }',
    '  async userFor(selector: string) {',
    '    void this.store.markSeenAt(selector);',
    '    return this.store.load(selector);',
    '  }',
    '}',
  ].join('\n'),
  'app.ts': [
    "import express from 'express';",
    "import { TokenService } from './service';",
    "import { TokenStore } from './store';",
    'const app = express();',
    'const service = new TokenService({ store: new TokenStore(null) });',
    "app.get('/me', async (req, res) => { res.json(await service.userFor(String(req.query.s))); });",
    'app.listen(3000);',
  ].join('\n'),
};

test('a method called on a field typed by an interface reaches the classes that implement it, not a Fake one', () => {
  const findings = analyse(STORE_FILES);
  assert.deepEqual(findings.map(summary).sort(), [
    'service.ts:8 no-floating-promise warning',
    'store.ts:9 no-sync-io-in-hot-path warning',
  ]);
});

test('without `implements`, an interface-typed field links nothing: the type alone names no class', () => {
  const files = { ...STORE_FILES, 'store.ts': STORE_FILES['store.ts'].replace(' implements ITokenStore', '') };
  assert.deepEqual(analyse(files).map(summary), []);
});

test('a registry of objects typed by an interface: a call of its member on what the Map holds reaches each typed object literal', () => {
  // Perplexica's shape: research actions registered in a static Map<string, ResearchAction>, run by name per chat.
  const findings = analyse({
    'types.ts': 'export interface ResearchAction<S = unknown> { name: string; execute(input: S): Promise<string>; }',
    'actions/scrape.ts': [
      "import { readFileSync } from 'node:fs';",
      "import type { ResearchAction } from '../types';",
      'const scrape: ResearchAction<{ url: string }> = {',
      "  name: 'scrape',",
      "  execute: async (input) => readFileSync(`/cache/${input.url}`, 'utf8'),", // 5
      '};',
      'export default scrape;',
    ].join('\n'),
    'actions/search.ts': [
      "import { execSync } from 'node:child_process';",
      "import type { ResearchAction } from '../types';",
      'export const search = {',
      "  name: 'search',",
      '  async execute(input: { q: string }) {',
      '    return execSync(`grep -r ${input.q} /docs`).toString();', // 6
      '  },',
      '} satisfies ResearchAction<{ q: string }>;',
    ].join('\n'),
    // Not typed by the interface: nothing says a registry holds it.
    'actions/untyped.ts': [
      "import { readFileSync } from 'node:fs';",
      "export const untyped = { name: 'untyped', execute: async () => readFileSync('/etc/hosts', 'utf8') };",
    ].join('\n'),
    'registry.ts': [
      "import type { ResearchAction } from './types';",
      'export class ActionRegistry {',
      '  private static actions: Map<string, ResearchAction> = new Map();',
      '  static register(action: ResearchAction<any>) { this.actions.set(action.name, action); }',
      '  static async execute(name: string, input: unknown) {',
      '    const action = this.actions.get(name);',
      "    if (!action) throw new Error('no such action');",
      '    return action.execute(input);',
      '  }',
      '}',
    ].join('\n'),
    'app.ts': [
      "import express from 'express';",
      "import { ActionRegistry } from './registry';",
      "import scrape from './actions/scrape';",
      "import { search } from './actions/search';",
      'ActionRegistry.register(scrape);',
      'ActionRegistry.register(search);',
      'const app = express();',
      "app.post('/research', async (req, res) => { res.json(await ActionRegistry.execute(req.body.action, req.body.input)); });",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary).sort(), [
    'actions/scrape.ts:5 no-sync-io-in-hot-path warning',
    'actions/search.ts:6 no-sync-io-in-hot-path warning',
  ]);
  assert.deepEqual(findings.find((f) => f.file === 'actions/scrape.ts')!.chain.map((s) => s.symbol), ['POST /research', 'ActionRegistry.execute', 'scrape.execute']);
});

test("a function that returns a Redis client's promise is a promise: dropped, it floats, from this file or another", () => {
  const findings = analyse({
    'redis.ts': [
      "import Redis from 'ioredis';",
      'export function createRedisClient(url: string) {',
      '  const client = new Redis(url);',
      "  client.on('error', () => undefined);",
      '  return client;',
      '}',
      'let redisPub: Redis;',
      'export function getRedisPub() {',
      "  if (!redisPub) redisPub = createRedisClient('redis://cache');",
      '  return redisPub;',
      '}',
      // A wrapper in the file that makes the client.
      'export function touch(key: string) {',
      "  return getRedisPub().expire(key, 60);",
      '}',
    ].join('\n'),
    'publisher.ts': [
      "import { getRedisPub } from './redis';",
      // Called without the optional pipeline, the receiver is the client.
      'export function publishEvent(channel: string, event: unknown, multi?: any) {',
      '  const redis = multi ?? getRedisPub();',
      '  return redis.publish(channel, JSON.stringify(event));',
      '}',
      // A stream, not a promise.
      'export function scanKeys(pattern: string) {',
      '  return getRedisPub().scanStream({ match: pattern });',
      '}',
      'export function channelName(channel: string) {',
      '  return channel.toUpperCase();',
      '}',
    ].join('\n'),
    'job.ts': [
      "import { Worker } from 'bullmq';",
      "import { publishEvent, scanKeys, channelName } from './publisher';",
      "import { touch } from './redis';",
      "new Worker('notifications', async (job) => {",
      "  publishEvent('notification', job.data);",
      "  scanKeys('notification:*');",
      '  channelName(job.name);',
      '  touch(job.name);',
      '});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['job.ts:5 no-floating-promise warning', 'job.ts:8 no-floating-promise warning']);
});

test('a push loop that stops at Math.min(i + BATCH, n) fills one batch; Math.min of two lengths does not cap', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      'const BATCH_SIZE = 50;',
      "app.get('/configs', async (req, res) => {",
      '  const keys = await cache.keys();',
      '  const out = [];',
      '  for (let i = 0; i < keys.length; i += BATCH_SIZE) {',
      '    const batchEnd = Math.min(i + BATCH_SIZE, keys.length);',
      '    const promises = [];',
      '    for (let j = i; j < batchEnd; j++) promises.push(cache.get(keys[j]));',
      '    out.push(...(await Promise.all(promises)));',
      '  }',
      '  const pairs = [];',
      '  for (let j = 0; j < Math.min(keys.length, req.body.ids.length); j++) pairs.push(cache.get(keys[j]));',
      '  res.json([out, await Promise.all(pairs)]);',
      '});',
      'const cache = { keys: async () => [], get: async (k) => k };',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['app.js:14 no-unbounded-promise-all info']);
});

test('a query chained with .limit(batchSize) or .limit(25) is one page: fanning out over its rows is not reported', () => {
  const findings = analyse({
    'app.js': [
      "const app = require('express')();",
      'async function backfill(batchSize, n) {',
      "  const page = await db('events').whereNull('user_id').limit(batchSize).select(['id']);",
      "  await Promise.all(page.map((row) => db('events').update({ user_id: 0 }).where({ id: row.id })));",
      "  const recent = await db('events').orderBy('id').limit(25);",
      "  await Promise.all(recent.map((row) => db('events').update({ seen: true }).where({ id: row.id })));",
      "  const many = await db('events').limit(n);",
      "  await Promise.all(many.map((row) => db('events').update({ seen: true }).where({ id: row.id })));",
      '}',
      "app.post('/backfill', async (req, res) => { await backfill(100, Number(req.query.n)); res.end(); });",
      'const db = require("knex")({});',
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['app.js:8 no-unbounded-promise-all info']);
});

test("insert is too common a method name to dispatch on: a query builder's insert does not reach the subclasses' own", () => {
  const findings = analyse({
    'stores.js': [
      "const fs = require('node:fs');",
      'class CrudStore { async insert(row) { return row; } }',
      "class PlanStore extends CrudStore { async insert(row) { fs.readFileSync('/plans/' + row.id); return row; } }",
      "class MilestoneStore extends CrudStore { async insert(row) { fs.readFileSync('/milestones/' + row.id); return row; } }",
      'class LastSeenStore {',
      '  constructor(db) { this.db = db; }',
      "  async setLastSeen(rows) { await this.db('last_seen').insert(rows); }",
      '}',
      'module.exports = { PlanStore, MilestoneStore, LastSeenStore };',
    ].join('\n'),
    'app.js': [
      "const app = require('express')();",
      "const { LastSeenStore } = require('./stores');",
      'const store = new LastSeenStore(null);',
      "app.post('/seen', async (req, res) => { await store.setLastSeen(req.body.rows); res.end(); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), []);
});

test("archiver's finalize() returns a promise that rejects on an archive error: dropped, it floats; its other methods return the archive", () => {
  const findings = analyse({
    'backup.ts': [
      "import archiver from 'archiver';",
      "import { createWriteStream } from 'node:fs';",
      "import { Worker } from 'bullmq';",
      'function zip(out: string) {',
      '  return new Promise<void>((resolve, reject) => {',
      '    const output = createWriteStream(out);',
      "    output.on('close', () => resolve());",
      "    const archive = archiver('zip', { zlib: { level: 9 } });",
      "    archive.on('error', reject);",
      '    archive.pipe(output);',
      "    archive.file('/tmp/backup.json', { name: 'backup.json' });",
      '    archive.finalize();',
      '  });',
      '}',
      "new Worker('backup', async (job) => { await zip(job.data.out); });",
    ].join('\n'),
  });
  assert.deepEqual(findings.map(summary), ['backup.ts:12 no-floating-promise warning']);
});
