// Deterministic generator of a large, realistic Node.js/TypeScript service for the benchmark.
//
//   node bench/gen-project.mjs [OUT_DIR] [--domains N] [--seed S]
//
// Output (default `.bench/generated/service`): a tsconfig.json, a package.json and `src/` with a small
// framework layer (router, db, cache, logger, queue, worker pool) and N "domains" (users, orders, ...),
// each with a model, repository, service, routes, validators, jobs, event handlers, utils and an index.
// Files import each other across domains, request handlers are async, and a seeded PRNG sprinkles in the
// things Concurrency Lens and the ESLint baseline look for (sync fs/child_process/zlib/crypto calls,
// floating promises, unbounded Promise.all, awaits in loops, busy waits, ReDoS-prone regexes,
// new Worker per job, big postMessage payloads) at a realistic density: most code is fine.
// Same seed and domain count => byte-identical output (the sha256 of the tree is printed).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 1;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) { this.next = mulberry32(seed); }
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p) { return this.next() < p; }
  pick(arr) { return arr[Math.floor(this.next() * arr.length)]; }
  sample(arr, n) {
    const copy = arr.slice();
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
}

const DOMAIN_NAMES = [
  ['users', 'user'], ['orders', 'order'], ['invoices', 'invoice'], ['payments', 'payment'], ['products', 'product'],
  ['inventory', 'stockItem'], ['shipments', 'shipment'], ['carts', 'cart'], ['reviews', 'review'], ['coupons', 'coupon'],
  ['sessions', 'session'], ['notifications', 'notification'], ['subscriptions', 'subscription'], ['reports', 'report'],
  ['audits', 'auditEntry'], ['tenants', 'tenant'], ['teams', 'team'], ['projects', 'project'], ['tasks', 'task'],
  ['comments', 'comment'], ['attachments', 'attachment'], ['webhooks', 'webhook'], ['integrations', 'integration'],
  ['messages', 'message'], ['channels', 'channel'], ['devices', 'device'], ['locations', 'location'],
  ['vendors', 'vendor'], ['contracts', 'contract'], ['tickets', 'ticket'], ['refunds', 'refund'], ['ledgers', 'ledger'],
  ['budgets', 'budget'], ['forecasts', 'forecast'], ['campaigns', 'campaign'], ['segments', 'segment'],
  ['experiments', 'experiment'], ['metrics', 'metric'], ['alerts', 'alert'], ['backups', 'backup'],
  ['warehouses', 'warehouse'], ['carriers', 'carrier'], ['quotes', 'quote'], ['leads', 'lead'], ['accounts', 'account'],
  ['assets', 'asset'], ['licenses', 'license'], ['surveys', 'survey'], ['schedules', 'schedule'], ['exports', 'exportJob'],
];

const FIELD_POOL = [
  ['name', 'string', "''"], ['email', 'string', "''"], ['amount', 'number', '0'], ['currency', 'string', "'EUR'"],
  ['quantity', 'number', '0'], ['ownerId', 'string', "''"], ['tags', 'string[]', '[]'], ['description', 'string', "''"],
  ['priority', 'number', '0'], ['enabled', 'boolean', 'false'], ['region', 'string', "'eu-west-1'"], ['score', 'number', '0'],
  ['externalRef', 'string', "''"], ['title', 'string', "''"], ['weight', 'number', '0'], ['locale', 'string', "'en'"],
  ['archived', 'boolean', 'false'], ['notes', 'string', "''"], ['retries', 'number', '0'], ['source', 'string', "'api'"],
];

const pascal = (s) => s[0].toUpperCase() + s.slice(1);
const snake = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

// ---------------------------------------------------------------------------------------------------------
// The framework layer (src/lib). Hand-written, fixed.

