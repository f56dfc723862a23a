// The pure parts of the editor's panels: which files an 'openSource' message may open, and 0x's
// flamegraph page fitted with its own Content Security Policy.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { flamegraphCsp, flamegraphPage } from '../../src/extension/panels/flamegraph-html';
import { resolveSourcePath } from '../../src/extension/panels/source-path';
import { EDITOR_PANEL_KINDS, VIEW_TYPES, isEditorPanelKind } from '../../src/extension/panels/view-types';

// A real tree on disk: the check follows symbolic links, so the files must exist.
const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-open-source-'));
const cwd = path.join(tree, 'app');
const ws = path.join(tree, 'ws');
const outsideDir = path.join(tree, 'secrets');
for (const f of [path.join(cwd, 'src', 'busy.js'), path.join(cwd, 'b.js'), path.join(ws, 'lib', 'x.ts'), path.join(ws, 'server.js'), path.join(outsideDir, 'key.pem'), path.join(`${cwd}-old`, 'x.js')]) {
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, '// fixture\n');
}
fs.symlinkSync(outsideDir, path.join(ws, 'linked-dir'));
fs.symlinkSync(path.join(outsideDir, 'key.pem'), path.join(cwd, 'key-link.pem'));
fs.symlinkSync(path.join(ws, 'server.js'), path.join(cwd, 'server-link.js'));
after(() => fs.rmSync(tree, { recursive: true, force: true }));

describe('openSource paths', () => {
  it('resolves a report-relative path against the report cwd', () => {
    assert.deepEqual(resolveSourcePath('src/busy.js', cwd, [ws]), { ok: true, file: path.join(cwd, 'src', 'busy.js') });
  });

  it('opens absolute paths inside the report cwd or a workspace folder', () => {
    assert.deepEqual(resolveSourcePath(path.join(ws, 'lib', 'x.ts'), cwd, [ws]), { ok: true, file: path.join(ws, 'lib', 'x.ts') });
    assert.deepEqual(resolveSourcePath(path.join(cwd, 'a', '..', 'b.js'), cwd, [ws]), { ok: true, file: path.join(cwd, 'b.js') });
  });

  it('refuses anything that ends up outside them, relative or absolute', () => {
    for (const file of [path.resolve('/etc/passwd'), '../../etc/passwd', path.join(cwd, '..', 'secrets', 'key.pem'), '..']) {
      const r = resolveSourcePath(file, cwd, [ws]);
      assert.equal(r.ok, false, file);
    }
    // A sibling whose name starts with the folder's is not inside it.
    assert.equal(resolveSourcePath(`${cwd}-old/x.js`, cwd, [ws]).ok, false);
  });

  it('refuses a symbolic link inside the folders that leads outside them, and follows one that stays inside', () => {
    assert.deepEqual(resolveSourcePath('key-link.pem', cwd, [ws]), { ok: false, reason: `${path.join(cwd, 'key-link.pem')} is outside the report's folder and the workspace` });
    assert.equal(resolveSourcePath(path.join(ws, 'linked-dir', 'key.pem'), cwd, [ws]).ok, false);
    assert.deepEqual(resolveSourcePath('server-link.js', cwd, [ws]), { ok: true, file: path.join(cwd, 'server-link.js') });
  });

  it('refuses a file that does not exist', () => {
    assert.deepEqual(resolveSourcePath('src/gone.js', cwd, [ws]), { ok: false, reason: `${path.join(cwd, 'src', 'gone.js')} does not exist` });
  });

  it('without a report, resolves against the first workspace folder; with neither, refuses relative paths', () => {
    assert.deepEqual(resolveSourcePath('server.js', undefined, [ws]), { ok: true, file: path.join(ws, 'server.js') });
    assert.equal(resolveSourcePath('server.js', undefined, []).ok, false);
  });
});

describe('flamegraph page', () => {
  // The shape 0x writes (visualizer/html.js): styles in the head, one inline script whose code itself
  // contains "<style>" and "<script" strings.
  const zeroX = [
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<style> .a{color:red} </style>',
    '<style>',
    'rect:hover {opacity: 0.9}',
    '</style>',
    '</head>',
    "<body class='m0'>",
    '<script> var css = "<style>x{}</style>"; var s = "<script src=x>"; visualizer({}) </script>',
    '</body>',
    '</html>',
  ].join('\n');
  const nonce = 'AAAAAAAAAAAAAAAAAAAAAA==';

  it('adds the nonce to 0x\'s own script element, not to its styles or to the text inside its script', () => {
    const page = flamegraphPage(zeroX, nonce);
    assert.equal([...page.matchAll(/<style>/g)].length, 3, "0x's two style elements and the string in its script");
    assert.equal([...page.matchAll(/<script nonce="AAAAAAAAAAAAAAAAAAAAAA==">/g)].length, 1);
    assert.ok(page.includes('var css = "<style>x{}</style>"; var s = "<script src=x>";'), 'the script text is unchanged');
  });

  it('gives the nonce to the first script only: a function name that closes 0x\'s script cannot start one that runs', () => {
    // 0x writes the profile data into its one inline script without escaping "</script>".
    const injected = '<html><head></head><body><script>visualizer({"name":"f</script><script>alert(1)</script><script>"})</script></body></html>';
    const page = flamegraphPage(injected, nonce);
    assert.equal([...page.matchAll(/<script nonce="/g)].length, 1);
    assert.ok(page.includes('<script>alert(1)</script>'), 'the injected script is left without a nonce, so the policy blocks it');
  });

  it('puts its policy in the head, before any script or style', () => {
    const page = flamegraphPage(zeroX, nonce);
    const meta = page.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(meta > page.indexOf('<head>') && meta < page.indexOf('<style'), 'policy first in the head');
    assert.ok(page.includes(`content="${flamegraphCsp(nonce)}"`));
  });

  it('has a policy that loads nothing, allows no eval and no script without the nonce', () => {
    const csp = flamegraphCsp(nonce);
    assert.equal(csp, `default-src 'none'; img-src data:; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'`);
    assert.ok(!csp.includes('unsafe-eval'));
  });

  it('replaces a nonce the page already had, and puts the policy on top of a page without a head', () => {
    const page = flamegraphPage('<script nonce="old">go()</script>', nonce);
    assert.equal(page, `<meta http-equiv="Content-Security-Policy" content="${flamegraphCsp(nonce)}">\n<script nonce="${nonce}">go()</script>`);
  });

  it('refuses a nonce that is not random-looking', () => {
    assert.throws(() => flamegraphPage(zeroX, 'x'), /nonce/);
  });
});

describe('panel view types', () => {
  it('gives each editor panel its own view type; the exported report has no panel', () => {
    assert.deepEqual([...EDITOR_PANEL_KINDS], ['profile', 'bench', 'tree', 'simulator']);
    assert.deepEqual(Object.values(VIEW_TYPES), ['concurrencyLens.profileReport', 'concurrencyLens.benchmarks', 'concurrencyLens.decisionTree', 'concurrencyLens.simulator']);
    assert.equal(isEditorPanelKind('report'), false);
  });
});
