// A mail server built on nodemailer's smtp-server (Novu's inbound-mail): the functions in `new SMTPServer(options)`
// run per connection, per command and per received message, whether the options are written in place, named, or
// merged with lodash's `_.extend` or Object.assign. The same keys in the options of any other class are not entries:
// `onData` is too common a name. A function that returns a promise chain is known to return a promise, and a
// `.catch` that logs and throws again is no rejection handler: dropping its chain still loses the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTempProject } from './analyse-temp-project';

const server = (options: string, className = 'SMTPServer', module = 'smtp-server'): string => [
  `import { ${className} } from '${module}';`,
  "import * as _ from 'lodash';",
  "import * as fs from 'node:fs';",
  "const LanguageDetect = require('languagedetect');",
  'function dataReady(path: string) {',
  '  return fs.promises.readFile(path, "utf8")',
  '    .then((text) => new LanguageDetect().detect(text, 1))', // 7
  '    .catch((error) => {',
  '      console.error(error);',
  '      throw error;',
  '    });',
  '}',
  'function onData(stream: any, session: any, callback: () => void) {',
  "  stream.on('end', () => {",
  '    dataReady(session.path);', // 15
  '    callback();',
  '  });',
  '}',
  'function onAuth(auth: any, session: any, callback: (e: null, r: object) => void) {',
  "  callback(null, { user: fs.readFileSync('/etc/mail-users', 'utf8') });", // 20
  '}',
  'export function start(config: any) {',
  `  const smtp = new ${className}(${options});`,
  '  smtp.listen(25);',
  '}',
].join('\n');

const found = (source: string): string[] => analyseTempProject({ 'server.ts': source }).map((f) => `${f.line} ${f.rule} ${f.severity}`).sort();

const EXPECTED = ['15 no-floating-promise warning', '20 no-sync-io-in-hot-path warning', '7 no-cpu-heavy-library-in-hot-path info'];

test('the option functions of an SMTPServer are entries, in place, named or merged', () => {
  for (const options of ['{ onData, onAuth }', '_.extend({}, config.smtp || {}, { onData, onAuth })', 'Object.assign({ secure: false }, { onData }, { onAuth })']) {
    assert.deepEqual(found(server(options)), EXPECTED, `options: ${options}`);
  }
  const named = server('options').replace('  const smtp', '  const options = { ...config.smtp, onData, onAuth: onAuth };\n  const smtp');
  assert.deepEqual(found(named).map((f) => f.replace(/^\d+/, (n) => String(Number(n) > 22 ? Number(n) - 1 : n))), EXPECTED);
});

test('the chain names the SMTP step that runs the function', () => {
  const [blocking] = analyseTempProject({ 'server.ts': server('{ onAuth }') }).filter((f) => f.rule === 'no-sync-io-in-hot-path');
  assert.ok(blocking, 'onAuth is an entry');
  assert.match(blocking.chain[0]!.symbol, /onAuth/);
  assert.match(JSON.stringify(blocking.chain[0]), /per SMTP AUTH/);
});

test('the same keys in the options of another class are not entries', () => {
  assert.deepEqual(found(server('{ onData, onAuth }', 'Uploader', 'some-upload-lib')), []);
});

test('a chain whose last .catch handles the error, or whose function is awaited, is not floating', () => {
  const handled = server('{ onData }').replace('      throw error;\n', '');
  assert.deepEqual(found(handled), ['7 no-cpu-heavy-library-in-hot-path info']);
  const awaited = server('{ onData }').replace("  stream.on('end', () => {", "  stream.on('end', async () => {").replace('    dataReady(session.path);', '    await dataReady(session.path);');
  assert.deepEqual(found(awaited), ['7 no-cpu-heavy-library-in-hot-path info']);
});
