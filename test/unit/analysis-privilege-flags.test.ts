// A socket.io namespace that stops unless the session's user is an administrator (`if (!isAdmin) return;`, Etherpad's
// admin settings and plugin installer) registers listeners only administrators reach: their blocking work is a note,
// and what the listeners call too. Without the guard the same listeners are warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const adminSocket = (guard: string): string => [
  "const fs = require('fs');",
  "const { Server } = require('socket.io');",
  'const io = new Server(3000);',
  'function reloadSettings() { return fs.readFileSync("settings.json", "utf8"); }', // 4: reached from the listener
  "io.of('/settings').on('connection', (socket) => {",
  '  const { session: { user: { is_admin: isAdmin } = {} } = {} } = socket.conn.request;',
  `  ${guard}`,
  "  socket.on('restartServer', () => reloadSettings());",
  "  socket.on('load', () => socket.emit('settings', fs.readFileSync('settings.json', 'utf8')));", // 9
  '});',
].join('\n');

const syncIo = (guard: string): string[] =>
  analyseTempProject({ 'admin.js': adminSocket(guard) }).filter((f) => f.rule === 'no-sync-io-in-hot-path').map((f) => `${f.line} ${f.severity}`);

test('listeners registered past `if (!isAdmin) return;` are administrators\' only: notes, through the calls too', () => {
  assert.deepEqual(syncIo('if (!isAdmin) return;'), ['4 info', '9 info']);
  assert.deepEqual(syncIo('if (!socket.conn.request.session.user.is_admin) return;'), ['4 info', '9 info']);
});

test('the same listeners without the guard, or after a check of something else, are warnings', () => {
  assert.deepEqual(syncIo('// no guard'), ['4 warning', '9 warning']);
  assert.deepEqual(syncIo('if (!socket.connected) return;'), ['4 warning', '9 warning']);
});