const LIB = {
  'src/lib/http.ts': `// A tiny Express-like router over node:http, so the generated service has no dependencies.
import * as http from 'node:http';
import { URL } from 'node:url';
import { logger } from './logger';

export interface Request {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  user?: { id: string; tenantId: string; roles: string[] };
}

export interface Response {
  status(code: number): Response;
  setHeader(name: string, value: string): Response;
  json(body: unknown): void;
  send(body: string | Buffer): void;
}

export type Handler = (req: Request, res: Response) => void | Promise<void>;
export type Middleware = (req: Request, res: Response, next: () => Promise<void>) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handlers: Handler[];
}

export class HttpError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

export class Router {
  private readonly routes: Route[] = [];
  private readonly middleware: Middleware[] = [];

  use(mw: Middleware): this {
    this.middleware.push(mw);
    return this;
  }

  get(path: string, ...handlers: Handler[]): this { return this.add('GET', path, handlers); }
  post(path: string, ...handlers: Handler[]): this { return this.add('POST', path, handlers); }
  put(path: string, ...handlers: Handler[]): this { return this.add('PUT', path, handlers); }
  delete(path: string, ...handlers: Handler[]): this { return this.add('DELETE', path, handlers); }

  private add(method: string, path: string, handlers: Handler[]): this {
    const keys: string[] = [];
    const source = path.replace(/:([A-Za-z]+)/g, (_m, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp('^' + source + '$'), keys, handlers });
    return this;
  }

  async handle(raw: http.IncomingMessage, out: http.ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://localhost');
    const body = await readBody(raw);
    const req: Request = {
      method: raw.method ?? 'GET',
      path: url.pathname,
      params: {},
      query: Object.fromEntries(url.searchParams.entries()),
      headers: raw.headers,
      body,
    };
    const res = wrap(out);
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      route.keys.forEach((k, i) => (req.params[k] = decodeURIComponent(m[i + 1])));
      try {
        await this.run(req, res, route.handlers);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        logger.error('request failed', { path: req.path, status, err: String(err) });
        res.status(status).json({ error: String(err) });
      }
      return;
    }
    res.status(404).json({ error: 'not found' });
  }

  private async run(req: Request, res: Response, handlers: Handler[]): Promise<void> {
    let i = 0;
    const next = async (): Promise<void> => {
      const mw = this.middleware[i++];
      if (mw) return mw(req, res, next);
      for (const h of handlers) await h(req, res);
    };
    await next();
  }
}

function wrap(out: http.ServerResponse): Response {
  const res: Response = {
    status(code) { out.statusCode = code; return res; },
    setHeader(name, value) { out.setHeader(name, value); return res; },
    json(body) { out.setHeader('content-type', 'application/json'); out.end(JSON.stringify(body)); },
    send(body) { out.end(body); },
  };
  return res;
}

async function readBody(raw: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of raw) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createApp(router: Router): http.Server {
  return http.createServer((req, res) => {
    router.handle(req, res).catch((err) => logger.error('unhandled', { err: String(err) }));
  });
}
`,
  'src/lib/db.ts': `// An in-memory stand-in for a SQL client with an async API.
import { setTimeout as delay } from 'node:timers/promises';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export class Db {
  private readonly tables = new Map<string, Map<string, Row>>();
  private queries = 0;

  async query<T extends Row>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
    this.queries++;
    await delay(0);
    const table = this.tableFor(sql);
    if (sql.startsWith('SELECT')) {
      const id = params[0];
      const rows = [...table.values()].filter((r) => id === undefined || r.id === id) as T[];
      return { rows, rowCount: rows.length };
    }
    if (sql.startsWith('INSERT') || sql.startsWith('UPDATE')) {
      const row = (params[1] ?? {}) as Row;
      table.set(String(params[0]), { ...row, id: params[0] });
      return { rows: [], rowCount: 1 };
    }
    if (sql.startsWith('DELETE')) {
      const had = table.delete(String(params[0]));
      return { rows: [], rowCount: had ? 1 : 0 };
    }
    return { rows: [], rowCount: 0 };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    await this.query('BEGIN');
    try {
      const result = await fn(this);
      await this.query('COMMIT');
      return result;
    } catch (err) {
      await this.query('ROLLBACK');
      throw err;
    }
  }

  stats(): { queries: number; tables: number } {
    return { queries: this.queries, tables: this.tables.size };
  }

  private tableFor(sql: string): Map<string, Row> {
    const m = /(?:FROM|INTO|UPDATE)\\s+([a-z_]+)/i.exec(sql);
    const name = m ? m[1] : 'default';
    let t = this.tables.get(name);
    if (!t) {
      t = new Map();
      this.tables.set(name, t);
    }
    return t;
  }
}

export const db = new Db();
`,
  'src/lib/cache.ts': `// A small LRU cache with TTLs and an async facade (a remote cache would be async).
interface Entry<V> {
  value: V;
  expires: number;
}

export class LruCache {
  private readonly map = new Map<string, Entry<unknown>>();

  constructor(private readonly capacity = 10_000, private readonly ttlMs = 60_000) {}

  async get<V>(key: string): Promise<V | undefined> {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expires < Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, e);
    return e.value as V;
  }

  async set<V>(key: string, value: V, ttlMs = this.ttlMs): Promise<void> {
    if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
    this.map.set(key, { value, expires: Date.now() + ttlMs });
  }

  async invalidate(prefix: string): Promise<number> {
    let n = 0;
    for (const key of [...this.map.keys()]) {
      if (key.startsWith(prefix)) {
        this.map.delete(key);
        n++;
      }
    }
    return n;
  }
}

export const cache = new LruCache();
`,
  'src/lib/logger.ts': `// Structured logger. \`audit\` appends synchronously to a file, which is what many real services do.
import * as fs from 'node:fs';
import * as path from 'node:path';

type Level = 'debug' | 'info' | 'warn' | 'error';

const LOG_DIR = process.env.LOG_DIR ?? path.join(process.cwd(), 'logs');

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error') process.stderr.write(line + '\\n');
  else process.stdout.write(line + '\\n');
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};

export function audit(event: string, data: Record<string, unknown>): void {
  fs.appendFileSync(path.join(LOG_DIR, 'audit.log'), JSON.stringify({ event, ...data }) + '\\n');
}

export async function auditAsync(event: string, data: Record<string, unknown>): Promise<void> {
  await fs.promises.appendFile(path.join(LOG_DIR, 'audit.log'), JSON.stringify({ event, ...data }) + '\\n');
}
`,
  'src/lib/config.ts': `// Configuration is read once, synchronously, at start-up: that is fine, nothing is being served yet.
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

export interface Config {
  port: number;
  dataDir: string;
  templatesDir: string;
  maxBatch: number;
  features: Record<string, boolean>;
}

const file = process.env.CONFIG_FILE ?? path.join(process.cwd(), 'config.json');

export const config: Config = {
  port: 8080,
  dataDir: path.join(process.cwd(), 'data'),
  templatesDir: path.join(process.cwd(), 'templates'),
  maxBatch: 100,
  features: {},
  ...(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Config>) : {}),
};
`,
  'src/lib/events.ts': `import { EventEmitter } from 'node:events';

export interface DomainEvent {
  type: string;
  id: string;
  tenantId?: string;
  at: number;
  payload?: Record<string, unknown>;
}

export const bus = new EventEmitter();
bus.setMaxListeners(500);

export function publish(type: string, id: string, payload?: Record<string, unknown>): void {
  const event: DomainEvent = { type, id, at: Date.now(), payload };
  bus.emit(type, event);
}
`,
  'src/lib/queue.ts': `// A minimal in-process job queue.
import { logger } from './logger';

export interface Job<T = Record<string, unknown>> {
  id: number;
  name: string;
  data: T;
  attempts: number;
}

type Processor = (job: Job) => Promise<void>;

export class Queue {
  private readonly processors = new Map<string, Processor>();
  private readonly pending: Job[] = [];
  private nextId = 1;
  private running = false;

  process(name: string, fn: Processor): void {
    this.processors.set(name, fn);
  }

  add(name: string, data: Record<string, unknown>): number {
    const job: Job = { id: this.nextId++, name, data, attempts: 0 };
    this.pending.push(job);
    if (!this.running) setImmediate(() => void this.drain());
    return job.id;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.length) {
      const job = this.pending.shift()!;
      const fn = this.processors.get(job.name);
      if (!fn) continue;
      try {
        job.attempts++;
        await fn(job);
      } catch (err) {
        logger.warn('job failed', { name: job.name, id: job.id, err: String(err) });
        if (job.attempts < 3) this.pending.push(job);
      }
    }
    this.running = false;
  }
}

export const queue = new Queue();
`,
  'src/lib/pool.ts': `// A fixed-size worker_threads pool.
import { Worker } from 'node:worker_threads';
import * as os from 'node:os';

interface Task {
  payload: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];

  constructor(private readonly file: string, size = Math.max(1, os.availableParallelism() - 1)) {
    for (let i = 0; i < size; i++) this.idle.push(new Worker(file));
  }

  run<T>(payload: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ payload, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      const done = (fn: () => void) => {
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        this.idle.push(w);
        fn();
        this.pump();
      };
      w.once('message', (v) => done(() => task.resolve(v)));
      w.once('error', (e) => done(() => task.reject(e)));
      w.postMessage(task.payload);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.map((w) => w.terminate()));
  }
}
`,
  'src/lib/limit.ts': `// p-limit style concurrency limiter.
export function limit(concurrency: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      next();
    }
  };
}

export async function mapLimit<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = limit(n);
  return Promise.all(items.map((item) => run(() => fn(item))));
}
`,
  'src/lib/security.ts': `import * as crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: string, len: number) => Promise<Buffer>;

export function hashPasswordSync(password: string, salt: string): string {
  return crypto.pbkdf2Sync(password, salt, 100_000, 64, 'sha512').toString('hex');
}

export async function hashPassword(password: string, salt: string): Promise<string> {
  return (await scrypt(password, salt, 64)).toString('hex');
}

export function token(bytes = 24): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function digest(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export function sign(payload: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(payload).digest('base64url');
}
`,
  'src/lib/auth.ts': `import type { Middleware, Request } from './http';
import { HttpError } from './http';
import { sign } from './security';

const SECRET = process.env.AUTH_SECRET ?? 'dev-secret';

export const authenticate: Middleware = async (req, _res, next) => {
  const header = req.headers.authorization ?? '';
  const [scheme, value] = header.split(' ');
  if (scheme !== 'Bearer' || !value) throw new HttpError(401, 'missing token');
  const [body, sig] = value.split('.');
  if (sign(body, SECRET) !== sig) throw new HttpError(401, 'bad token');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { sub: string; tid: string; roles?: string[] };
  req.user = { id: claims.sub, tenantId: claims.tid, roles: claims.roles ?? [] };
  await next();
};

export function requireRole(req: Request, role: string): void {
  if (!req.user?.roles.includes(role)) throw new HttpError(403, 'forbidden: ' + role);
}
`,
};

