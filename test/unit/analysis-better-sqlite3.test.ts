// better-sqlite3 runs every statement on the calling thread: a request that reads a whole table with `all()` holds
// every other request until the rows are read. One row (`get`, `run`) is a note; rows without bound (`all`,
// `iterate`, `exec`) are warnings. Only better-sqlite3's own objects: a method of the same name elsewhere is not one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const APP = [
  "import express from 'express';",
  "import Database from 'better-sqlite3';",
  "const db = new Database('/srv/app.db');",
  "const byId = db.prepare('SELECT * FROM users WHERE id = ?');",
  'class Store {',
  "  constructor() { this.db = new Database('/srv/store.db'); }",
  "  list() { return this.db.prepare('SELECT * FROM items').all(); }",
  '}',
  'const store = new Store();',
  "const cache = { prepare: () => ({ all: () => [] }), exec: () => 0 };",
  'const app = express();',
  "app.get('/users', (req, res) => res.json(db.prepare('SELECT * FROM users').all()));",
  "app.get('/users/:id', (req, res) => res.json(byId.get(req.params.id)));",
  "app.post('/reset', (req, res) => { db.exec('DELETE FROM sessions'); byId.run(1); res.end(); });",
  "app.get('/stream', (req, res) => { for (const row of byId.iterate()) res.write(String(row.id)); res.end(); });",
  "app.get('/items', (req, res) => res.json(store.list()));",
  "app.get('/cached', (req, res) => res.json(cache.prepare('x').all(), cache.exec()));",
  "const atStartup = db.prepare('SELECT * FROM settings').all();",
].join('\n');

test('better-sqlite3 statements on a request path: whole results are warnings, one row a note', () => {
  const found = analyseTempProject({ 'app.mjs': APP }).map((f) => `${f.line} ${f.rule} ${f.severity} ${f.message.split(' blocks')[0]}`);
  assert.deepEqual(found.sort(), [
    '12 no-sync-io-in-hot-path warning Statement#all (better-sqlite3)',
    '13 no-sync-io-in-hot-path info Statement#get (better-sqlite3)',
    '14 no-sync-io-in-hot-path info Statement#run (better-sqlite3)',
    '14 no-sync-io-in-hot-path warning exec (better-sqlite3)',
    '15 no-sync-io-in-hot-path warning Statement#iterate (better-sqlite3)',
    '7 no-sync-io-in-hot-path warning Statement#all (better-sqlite3)',
  ].sort());
});

test('a better-sqlite3 Database imported from another module: its statements, prepared here, are followed', () => {
  const db = "import Database from 'better-sqlite3';\nexport const db = new Database('/srv/app.db');\nexport const notDb = { prepare: () => ({ all: () => [] }) };";
  const routes = [
    "import express from 'express';",
    "import { db, notDb } from './db.mjs';",
    "const byId = db.prepare('SELECT * FROM users WHERE id = ?');",
    'const app = express();',
    "app.get('/users', (req, res) => res.json(db.prepare('SELECT * FROM users').all()));",
    "app.get('/users/:id', (req, res) => res.json(byId.get(req.params.id)));",
    "app.get('/other', (req, res) => res.json(notDb.prepare('x').all()));",
  ].join('\n');
  const found = analyseTempProject({ 'db.mjs': db, 'routes.mjs': routes }).map((f) => `${f.file}:${f.line} ${f.severity} ${f.message.split(' blocks')[0]}`);
  assert.deepEqual(found.sort(), [
    'routes.mjs:5 warning Statement#all (better-sqlite3)',
    'routes.mjs:6 info Statement#get (better-sqlite3)',
  ]);
});
