// A blocking call in a catch block runs only when the try above failed: a fallback (read the stale cache when the
// provider's model list cannot be fetched), at most a note. A promise dropped there is still a warning: its rejection
// ends the process whichever path made it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const ROUTE = [
  "const express = require('express');",
  "const fs = require('fs');",
  'const app = express();',
  'async function notify(msg) { await fetch(`http://hooks/${msg}`, { method: "POST" }); }',
  "app.get('/models', async (req, res) => {",
  '  try {',
  "    const r = await fetch('https://api.example.com/v1/models');",
  "    fs.writeFileSync('/srv/cache/models.json', JSON.stringify(await r.json()));",
  '  } catch (err) {',
  "    res.json(JSON.parse(fs.readFileSync('/srv/cache/models.json', 'utf8')));",
  "    notify('models-stale');",
  '    return;',
  '  }',
  "  res.json(JSON.parse(fs.readFileSync('/srv/cache/models.json', 'utf8')));",
  '});',
].join('\n');

test('a blocking call in a catch block is a note; the same call after the try, and a promise dropped in the catch, are warnings', () => {
  const found = analyseTempProject({ 'app.js': ROUTE }).map((f) => `${f.line} ${f.rule} ${f.severity}`).sort();
  assert.deepEqual(found, [
    '10 no-sync-io-in-hot-path info',
    '11 no-floating-promise warning',
    '14 no-sync-io-in-hot-path warning',
    '8 no-sync-io-in-hot-path warning',
  ]);
  const note = analyseTempProject({ 'app.js': ROUTE }).find((f) => f.line === 10)!;
  assert.match(note.message, /\(a note: it runs only when the try block above fails\)$/);
});

test('a catch block of an outer function does not make the functions written inside it failure paths', () => {
  const nested = ROUTE.replace(
    "    res.json(JSON.parse(fs.readFileSync('/srv/cache/models.json', 'utf8')));\n    notify",
    "    app.get('/later', (q, s) => s.send(fs.readFileSync('/srv/cache/models.json')));\n    notify",
  );
  const later = analyseTempProject({ 'app.js': nested }).find((f) => f.line === 10);
  assert.equal(later?.severity, 'warning');
});