// ---------------------------------------------------------------------------------------------------------
// Domain templates.

function domainFiles(rng, d, all) {
  const { plural, singular, idx } = d;
  const E = pascal(singular);
  const table = snake(plural);
  const fields = rng.sample(FIELD_POOL, rng.int(6, 11));
  const others = all.filter((o) => o.idx !== idx);
  const dep = idx > 0 ? all[rng.int(0, idx - 1)] : null; // only earlier domains: no import cycles
  const dep2 = idx > 1 ? all[rng.int(0, idx - 1)] : null;
  const v = {
    serialLoop: rng.chance(0.35),
    unboundedAll: rng.chance(0.35),
    readTemplateSync: rng.chance(0.25),
    writeExportSync: rng.chance(0.2),
    gzipSync: rng.chance(0.15),
    execSync: rng.chance(0.08),
    pbkdf2Sync: rng.chance(0.08),
    floatingAudit: rng.chance(0.3),
    syncAudit: rng.chance(0.2),
    redos: rng.chance(0.12),
    busyWait: rng.chance(0.04),
    workerPerJob: rng.chance(0.08),
    bigPostMessage: rng.chance(0.08),
    requireInHandler: rng.chance(0.06),
    existsSyncInHandler: rng.chance(0.15),
    jsonBig: rng.chance(0.2),
    statsSort: rng.chance(0.5),
  };
  const files = {};
  const base = `src/domains/${plural}`;

  // ---- model.ts
  const statusValues = rng.sample(['Draft', 'Active', 'Pending', 'Suspended', 'Closed', 'Archived', 'Failed', 'Done'], rng.int(3, 6));
  files[`${base}/model.ts`] = `// ${E}: the ${plural} domain model.
export enum ${E}Status {
${statusValues.map((s) => `  ${s} = '${s.toLowerCase()}',`).join('\n')}
}

export interface ${E} {
  id: string;
  tenantId: string;
  status: ${E}Status;
${fields.map(([n, t]) => `  ${n}: ${t};`).join('\n')}
  createdAt: string;
  updatedAt: string;
}

export interface ${E}Row {
  [key: string]: unknown;
  id: string;
  tenant_id: string;
  status: string;
${fields.map(([n, t]) => `  ${snake(n)}: ${t === 'string[]' ? 'string' : t};`).join('\n')}
  created_at: string;
  updated_at: string;
}

export type Create${E}Input = Omit<${E}, 'id' | 'createdAt' | 'updatedAt' | 'status'> & { status?: ${E}Status };
export type Update${E}Input = Partial<Create${E}Input>;

export interface ${E}Page {
  items: ${E}[];
  total: number;
  cursor?: string;
}

export function fromRow(row: ${E}Row): ${E} {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    status: row.status as ${E}Status,
${fields.map(([n, t]) => `    ${n}: ${t === 'string[]' ? `row.${snake(n)} ? String(row.${snake(n)}).split(',') : []` : `row.${snake(n)}`},`).join('\n')}
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRow(e: ${E}): ${E}Row {
  return {
    id: e.id,
    tenant_id: e.tenantId,
    status: e.status,
${fields.map(([n, t]) => `    ${snake(n)}: ${t === 'string[]' ? `e.${n}.join(',')` : `e.${n}`},`).join('\n')}
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export function empty${E}(tenantId: string): Create${E}Input {
  return {
    tenantId,
${fields.map(([n, , init]) => `    ${n}: ${init},`).join('\n')}
  };
}

export function isTerminal(status: ${E}Status): boolean {
  return ${statusValues.filter((s) => ['Closed', 'Archived', 'Failed', 'Done'].includes(s)).map((s) => `status === ${E}Status.${s}`).join(' || ') || 'false'};
}
`;

  // ---- repository.ts
  const findMany = v.serialLoop
    ? `    const out: ${E}[] = [];
    for (const id of ids) {
      const item = await this.findById(id);
      if (item) out.push(item);
    }
    return out;`
    : v.unboundedAll
      ? `    const items = await Promise.all(ids.map((id) => this.findById(id)));
    return items.filter((x): x is ${E} => x !== undefined);`
      : `    const items = await mapLimit(ids, 8, (id) => this.findById(id));
    return items.filter((x): x is ${E} => x !== undefined);`;
  files[`${base}/repository.ts`] = `import { db } from '../../lib/db';
import { cache } from '../../lib/cache';
import { mapLimit } from '../../lib/limit';
import { ${E}, ${E}Row, ${E}Page, fromRow, toRow } from './model';

const PREFIX = '${singular}:';

export class ${E}Repository {
  async findById(id: string): Promise<${E} | undefined> {
    const cached = await cache.get<${E}>(PREFIX + id);
    if (cached) return cached;
    const { rows } = await db.query<${E}Row>('SELECT * FROM ${table} WHERE id = $1', [id]);
    if (rows.length === 0) return undefined;
    const entity = fromRow(rows[0]);
    await cache.set(PREFIX + id, entity);
    return entity;
  }

  async findMany(ids: string[]): Promise<${E}[]> {
${findMany}
  }

  async list(tenantId: string, limit = 50, cursor?: string): Promise<${E}Page> {
    const { rows } = await db.query<${E}Row>('SELECT * FROM ${table} WHERE tenant_id = $1 ORDER BY id LIMIT $2', [tenantId, limit, cursor]);
    const items = rows.map(fromRow).filter((e) => e.tenantId === tenantId);
    const start = cursor ? items.findIndex((e) => e.id > cursor) : 0;
    const page = items.slice(Math.max(0, start), Math.max(0, start) + limit);
    return { items: page, total: items.length, cursor: page.length ? page[page.length - 1].id : undefined };
  }

  async save(entity: ${E}): Promise<void> {
    await db.query('INSERT INTO ${table} VALUES ($1, $2)', [entity.id, toRow(entity)]);
    await cache.set(PREFIX + entity.id, entity);
  }

  async saveAll(entities: ${E}[]): Promise<void> {
    await db.transaction(async (tx) => {
${v.serialLoop && rng.chance(0.5)
    ? `      for (const e of entities) {
        await tx.query('INSERT INTO ${table} VALUES ($1, $2)', [e.id, toRow(e)]);
      }`
    : `      await mapLimit(entities, 4, (e) => tx.query('INSERT INTO ${table} VALUES ($1, $2)', [e.id, toRow(e)]));`}
    });
    await cache.invalidate(PREFIX);
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM ${table} WHERE id = $1', [id]);
    await cache.invalidate(PREFIX + id);
    return rowCount > 0;
  }

  async count(tenantId: string): Promise<number> {
    const page = await this.list(tenantId, 10_000);
    return page.total;
  }
}

export const ${singular}Repository = new ${E}Repository();
`;

  // ---- validators.ts
  const stringField = fields.find(([, t]) => t === 'string')?.[0];
  const redosPattern = rng.pick(['/^(\\w+\\s?)*$/', '/^([a-zA-Z0-9]+)*@example\\.com$/', '/(\\d+)+x/', '/^(a|aa)+$/']);
  files[`${base}/validators.ts`] = `import { HttpError } from '../../lib/http';
import { Create${E}Input, Update${E}Input, ${E}Status } from './model';

const ID_RE = /^[a-z0-9]{8,32}$/;
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
${v.redos ? `const NAME_RE = ${redosPattern};` : `const NAME_RE = /^[\\w ]{1,120}$/;`}

export function assertId(id: string): string {
  if (!ID_RE.test(id)) throw new HttpError(400, 'invalid ${singular} id');
  return id;
}

export function isSlug(value: string): boolean {
  return SLUG_RE.test(value);
}

export function validateCreate(body: unknown): Create${E}Input {
  if (typeof body !== 'object' || body === null) throw new HttpError(400, 'body must be an object');
  const input = body as Record<string, unknown>;
  if (typeof input.tenantId !== 'string') throw new HttpError(400, 'tenantId is required');
${fields.map(([n, t]) => t === 'string[]'
    ? `  if (input.${n} !== undefined && !Array.isArray(input.${n})) throw new HttpError(400, '${n} must be an array');`
    : `  if (input.${n} !== undefined && typeof input.${n} !== '${t}') throw new HttpError(400, '${n} must be a ${t}');`).join('\n')}
${stringField ? `  if (typeof input.${stringField} === 'string' && !NAME_RE.test(input.${stringField})) throw new HttpError(400, 'bad ${stringField}');` : `  void NAME_RE;`}
  if (input.status !== undefined && !Object.values(${E}Status).includes(input.status as ${E}Status)) {
    throw new HttpError(400, 'unknown status');
  }
  return input as unknown as Create${E}Input;
}

export function validateUpdate(body: unknown): Update${E}Input {
  if (typeof body !== 'object' || body === null) throw new HttpError(400, 'body must be an object');
  return body as Update${E}Input;
}
`;

  // ---- service.ts
  const numField = fields.find(([, t]) => t === 'number')?.[0];
  files[`${base}/service.ts`] = `import * as fs from 'node:fs';
import * as path from 'node:path';
${v.gzipSync ? `import * as zlib from 'node:zlib';\n` : ''}${v.execSync ? `import { execSync } from 'node:child_process';\n` : ''}import { ${singular}Repository } from './repository';
import { ${E}, ${E}Status, Create${E}Input, Update${E}Input, ${E}Page, isTerminal } from './model';
import { audit, auditAsync, logger } from '../../lib/logger';
import { publish } from '../../lib/events';
import { config } from '../../lib/config';
import { token${v.pbkdf2Sync ? ', hashPasswordSync' : ', hashPassword'} } from '../../lib/security';
${dep ? `import { ${dep.singular}Service } from '../${dep.plural}/service';\n` : ''}${dep2 && dep2 !== dep ? `import { ${dep2.singular}Repository } from '../${dep2.plural}/repository';\n` : ''}
export interface ${E}Stats {
  total: number;
  byStatus: Record<string, number>;
${numField ? `  sum${pascal(numField)}: number;\n  p95${pascal(numField)}: number;\n` : ''}}

export class ${E}Service {
  async get(id: string): Promise<${E} | undefined> {
    return ${singular}Repository.findById(id);
  }

  async list(tenantId: string, limit?: number, cursor?: string): Promise<${E}Page> {
    return ${singular}Repository.list(tenantId, limit, cursor);
  }

  async create(input: Create${E}Input, actor: string): Promise<${E}> {
    const now = new Date().toISOString();
    const entity: ${E} = {
      ...input,
      id: token(12).toLowerCase().replace(/[^a-z0-9]/g, 'x'),
      status: input.status ?? ${E}Status.${statusValues[0]},
      createdAt: now,
      updatedAt: now,
    };
${dep ? `    const related = await ${dep.singular}Service.get(entity.tenantId);
    if (related) logger.debug('linked', { ${singular}: entity.id, ${dep.singular}: related.id });
` : ''}    await ${singular}Repository.save(entity);
${v.syncAudit ? `    audit('${singular}.created', { id: entity.id, actor });` : v.floatingAudit ? `    auditAsync('${singular}.created', { id: entity.id, actor });` : `    await auditAsync('${singular}.created', { id: entity.id, actor });`}
    publish('${singular}.created', entity.id, { actor });
    return entity;
  }

  async update(id: string, patch: Update${E}Input, actor: string): Promise<${E}> {
    const current = await ${singular}Repository.findById(id);
    if (!current) throw new Error('${singular} not found: ' + id);
    if (isTerminal(current.status)) throw new Error('${singular} is closed');
    const next: ${E} = { ...current, ...patch, id, updatedAt: new Date().toISOString() };
    await ${singular}Repository.save(next);
    ${v.floatingAudit ? `auditAsync('${singular}.updated', { id, actor });` : `await auditAsync('${singular}.updated', { id, actor });`}
    publish('${singular}.updated', id, { actor });
    return next;
  }

  async remove(id: string, actor: string): Promise<boolean> {
    const ok = await ${singular}Repository.remove(id);
    if (ok) {
      await auditAsync('${singular}.removed', { id, actor });
      publish('${singular}.removed', id);
    }
    return ok;
  }

  async bulkGet(ids: string[]): Promise<${E}[]> {
    return ${singular}Repository.findMany(ids);
  }

  async stats(tenantId: string): Promise<${E}Stats> {
    const page = await ${singular}Repository.list(tenantId, 10_000);
    const byStatus: Record<string, number> = {};
    for (const item of page.items) byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
${numField ? `    const values = page.items.map((i) => i.${numField})${v.statsSort ? '.sort((a, b) => a - b)' : ''};
    const sum = values.reduce((a, b) => a + b, 0);
    const p95 = values.length ? values[Math.min(values.length - 1, Math.floor(values.length * 0.95))] : 0;
    return { total: page.total, byStatus, sum${pascal(numField)}: sum, p95${pascal(numField)}: p95 };` : `    return { total: page.total, byStatus };`}
  }

  async exportAll(tenantId: string): Promise<string> {
    const page = await ${singular}Repository.list(tenantId, 10_000);
    const body = ${v.jsonBig ? 'JSON.stringify(page.items, null, 2)' : "page.items.map((i) => [i.id, i.status, i.createdAt].join(',')).join('\\n')"};
    const file = path.join(config.dataDir, '${plural}-' + tenantId + '.export');
${v.writeExportSync ? `    fs.writeFileSync(file, ${v.gzipSync ? 'zlib.gzipSync(body)' : 'body'});` : `    await fs.promises.writeFile(file, body);`}
    return file;
  }

  async importFrom(file: string, actor: string): Promise<number> {
    const text = ${v.readTemplateSync && rng.chance(0.5) ? "fs.readFileSync(file, 'utf8')" : "await fs.promises.readFile(file, 'utf8')"};
    const rows = JSON.parse(text) as Create${E}Input[];
    let n = 0;
    for (const row of rows) {
      await this.create(row, actor);
      n++;
    }
    return n;
  }

  async secret(id: string, password: string): Promise<string> {
    ${v.pbkdf2Sync ? `return hashPasswordSync(password, id);` : `return hashPassword(password, id);`}
  }
${v.execSync ? `
  async version(): Promise<string> {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  }
` : ''}${dep2 && dep2 !== dep ? `
  async related(ids: string[]): Promise<number> {
    const found = await ${dep2.singular}Repository.findMany(ids);
    return found.length;
  }
` : ''}}

export const ${singular}Service = new ${E}Service();
`;

  // ---- routes.ts
  files[`${base}/routes.ts`] = `import * as fs from 'node:fs';
import * as path from 'node:path';
import { Router, HttpError } from '../../lib/http';
import { authenticate, requireRole } from '../../lib/auth';
import { config } from '../../lib/config';
import { ${singular}Service } from './service';
import { assertId, validateCreate, validateUpdate } from './validators';
import { render${E} } from './utils';

export function register${E}Routes(router: Router): void {
  router.use(authenticate);

  router.get('/${plural}', async (req, res) => {
    const limit = Number(req.query.limit ?? 50);
    const page = await ${singular}Service.list(req.user!.tenantId, limit, req.query.cursor);
    res.json(page);
  });

  router.get('/${plural}/:id', async (req, res) => {
    const item = await ${singular}Service.get(assertId(req.params.id));
    if (!item) throw new HttpError(404, '${singular} not found');
    res.json(item);
  });

  router.get('/${plural}/:id/view', async (req, res) => {
    const item = await ${singular}Service.get(assertId(req.params.id));
    if (!item) throw new HttpError(404, '${singular} not found');
${v.readTemplateSync ? `    const template = fs.readFileSync(path.join(config.templatesDir, '${singular}.html'), 'utf8');` : `    const template = await fs.promises.readFile(path.join(config.templatesDir, '${singular}.html'), 'utf8');`}
    res.setHeader('content-type', 'text/html').send(render${E}(template, item));
  });

  router.post('/${plural}', async (req, res) => {
    const input = validateCreate(req.body);
    const created = await ${singular}Service.create(input, req.user!.id);
    res.status(201).json(created);
  });

  router.put('/${plural}/:id', async (req, res) => {
    const updated = await ${singular}Service.update(assertId(req.params.id), validateUpdate(req.body), req.user!.id);
    res.json(updated);
  });

  router.delete('/${plural}/:id', async (req, res) => {
    requireRole(req, 'admin');
    const ok = await ${singular}Service.remove(assertId(req.params.id), req.user!.id);
    res.status(ok ? 204 : 404).send('');
  });

  router.post('/${plural}/bulk', async (req, res) => {
    const ids = (req.body as { ids?: string[] }).ids ?? [];
    res.json(await ${singular}Service.bulkGet(ids));
  });

  router.get('/${plural}/stats', async (req, res) => {
    res.json(await ${singular}Service.stats(req.user!.tenantId));
  });

  router.post('/${plural}/export', async (req, res) => {
    requireRole(req, 'admin');
    const file = await ${singular}Service.exportAll(req.user!.tenantId);
${v.existsSyncInHandler ? `    if (!fs.existsSync(file)) throw new HttpError(500, 'export failed');` : ''}
    res.json({ file });
  });
${v.requireInHandler ? `
  router.get('/${plural}/schema', async (_req, res) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require(path.join(config.dataDir, '${singular}.schema.json')) as unknown;
    res.json(schema);
  });
