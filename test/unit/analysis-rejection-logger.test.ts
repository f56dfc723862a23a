// A floating promise matters most because Node ends the process on a rejection nobody handles. A program that
// installs a listener for those that only logs (`process.on('unhandledRejection', log)`) turns that crash into a log
// line: there the finding is a note. A listener that exits or throws, or one the file does not define, changes nothing.
// Each case is a small project analysed as `check` would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { tempProject } from './temp-project';

function analyse(files: Record<string, string>, severity?: Record<string, 'warning'>): Finding[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true, severity }).findings;
  } finally {
    p.cleanup();
  }
}

const ROUTES = [
  "const app = require('express')();",
  "const { audit } = require('./audit');",
  "app.post('/chat', (req, res) => {",
  '  audit(req.body);',
  '  res.json({ ok: true });',
  '});',
  'module.exports = app;',
].join('\n');
const AUDIT = "exports.audit = async function audit(entry) { await fetch('http://audit/', { method: 'POST', body: JSON.stringify(entry) }); };";

const floating = (findings: Finding[]): Finding[] => findings.filter((f) => f.rule === 'no-floating-promise');

/** The floating promises of the routes and audit files beside a `main.js` (and a `log.js` it may import). */
const floatingWithMain = (main: string, severity?: Record<string, 'warning'>): Finding[] =>
  floating(analyse({ 'main.js': main, 'routes.js': ROUTES, 'audit.js': AUDIT, 'log.js': 'exports.onRejection = (e) => console.error(e);' }, severity));

test('without a rejection listener, a floating promise on a request path is a warning', () => {
  const [f, ...rest] = floating(analyse({ 'routes.js': ROUTES, 'audit.js': AUDIT }));
  assert.deepEqual(rest, []);
  assert.equal(f.severity, 'warning');
  assert.equal(f.line, 4);
  assert.doesNotMatch(f.message, /logs unhandled rejections/);
});

test('a listener that only logs, in another file, makes it a note that says where the rejections are logged', () => {
  const main = [
    "const app = require('./routes');",
    'async function main() {',
    "  process.on('unhandledRejection', (reason) => { console.error('unhandled', reason); });",
    '  app.listen(3000);',
    '}',
    'main();',
  ].join('\n');
  const [f] = floatingWithMain(main);
  assert.equal(f.severity, 'info');
  assert.equal(f.file, 'routes.js');
  assert.match(f.message, /\(a note: main\.js:3 logs unhandled rejections instead of letting them end the process\)$/);
  // The user's own severity for the rule still wins.
  const [raised] = floatingWithMain(main, { 'no-floating-promise': 'warning' });
  assert.equal(raised.severity, 'warning');
  assert.doesNotMatch(raised.message, /logs unhandled rejections/);
});

test('a listener declared by name in the same file counts when it only logs', () => {
  const main = [
    "const app = require('./routes');",
    'let onRejection = (error) => { console.trace(error); };',
    "process.addListener('unhandledRejection', onRejection);",
    'app.listen(3000);',
  ].join('\n');
  const [f] = floatingWithMain(main);
  assert.equal(f.severity, 'info');
  assert.match(f.message, /main\.js:3 logs unhandled rejections/);
});

test('a listener that exits or throws, or one this file does not define, leaves the warning', () => {
  const variants = {
    exits: "process.on('unhandledRejection', (reason) => { console.error(reason); setTimeout(() => process.exit(1), 100); });",
    throws: "process.on('unhandledRejection', (reason) => { throw reason; });",
    imported: "const { onRejection } = require('./log'); process.on('unhandledRejection', onRejection);",
  };
  for (const [name, listener] of Object.entries(variants)) {
    const main = ["const app = require('./routes');", listener, 'app.listen(3000);'].join('\n');
    const [f] = floatingWithMain(main);
    assert.equal(f.severity, 'warning', name);
  }
});

