// Drizzle over better-sqlite3: `await db.select().from(chats)` looks asynchronous, but the driver runs the query on
// the calling thread. A read of a whole table is a warning; one with a limit or a filter, one row or one write, a
// note. The database is usually made in one module and imported by the routes, so the receiver's class is
// decided when the files are linked: an imported value that is not such a database is not reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const DB = [
  "import Database from 'better-sqlite3';",
  "import { drizzle } from 'drizzle-orm/better-sqlite3';",
  "const sqlite = new Database('/srv/app.db');",
  'export const db = drizzle(sqlite);',
  'export default sqlite;',
].join('\n');

// Same names, other things: Drizzle over Postgres is asynchronous, and a project object's methods are its own.
const OTHERS = [
  "import { drizzle } from 'drizzle-orm/node-postgres';",
  "export const pg = drizzle(process.env.DATABASE_URL);",
  'export const cache = { select: () => [], query: { chats: { findMany: () => [] } } };',
].join('\n');

const ROUTES = [
  "import express from 'express';",
  "import { db } from './db.mjs';",
  "import sqlite from './db.mjs';",
  "import * as others from './others.mjs';",
  'const app = express();',
  "app.get('/chats', async (req, res) => res.json(await db.query.chats.findMany()));",
  "app.get('/chats/page', async (req, res) => res.json(await db.query.chats.findMany({ limit: 20 })));",
  "app.get('/chats/:id', async (req, res) => res.json(await db.query.chats.findFirst({ where: (c, { eq }) => eq(c.id, req.params.id) })));",
  "app.get('/messages', async (req, res) => res.json(await db.select().from(messages).where(eq(messages.chatId, req.query.chat))));",
  "app.get('/messages/all', async (req, res) => res.json(await db.select().from(messages).innerJoin(chats, eq(chats.id, messages.chatId))));",
  "app.get('/messages/latest', async (req, res) => res.json(await db.select({ id: messages.id }).from(messages).limit(10)));",
  "app.post('/messages', async (req, res) => { await db.insert(messages).values(req.body); res.end(); });",
  "app.post('/vacuum', (req, res) => { sqlite.exec('VACUUM'); res.end(); });",
  // `run` is a better-sqlite3 Statement's method too: the candidates for both classes are kept apart until linking.
  "app.post('/sessions/clear', async (req, res) => { await db.run(sql`DELETE FROM sessions`); res.end(); });",
  "app.get('/raw', async (req, res) => res.json([await db.all(sql`SELECT * FROM t LIMIT 5`), await db.all(sql`SELECT * FROM t`)]));",
  "app.get('/others', async (req, res) => res.json([await others.pg.select().from(messages), others.cache.select(), others.cache.query.chats.findMany()]));",
].join('\n');

test('Drizzle over better-sqlite3, imported: whole reads are warnings, limited reads and one row are notes', () => {
  const found = analyseTempProject({ 'db.mjs': DB, 'others.mjs': OTHERS, 'routes.mjs': ROUTES })
    .map((f) => `${f.file}:${f.line} ${f.severity} ${f.message.split(' blocks')[0]}`);
  assert.deepEqual(found.sort(), [
    "routes.mjs:6 warning awaited db.query.<table>.findMany() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:7 info awaited db.query.<table>.findMany() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:8 info awaited db.query.<table>.findFirst() (synchronous under Drizzle's better-sqlite3 driver)",
    // Filtered: as many rows as the filter matches, often one user's few. The whole table: a warning.
    "routes.mjs:9 info awaited db.select() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:10 warning awaited db.select() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:11 info awaited db.select() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:12 info awaited db.insert() (synchronous under Drizzle's better-sqlite3 driver)",
    'routes.mjs:13 warning exec (better-sqlite3)',
    "routes.mjs:14 info awaited db.run() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:15 info awaited db.all() (synchronous under Drizzle's better-sqlite3 driver)",
    "routes.mjs:15 warning awaited db.all() (synchronous under Drizzle's better-sqlite3 driver)",
  ].sort());
});

test('Drizzle over better-sqlite3 made in the same file', () => {
  const app = [
    "import express from 'express';",
    "import Database from 'better-sqlite3';",
    "import { drizzle } from 'drizzle-orm/better-sqlite3';",
    "const db = drizzle(new Database('/srv/app.db'));",
    'const app = express();',
    "app.get('/all', async (req, res) => res.json(await db.query.users.findMany({ with: { posts: true } })));",
    "const atStartup = await db.select().from(settings);",
  ].join('\n');
  const found = analyseTempProject({ 'app.mjs': app }).map((f) => `${f.line} ${f.severity} ${f.rule}`);
  assert.deepEqual(found, ['6 warning no-sync-io-in-hot-path']);
});