` : ''}}
`;

  // ---- utils.ts (mostly pure helpers)
  files[`${base}/utils.ts`] = `import { ${E}, ${E}Status } from './model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function render${E}(template: string, item: ${E}): string {
  return template.replace(/\\{\\{(\\w+)\\}\\}/g, (_m, key: string) => {
    const value = (item as unknown as Record<string, unknown>)[key];
    return escapeHtml(value === undefined ? '' : String(value));
  });
}

export function summarize(items: ${E}[]): string {
  const counts = new Map<${E}Status, number>();
  for (const i of items) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  return [...counts.entries()].map(([s, n]) => s + ': ' + n).join(', ');
}

export function groupBy<K extends keyof ${E}>(items: ${E}[], key: K): Map<${E}[K], ${E}[]> {
  const out = new Map<${E}[K], ${E}[]>();
  for (const item of items) {
    const k = item[key];
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function diff(a: ${E}, b: ${E}): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(a) as Array<keyof ${E}>) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changed.push(String(key));
  }
  return changed;
}

export function byUpdated(a: ${E}, b: ${E}): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
}
${Array.from({ length: rng.int(1, 4) }, (_, k) => `
export function format${E}Line${k}(item: ${E}, width = ${rng.int(40, 120)}): string {
  const parts = [item.id, item.status, item.createdAt${fields.filter(([, t]) => t !== 'string[]').slice(0, 3).map(([n]) => `, String(item.${n})`).join('')}];
  const line = parts.join(' | ');
  return line.length > width ? line.slice(0, width - 1) + '…' : line.padEnd(width, ' ');
}
`).join('')}`;

  // ---- jobs.ts
  files[`${base}/jobs.ts`] = `import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { queue } from '../../lib/queue';
import { WorkerPool } from '../../lib/pool';
import { logger } from '../../lib/logger';
import { ${singular}Repository } from './repository';
import { ${singular}Service } from './service';

const pool = new WorkerPool(path.join(__dirname, '..', '..', 'workers', 'compute.js'), 2);

queue.process('${singular}.reindex', async (job) => {
  const tenantId = String(job.data.tenantId);
  const page = await ${singular}Repository.list(tenantId, 10_000);
${v.workerPerJob ? `  const worker = new Worker(path.join(__dirname, '..', '..', 'workers', 'compute.js'), { workerData: { ids: page.items.map((i) => i.id) } });
  await new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });` : v.bigPostMessage ? `  const worker = new Worker(path.join(__dirname, '..', '..', 'workers', 'compute.js'));
  worker.postMessage({ items: page.items, snapshot: JSON.parse(JSON.stringify(page)) });
  await worker.terminate();` : `  await pool.run({ kind: 'reindex', ids: page.items.map((i) => i.id) });`}
  logger.info('reindexed ${plural}', { tenantId, n: page.items.length });
});

queue.process('${singular}.cleanup', async (job) => {
  const ids = (job.data.ids as string[] | undefined) ?? [];
${v.busyWait ? `  const until = Date.now() + 5;
  while (Date.now() < until) {
    // give the database a moment
  }` : ''}
  for (const id of ids) {
    await ${singular}Repository.remove(id);
  }
});

setInterval(() => {
  ${v.floatingAudit ? `${singular}Service.stats('system').then((s) => logger.debug('${plural} stats', { total: s.total }));` : `void ${singular}Service.stats('system').then((s) => logger.debug('${plural} stats', { total: s.total }));`}
}, ${rng.int(30, 300)}_000).unref();
`;

  // ---- events.ts
  const listener = others.length ? rng.pick(others) : d;
  files[`${base}/events.ts`] = `import { bus, DomainEvent } from '../../lib/events';
import { queue } from '../../lib/queue';
import { logger } from '../../lib/logger';
import { ${singular}Service } from './service';

bus.on('${listener.singular}.removed', async (event: DomainEvent) => {
  const related = await ${singular}Service.list(event.tenantId ?? 'system', 100);
  const ids = related.items.map((i) => i.id);
  if (ids.length) queue.add('${singular}.cleanup', { ids });
});

bus.on('${singular}.created', (event: DomainEvent) => {
  logger.info('${singular} created', { id: event.id });
  ${v.floatingAudit && rng.chance(0.5) ? `${singular}Service.stats(event.tenantId ?? 'system');` : `queue.add('${singular}.reindex', { tenantId: event.tenantId ?? 'system' });`}
});
`;

  // ---- policy.ts (authorization rules, pure code)
  const roles = rng.sample(['admin', 'owner', 'editor', 'viewer', 'auditor', 'support', 'billing'], rng.int(3, 6));
  files[`${base}/policy.ts`] = `import type { Request } from '../../lib/http';
import { ${E}, ${E}Status } from './model';

export type ${E}Action = 'read' | 'create' | 'update' | 'delete' | 'export';

export function can(req: Request, action: ${E}Action, item?: ${E}): boolean {
  const user = req.user;
  if (!user) return false;
  if (item && item.tenantId !== user.tenantId) return false;
  for (const role of user.roles) {
    switch (role) {
${roles.map((r, i) => `      case '${r}':
        ${i === 0 ? 'return true;' : `if (${JSON.stringify(rng.sample(['read', 'create', 'update', 'delete', 'export'], rng.int(1, 4)))}.includes(action)) return true;
        break;`}`).join('\n')}
      default:
        break;
    }
  }
  return action === 'read' && item?.status !== ${E}Status.${statusValues[statusValues.length - 1]};
}

export function visibleFields(req: Request): Array<keyof ${E}> {
  const all: Array<keyof ${E}> = ['id', 'tenantId', 'status', ${fields.map(([n]) => `'${n}'`).join(', ')}, 'createdAt', 'updatedAt'];
  if (req.user?.roles.includes('${roles[0]}')) return all;
  return all.filter((f) => !${JSON.stringify(fields.slice(0, 2).map(([n]) => n))}.includes(String(f)));
}

export function redact(req: Request, item: ${E}): Partial<${E}> {
  const out: Partial<${E}> = {};
  for (const f of visibleFields(req)) (out as Record<string, unknown>)[f] = item[f];
  return out;
}
`;

  // ---- dto.ts (serialisation helpers)
  files[`${base}/dto.ts`] = `import { ${E} } from './model';

export interface ${E}Dto {
  id: string;
  status: string;
${fields.map(([n, t]) => `  ${n}: ${t};`).join('\n')}
  created: string;
}

export function toDto(e: ${E}): ${E}Dto {
  return {
    id: e.id,
    status: e.status,
${fields.map(([n]) => `    ${n}: e.${n},`).join('\n')}
    created: e.createdAt,
  };
}

const CSV_HEADER = ['id', 'status', ${fields.map(([n]) => `'${n}'`).join(', ')}, 'created'];

function csvCell(v: unknown): string {
  const s = Array.isArray(v) ? v.join(';') : String(v ?? '');
  return /[",\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function toCsv(items: ${E}[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const item of items) {
    const dto = toDto(item) as unknown as Record<string, unknown>;
    lines.push(CSV_HEADER.map((h) => csvCell(dto[h])).join(','));
  }
  return lines.join('\\n');
}

export function parseListQuery(query: Record<string, string>): { limit: number; cursor?: string; sort: string } {
  const limit = Math.min(500, Math.max(1, Number.parseInt(query.limit ?? '50', 10) || 50));
  const sort = ['createdAt', 'updatedAt', 'id'].includes(query.sort ?? '') ? query.sort : 'id';
  return { limit, cursor: query.cursor, sort };
}
`;

  // ---- index.ts
  files[`${base}/index.ts`] = `export * from './model';
export { ${E}Repository, ${singular}Repository } from './repository';
export { ${E}Service, ${singular}Service } from './service';
export { register${E}Routes } from './routes';
export * as ${singular}Validators from './validators';
export * as ${singular}Policy from './policy';
export { toDto as ${singular}ToDto, toCsv as ${singular}ToCsv } from './dto';
import './jobs';
import './events';
`;
  return files;
}