test("Next.js's server logs the rejections nobody handles: a promise dropped by a route handler, an API route or a Server Action (by file or by function) is a note; the same drop in an Express route of the project is not", () => {
  const findings = floating(analyse({
    'app/api/chat/route.ts': [
      "import { audit, record } from '../../../audit';",
      'export async function POST(req: Request) {',
      '  audit(await req.json());', // 3
      // A listener the route registers runs in the same process.
      "  req.signal.addEventListener('abort', () => { record('aborted'); });", // 4
      '  return Response.json({ ok: true });',
      '}',
    ].join('\n'),
    'pages/api/search.ts': [
      "import { audit } from '../../audit';",
      'export default function handler(req: any, res: any) {',
      '  audit(req.body);', // 3
      '  res.json({ ok: true });',
      '}',
    ].join('\n'),
    'app/actions.ts': [
      "'use server';",
      "import { record } from '../audit';",
      'export async function save(form: FormData) {',
      '  record(form.get("text"));', // 4
      '}',
    ].join('\n'),
    'app/notes/form.ts': [
      "import { record } from '../../audit';",
      'export function form() {',
      '  async function submit(text: string) {',
      "    'use server';",
      '    record(text);', // 5
      '  }',
      '  return submit;',
      '}',
    ].join('\n'),
    'routes.js': ROUTES,
    // Two functions, dropped at three places each: under the five that make it the project's habit (one note).
    'audit.js': `${AUDIT}\nexports.record = async (text) => { await fetch('http://notes/', { method: 'POST', body: text }); };`,
  }));
  const listener = findings.find((f) => f.file === 'app/api/chat/route.ts' && f.line === 4);
  assert.equal(listener?.chain[0].symbol, "on 'abort'");
  assert.equal(listener?.severity, 'info');
  assert.match(listener!.message, /\(a note: Next\.js's server logs unhandled rejections/);
  const byFile = Object.fromEntries(findings.filter((f) => f !== listener).map((f) => [f.file, f]));
  assert.deepEqual(Object.keys(byFile).sort(), ['app/actions.ts', 'app/api/chat/route.ts', 'app/notes/form.ts', 'pages/api/search.ts', 'routes.js']);
  for (const file of ['app/actions.ts', 'app/api/chat/route.ts', 'app/notes/form.ts', 'pages/api/search.ts']) {
    assert.equal(byFile[file].severity, 'info', file);
    assert.match(byFile[file].message, /\(a note: Next\.js's server logs unhandled rejections instead of letting them end the process\)$/, file);
  }
  assert.equal(byFile['routes.js'].severity, 'warning');
  assert.doesNotMatch(byFile['routes.js'].message, /logs unhandled rejections/);
});

// A monorepo's services run as separate processes: a listener covers the entries of its own package (the folder of its
// nearest package.json) and of the packages it depends on (a library it imports), not another service's.
const SERVICE = (name: string, deps: Record<string, string> = {}): string => JSON.stringify({ name, dependencies: deps });
const LISTENER = "process.on('unhandledRejection', (reason) => { console.error(reason); });\nrequire('./routes').listen(3000);";

test('a listener in one service of a monorepo leaves another service\'s floating promises warnings', () => {
  const findings = floating(analyse({
    'package.json': SERVICE('monorepo'),
    'services/files/package.json': SERVICE('@acme/files', { '@acme/lib': '*' }),
    'services/files/main.js': LISTENER,
    'services/files/routes.js': ROUTES,
    'services/files/audit.js': AUDIT,
    'services/docs/package.json': SERVICE('@acme/docs'),
    'services/docs/routes.js': ROUTES,
    'services/docs/audit.js': AUDIT,
    'libraries/lib/package.json': SERVICE('@acme/lib'),
    'libraries/lib/routes.js': ROUTES,
    'libraries/lib/audit.js': AUDIT,
  }));
  const byFile = Object.fromEntries(findings.map((f) => [f.file, f.severity]));
  assert.deepEqual(byFile, {
    'services/files/routes.js': 'info', // its own listener
    'libraries/lib/routes.js': 'info', // a library the service with the listener depends on
    'services/docs/routes.js': 'warning', // another process, with no listener
  });
  assert.match(findings.find((f) => f.file === 'libraries/lib/routes.js')!.message, /services\/files\/main\.js:1 logs unhandled rejections/);
});
