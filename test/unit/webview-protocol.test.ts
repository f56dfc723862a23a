// The webview's messages are untrusted input: parseWebviewMessage is all that stands between a web page
// and the extension's actions, so every field's rule is checked here, case by case.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { filesNotFromUs, renderReportHtml } from '../../src/report/export-report';
import { lensDocument } from '../../src/report/lens-document';
import { renderReportMarkdown } from '../../src/report/report-markdown';
import { contentSecurityPolicy, renderWebviewHtml } from '../../src/report/webview-html';
import { parseWebviewMessage, parseWebviewState } from '../../src/report/webview-protocol';

describe('parseWebviewMessage', () => {
  it('accepts every message of the protocol and keeps only its own fields', () => {
    const cases: [unknown, unknown][] = [
      [{ type: 'ready', panel: 'tree', extra: 1 }, { type: 'ready', panel: 'tree' }],
      [{ type: 'openSource', file: 'src/a.js', line: 3 }, { type: 'openSource', file: 'src/a.js', line: 3 }],
      [{ type: 'openSource', file: '/abs/a.js', line: 3, column: 7, evil: '<x>' }, { type: 'openSource', file: '/abs/a.js', line: 3, column: 7 }],
      [{ type: 'openFlamegraph', where: 'external' }, { type: 'openFlamegraph', where: 'external' }],
      [{ type: 'runProfile', command: ['rm', '-rf', '/'] }, { type: 'runProfile' }],
      [{ type: 'runBenchmarks' }, { type: 'runBenchmarks' }],
      [{ type: 'exportReport', file: '/etc/passwd' }, { type: 'exportReport' }],
      [{ type: 'showPanel', panel: 'bench' }, { type: 'showPanel', panel: 'bench' }],
    ];
    for (const [raw, parsed] of cases) assert.deepEqual(parseWebviewMessage(raw), parsed, JSON.stringify(raw));
  });

  it('refuses anything else', () => {
    const refused: unknown[] = [
      null,
      'ready',
      42,
      [],
      {},
      { type: 'eval', code: '1' },
      { type: 'ready', panel: 'settings' },
      { type: 'ready' },
      { type: 'openSource', file: 'a.js' },
      { type: 'openSource', file: 'a.js', line: 0 },
      { type: 'openSource', file: 'a.js', line: 1.5 },
      { type: 'openSource', file: 'a.js', line: 1e7 },
      { type: 'openSource', file: 'a.js', line: '3' },
      { type: 'openSource', file: 'a.js', line: 3, column: 0 },
      { type: 'openSource', file: '', line: 3 },
      { type: 'openSource', file: 'a\0.js', line: 3 },
      { type: 'openSource', file: 'https://evil.example/a.js', line: 3 },
      { type: 'openSource', file: 'x'.repeat(5000), line: 3 },
      { type: 'openSource', file: ['a.js'], line: 3 },
      { type: 'openFlamegraph', where: 'browser' },
      { type: 'openFlamegraph' },
      { type: 'showPanel', panel: 'report2' },
    ];
    for (const raw of refused) assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  });
});

describe('parseWebviewState', () => {
  it('keeps a valid panel, answers and explorer setting', () => {
    assert.deepEqual(parseWebviewState({ panel: 'bench', answers: { active: 'yes', copies: 'no' }, computeNsPerByte: 5 }, 'tree'), { panel: 'bench', answers: { active: 'yes', copies: 'no' }, computeNsPerByte: 5 });
  });

  it('falls back on garbage and drops answers that are not yes/no on a node-like id', () => {
    assert.deepEqual(parseWebviewState(undefined, 'tree'), { panel: 'tree' });
    assert.deepEqual(parseWebviewState('x', 'profile'), { panel: 'profile' });
    assert.deepEqual(parseWebviewState({ panel: 'nope', answers: { active: 'maybe', 'Bad Id': 'yes', copies: 'no' }, computeNsPerByte: -1 }, 'tree'), { panel: 'tree', answers: { copies: 'no' } });
  });
});

describe('the page and its export', () => {
  const linked = { kind: 'linked', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/main.js', styleUri: 'https://x/main.css' } as const;
  const nonce = 'QUJDREVGR0hJSktMTU5PUA==';

  it('allows no base element and no form submission, which default-src does not cover', () => {
    for (const assets of [linked, { kind: 'inline', script: '1', style: '' } as const]) {
      const csp = contentSecurityPolicy({ nonce, assets });
      assert.match(csp, /^default-src 'none'; /);
      assert.match(csp, /; base-uri 'none'; form-action 'none'$/);
      assert.ok(!csp.includes('unsafe-eval') && !csp.includes('unsafe-inline'), csp);
    }
  });

  it('refuses to inline a bundle that holds "<!--" or "<script", and escapes "</script"', () => {
    const page = (script: string): string => renderWebviewHtml({ title: 't', panel: 'report', nonce, assets: { kind: 'inline', script, style: '' } });
    assert.throws(() => page('var s = "<!--";'), /cannot be inlined safely/);
    assert.throws(() => page('var s = "<script>";'), /cannot be inlined safely/);
    assert.ok(page('var s = "</script>";').includes('var s = "<\\/script>";'));
  });

  it('an export next to files that are not ours names them; files of an earlier export are ours', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-export-'));
    try {
      const doc = lensDocument({ version: '1.0.0', now: new Date(0) });
      const files = { html: path.join(dir, 'r.html'), markdown: path.join(dir, 'r.md'), json: path.join(dir, 'r.json') };
      assert.deepEqual(await filesNotFromUs(files), [], 'nothing there yet');
      fs.writeFileSync(files.html, renderReportHtml(doc, { script: '1', style: '' }));
      fs.writeFileSync(files.markdown, renderReportMarkdown(doc));
      fs.writeFileSync(files.json, `${JSON.stringify(doc, null, 2)}\n`);
      assert.deepEqual(await filesNotFromUs(files), [], 'an earlier export may be replaced');
      fs.writeFileSync(files.json, '{ "name": "my-package", "version": "1.0.0" }\n');
      fs.writeFileSync(files.markdown, '# My notes\n');
      assert.deepEqual(await filesNotFromUs(files), [files.markdown, files.json]);
      fs.rmSync(files.markdown);
      fs.mkdirSync(files.markdown);
      assert.deepEqual(await filesNotFromUs(files), [files.markdown, files.json], 'a folder in the way is not ours either');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