export function generateProject(outDir, { domains = 44, seed = 20240611 } = {}) {
  const rng = new Rng(seed);
  if (domains > DOMAIN_NAMES.length) throw new Error(`at most ${DOMAIN_NAMES.length} domains`);
  const all = DOMAIN_NAMES.slice(0, domains).map(([plural, singular], idx) => ({ plural, singular, idx }));
  const files = { ...LIB };
  for (const d of all) Object.assign(files, domainFiles(rng, d, all));

  files['src/workers/compute.ts'] = `import { parentPort, workerData } from 'node:worker_threads';

function work(ids: string[]): number {
  let h = 0;
  for (const id of ids) for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return h;
}

if (workerData?.ids) parentPort?.postMessage(work(workerData.ids as string[]));
parentPort?.on('message', (msg: { ids?: string[] }) => parentPort?.postMessage(work(msg.ids ?? [])));
`;
  files['src/app.ts'] = `import { Router } from './lib/http';
${all.map((d) => `import { register${pascal(d.singular)}Routes } from './domains/${d.plural}';`).join('\n')}

export function buildRouter(): Router {
  const router = new Router();
${all.map((d) => `  register${pascal(d.singular)}Routes(router);`).join('\n')}
  return router;
}
`;
  files['src/server.ts'] = `import { createApp } from './lib/http';
import { config } from './lib/config';
import { logger } from './lib/logger';
import { buildRouter } from './app';

const server = createApp(buildRouter());
server.listen(config.port, () => logger.info('listening', { port: config.port }));

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`;
  files['src/scripts/seed.ts'] = `// A one-off CLI script: synchronous calls are fine here, nothing else is running.
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { config } from '../lib/config';
${all.slice(0, 6).map((d) => `import { ${d.singular}Service } from '../domains/${d.plural}';`).join('\n')}

async function main(): Promise<void> {
  mkdirSync(config.dataDir, { recursive: true });
  for (const f of readdirSync(config.dataDir)) {
    const rows = JSON.parse(readFileSync(path.join(config.dataDir, f), 'utf8')) as unknown[];
    console.log(f, rows.length);
  }
${all.slice(0, 6).map((d) => `  console.log('${d.plural}', (await ${d.singular}Service.list('seed')).total);`).join('\n')}
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;
  files['tsconfig.json'] = JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'],
      strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true,
    },
    include: ['src/**/*.ts'],
  }, null, 2) + '\n';
  files['package.json'] = JSON.stringify({ name: 'bench-generated-service', version: '1.0.0', private: true, main: 'src/server.ts' }, null, 2) + '\n';

  rmSync(outDir, { recursive: true, force: true });
  const hash = createHash('sha256');
  let lines = 0;
  let tsFiles = 0;
  for (const rel of Object.keys(files).sort()) {
    const abs = path.join(outDir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, files[rel]);
    hash.update(rel + '\0' + files[rel] + '\0');
    if (rel.endsWith('.ts')) {
      tsFiles++;
      lines += files[rel].split('\n').length - (files[rel].endsWith('\n') ? 1 : 0);
    }
  }
  return { dir: outDir, files: tsFiles, lines, sha256: hash.digest('hex'), seed, domains, generatorVersion: GENERATOR_VERSION };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt;
  };
  const domains = opt('--domains', undefined);
  const seed = opt('--seed', undefined);
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const out = path.resolve(args[0] ?? path.join(root, '.bench', 'generated', 'service'));
  console.log(JSON.stringify(generateProject(out, { domains, seed })));
}
