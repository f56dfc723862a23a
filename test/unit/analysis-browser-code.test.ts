// Browser code among a service's sources (browser-code.ts): a file that reads the page (`document`, `window`) and
// nothing of Node's runs in a browser tab, so its listeners and timers are not entries of the service's loop. A file
// with a `typeof window` guard, a Node module, or `process` runs in the server too. Each case is a small project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

/** A polling timer that drops fetch's promise, in a file that also does `extra` at its top. */
const poller = (extra: string): string => [
  extra,
  "const status = document.getElementById('status');",
  'setInterval(() => {',
  "  fetch('/api/ping');", // 4: dropped
  "  status.textContent = 'ok';",
  '}, 1000);',
].join('\n');

const floatingLines = (extra: string): string[] =>
  analyseTempProject({ 'poll.js': poller(extra) }).filter((f) => f.rule === 'no-floating-promise').map((f) => `${f.file}:${f.line}`);

test('a timer in a file that only touches the page runs in a browser tab: not reported', () => {
  assert.deepEqual(floatingLines('// browser code'), []);
});

test('the same timer in code written for both runtimes, or in a file that uses Node, is reported', () => {
  assert.deepEqual(floatingLines("if (typeof window === 'undefined') console.log('server');"), ['poll.js:4']);
  assert.deepEqual(floatingLines("const fs = require('fs');"), ['poll.js:4']);
  assert.deepEqual(floatingLines('const port = process.env.PORT;'), ['poll.js:4']);
});

test('a name the file declares itself is not the page: a server variable called document', () => {
  const findings = analyseTempProject({
    'render.js': [
      'function render(document) { return document.title; }',
      'setInterval(() => {',
      "  fetch('/api/ping');", // 3: dropped, in server code
      "  render({ title: 'x' });",
      '}, 1000);',
    ].join('\n'),
  });
  assert.deepEqual(findings.filter((f) => f.rule === 'no-floating-promise').map((f) => f.line), [3]);
});
