// The in-VS-Code suite: VS Code loads this module in the extension host (extensionTestsPath) and awaits
// run(); test/integration/run.mjs opens it on a copy of test/fixtures/workspaces/http-sync-io/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConcurrencyLensExports } from '../../../src/extension/extension';
import type { PanelRecord } from '../../../src/extension/panels/panel-manager';
import type { EditorPanelKind } from '../../../src/extension/panels/view-types';
import { defaultResultsDir, loadLatestResult } from '../../../src/harness/result-store';
import type { ProfileReport } from '../../../src/report/profile-report';
import type { ToWebview } from '../../../src/report/webview-protocol';
import { checkPage, log, runTests, waitFor } from './harness';
import { idleHostLoop, measureHostLoop } from './host-loop';
import { EXTENSION_ID, SOURCE, file, folder, ours } from './workspace';

const RULE = 'no-sync-io-in-hot-path';

/** The range of the first occurrence of `text` in the document. */
function rangeOf(doc: vscode.TextDocument, text: string): vscode.Range {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `${text} occurs in ${doc.uri.path}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

const fmt = (r: vscode.Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** The extension's exports: the panel manager's record of each panel's messages. */
function lens(): ConcurrencyLensExports {
  const ext = vscode.extensions.getExtension<ConcurrencyLensExports>(EXTENSION_ID);
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports;
}

/** Waits until the panel's page has said 'ready' and been sent a 'show'; returns its record and that message. */
async function shownPanel(kind: EditorPanelKind): Promise<{ record: PanelRecord; show: Extract<ToWebview, { type: 'show' }> }> {
  const record = await waitFor(`the ${kind} page to say ready and be sent its document`, () => {
    const r = lens().panels.record(kind);
    return r?.ready && r.sent.some((m) => m.type === 'show') ? r : undefined;
  });
  const show = record.sent.filter((m): m is Extract<ToWebview, { type: 'show' }> => m.type === 'show').at(-1)!;
  return { record, show };
}

/** The tab of one of our panels (its input's view type carries a prefix of VS Code's own). */
const panelTab = (viewType: string): vscode.Tab | undefined =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));

/** The profile the trusted run made, for the panel and export tests after it. */
let profiled: ProfileReport | undefined;

// run.mjs --restricted starts code-server without --disable-workspace-trust: the same tests then run in
// Restricted Mode, where the extension declares limited support and static diagnostics must still work.
const restricted = process.env.CONCURRENCY_LENS_TEST_RESTRICTED === '1';
/** The workspace-relative file run.mjs --open had open in the editor at start-up, if any. */
const openAtStart = process.env.CONCURRENCY_LENS_TEST_OPEN_FILE || undefined;

export async function run(): Promise<void> {
  await runTests(`Concurrency Lens in VS Code (http-sync-io${restricted ? ', Restricted Mode' : ''})`, [
    {
      name: `the workbench runs the remote extension host on the fixture workspace, ${restricted ? 'untrusted' : 'trusted'}`,
      fn: () => {
        assert.equal(folder().scheme, 'file');
        // Desktop VS Code (test/integration/run-desktop.mjs) runs the extension host locally.
        if (process.env.CONCURRENCY_LENS_TEST_HOST !== 'desktop') assert.ok(vscode.env.remoteName, 'env.remoteName is set (code-server)');
        assert.equal(vscode.workspace.isTrusted, !restricted);
      },
    },
    {
      name: 'the extension activates when a JavaScript file is opened',
      fn: async () => {
        const ext = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is loaded as the extension under development`);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('server.js')));
        await waitFor('the extension to activate (onLanguage:javascript)', () => (ext.isActive ? true : undefined), 20_000);
        const commands = await vscode.commands.getCommands(true);
        assert.ok(commands.includes('concurrencyLens.analyzeWorkspace'), 'concurrencyLens.analyzeWorkspace is registered');
      },
    },
    {
      name: 'activation analyses the workspace by itself: the diagnostic appears without running the command',
      fn: async () => {
        const d = await waitFor('a Concurrency Lens diagnostic on server.js after activation', () => ours(file('server.js'))[0], 60_000);
        assert.equal(typeof d.code === 'object' ? d.code.value : d.code, RULE);
      },
    },
    // run.mjs --open FILE opens the workbench with FILE in the editor, as a restored window would have it.
    ...(openAtStart
      ? [
          {
            name: `the file open at start-up (${openAtStart}) is analysed first, then the whole workspace replaces its answer`,
            fn: async () => {
              const passes = await waitFor('the workspace analysis', () => {
                const p = lens().analysis.passes();
                return p.some((x) => x.kind === 'workspace') ? p : undefined;
              }, 60_000);
              const first = passes[0];
              const workspace = passes.find((x) => x.kind === 'workspace')!;
              assert.equal(first.kind, 'first', `a first pass for the open file, before the workspace: ${JSON.stringify(passes)}`);
              assert.deepEqual(first.focus, [openAtStart]);
              assert.ok(first.findings >= 1, `the open file's finding is in the first pass: ${JSON.stringify(first)}`);
              assert.ok(first.files < workspace.files, `the first pass analyses less than the workspace: ${JSON.stringify(passes)}`);
              assert.ok(first.msAfterActivation <= workspace.msAfterActivation);
            },
          },
        ]
      : []),
    {
      name: 'Analyse Workspace reports readFileSync in a request handler with rule, exact range and call chain',
      fn: async () => {
        await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
        const uri = file('server.js');
        const diags = await waitFor('a Concurrency Lens diagnostic on server.js', () => {
          const d = ours(uri);
          return d.length ? d : undefined;
        });
        assert.equal(diags.length, 1, `one diagnostic on server.js, got ${diags.map((d) => d.message).join(' | ')}`);
        const d = diags[0];
        const doc = await vscode.workspace.openTextDocument(uri);

        assert.equal(d.source, SOURCE);
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
        assert.match(d.message, /readFileSync/);
        // The code is { value: rule id, target: a command that opens its page, rendered, for this finding }.
        const code = d.code as { value: string | number; target: vscode.Uri } | string | number | undefined;
        assert.ok(code && typeof code === 'object', `diagnostic.code is an object, got ${JSON.stringify(code)}`);
        assert.equal(code.value, RULE);
        const target = `${code.target.scheme}:${code.target.path}`;
        assert.equal(target, 'command:concurrencyLens.showRule', `code.target opens the rule page, got ${code.target.toString()}`);
        const ref = { rule: RULE, file: 'server.js', line: d.range.start.line + 1, column: d.range.start.character + 1 };
        assert.deepEqual(JSON.parse(code.target.query), [ref]);

        const call = rangeOf(doc, "fs.readFileSync(`./templates/${name}.html`, 'utf8')");
        assert.equal(fmt(d.range), fmt(call), 'the range is exactly the readFileSync call');

        // The chain from the entry to the blocking line: the request handler's call of loadTemplate, at the call
        // (line and column); the blocking line itself is the diagnostic, not repeated.
        const related = (d.relatedInformation ?? []).map((r) => ({
          file: r.location.uri.toString(),
          at: fmt(r.location.range),
          message: r.message,
        }));
        const callOfHelper = rangeOf(doc, "loadTemplate('index')").start;
        assert.deepEqual(related, [
          { file: uri.toString(), at: fmt(new vscode.Range(callOfHelper, callOfHelper)), message: '<request handler> calls loadTemplate' },
        ]);
      },
    },
    {
      name: '"Show why" opens the rule page rendered in a markdown preview, read-only, with this finding and its call chain on top',
      fn: async () => {
        const uri = file('server.js');
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        // Resolves once the workspace's diagnostics are published: code actions asked for meanwhile are cancelled.
        await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
        const d = await waitFor('the diagnostic on server.js', () => ours(uri)[0], 60_000);
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range)) ?? [];
        const why = actions.find((a) => a.title === `Show why: ${RULE}`);
        assert.ok(why?.command, actions.map((a) => a.title).join(' | '));
        await vscode.commands.executeCommand(why.command.command, ...(why.command.arguments ?? []));
        const isPreview = (t: vscode.Tab): boolean => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('markdown.preview');
        const preview = await waitFor('a markdown preview of the rule page', () =>
          vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => isPreview(t) && t.label.includes(RULE)), 20_000);
        assert.ok(preview.label.includes(`${RULE}.md`), preview.label);
        // What the preview renders: the shipped page with the finding on top, served read-only.
        const isPage = (t: vscode.TextDocument): boolean => t.uri.scheme === 'concurrency-lens-docs' && t.uri.path === `/rules/${RULE}.md`;
        const page = await waitFor('the page to be open as a document', () => vscode.workspace.textDocuments.find(isPage), 10_000);
        assert.equal(vscode.workspace.fs.isWritableFileSystem('concurrency-lens-docs'), false);
        const text = page.getText();
        const line = d.range.start.line + 1;
        const helper = rangeOf(doc, "loadTemplate('index')").start;
        assert.match(text, /^# no-sync-io-in-hot-path\n\n## This finding\n/);
        const place = (l: number, c: number): string => `[server.js:${l}:${c}](/server.js#L${l},${c})`;
        assert.ok(text.includes(`**warning** at ${place(line, d.range.start.character + 1)}`), text.slice(0, 600));
        assert.ok(text.includes(`1. \`<request handler>\` (${place(helper.line + 1, helper.character + 1)}) calls \`loadTemplate\``), text.slice(0, 600));
        // Its links to the analysis page resolve inside the package.
        assert.ok(text.includes('](../analysis.md#hot-path-entries)'));
        const analysis = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(page.uri.with({ query: '' }), '..', '..', 'analysis.md'));
        assert.match(new TextDecoder().decode(analysis), /^# How the analysis works/);
        await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
      },
    },
    {
      name: 'the status bar item lists this extension\'s problems; picking one goes to it',
      fn: async () => {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
        const d = await waitFor('the diagnostic on server.js', () => ours(file('server.js'))[0], 60_000);
        // The quick pick stays open until picked from, so the command is not awaited here.
        const shown = vscode.commands.executeCommand('concurrencyLens.showProblems');
        await new Promise((r) => setTimeout(r, 1500));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await shown;
        const editor = await waitFor('the picked problem to open', () => vscode.window.activeTextEditor, 10_000);
        assert.equal(editor.document.uri.toString(), file('server.js').toString());
        assert.equal(fmt(editor.selection), fmt(d.range));
      },
    },
    {
      name: 'the clean look-alike file has no diagnostics, and nothing else in the workspace is reported',
      fn: async () => {
        const clean = file('clean.js');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(clean));
        assert.deepEqual(vscode.languages.getDiagnostics(clean).map((d) => `${d.source}: ${d.message}`), []);
        const all = vscode.languages
          .getDiagnostics()
          .flatMap(([uri, ds]) => ds.filter((d) => d.source === SOURCE).map((d) => `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}`));
        assert.deepEqual(all, ['server.js:8']);
      },
    },
    {
      name: 'Analyse Workspace re-reads the folder: a file added on disk is reported once the command resolves, and cleared once removed',
      fn: async () => {
        const added = file('added-handler.js');
        const text = [
          "const fs = require('fs');",
          "require('http').createServer((req, res) => res.end(String(fs.readFileSync('./x').length))).listen(0);",
          "require('http').createServer(async (req, res) => {",
          '  try {',
          '    for (const name of Object.keys(req.headers)) {',
          '      await fetch(`http://a/${name}`);', // line 5 (0-based): the finding
          '      await fetch(`http://b/${name}`);', // line 6: shown with it
          '    }',
          '  } catch { res.statusCode = 500; }',
          '  res.end();',
          '}).listen(0);',
          '',
        ].join('\n');
        await vscode.workspace.fs.writeFile(added, new TextEncoder().encode(text));
        try {
          await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
          // No waiting: the command resolves after the diagnostics are published.
          const diags = ours(added);
          assert.deepEqual(diags.map((d) => [typeof d.code === 'object' ? d.code.value : d.code, d.range.start.line]), [[RULE, 1], ['no-sequential-await-in-loop', 5]]);
          // The loop's other await is in the related information, where the editor lists it under the diagnostic.
          const loop = diags[1].relatedInformation?.map((r) => [r.location.uri.toString(), r.location.range.start.line, r.message]);
          assert.deepEqual(loop, [[added.toString(), 6, 'also awaited in this loop, once per item']]);
          assert.equal(ours(file('server.js')).length, 1, 'server.js keeps its diagnostic');
        } finally {
          await vscode.workspace.fs.delete(added);
        }
        await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
        assert.deepEqual(ours(added), []);
      },
    },
    {
      name: 'files written and deleted on disk outside the editor (a checkout, a script) are analysed without a command',
      fn: async () => {
        const written = file('written-on-disk.js');
        const inFolder = file('generated.v2/handler.js'); // a folder name with a dot is a folder all the same
        const text = (name: string): string => [
          "const fs = require('fs');",
          `require('http').createServer((req, res) => res.end(String(fs.readFileSync('./${name}').length))).listen(0);`,
          '',
        ].join('\n');
        // Through the file system, not an editor: what `git checkout` or a code generator does.
        await fs.promises.writeFile(written.fsPath, text('y'));
        await fs.promises.mkdir(path.dirname(inFolder.fsPath), { recursive: true });
        await fs.promises.writeFile(inFolder.fsPath, text('z'));
        try {
          await waitFor('the files written on disk to be reported', () => (ours(written).length === 1 && ours(inFolder).length === 1 ? true : undefined), 20_000);
          assert.equal(ours(written)[0].range.start.line, 1);
        } finally {
          await fs.promises.rm(written.fsPath, { force: true });
          // A folder's deletion is reported once, for the folder: the files in it must go all the same.
          await fs.promises.rm(path.dirname(inFolder.fsPath), { recursive: true, force: true });
        }
        await waitFor('their findings to go once deleted on disk', () => (ours(written).length === 0 && ours(inFolder).length === 0 ? true : undefined), 20_000);
        assert.equal(ours(file('server.js')).length, 1, 'server.js keeps its diagnostic');
      },
    },
    {
      name: 'an install that leaves package.json as it was (npm ci writes node_modules/.package-lock.json) analyses the workspace again',
      fn: async () => {
        const workspacePasses = (): number => lens().analysis.passes().filter((p) => p.kind === 'workspace').length;
        const modules = file('node_modules');
        assert.equal(fs.existsSync(modules.fsPath), false, 'the fixture has no node_modules of its own');
        const before = workspacePasses();
        await fs.promises.mkdir(modules.fsPath);
        // npm writes the marker last, into a node_modules the watcher has long seen. Written at once into a folder just
        // made, it can go unseen (the watch on a new folder comes after it): written again each second until seen.
        let probes = 0;
        try {
          await waitFor('a workspace analysis after the install', () => {
            if (workspacePasses() > before) return true;
            if (probes++ % 10 === 0) fs.writeFileSync(path.join(modules.fsPath, '.package-lock.json'), `{ "lockfileVersion": 3, "packages": {}, "n": ${probes} }\n`);
            return undefined;
          }, 20_000);
        } finally {
          await fs.promises.rm(modules.fsPath, { recursive: true, force: true });
        }
        // node_modules removed as a whole (the watcher reports the folder only): one more, which the next tests must not run into.
        await waitFor('a workspace analysis after the removal', () => (workspacePasses() > before + 1 ? true : undefined), 20_000);
        assert.equal(ours(file('server.js')).length, 1, 'server.js keeps its diagnostic');
      },
    },
    {
      name: 'the diagnostic offers "Suppress" and "Show why"; the suppression writes the directive above the line and, once saved, the finding is gone',
      fn: async () => {
        const uri = file('server.js');
        const doc = await vscode.workspace.openTextDocument(uri);
        const [d] = ours(uri);
        assert.ok(d, 'server.js has its diagnostic');
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range)) ?? [];
        const titles = actions.map((a) => a.title);
        assert.ok(titles.includes(`Show why: ${RULE}`), titles.join(' | '));
        const suppress = actions.find((a) => a.title === `Suppress ${RULE} on this line`);
        assert.ok(suppress?.edit, titles.join(' | '));
        assert.ok(await vscode.workspace.applyEdit(suppress.edit));
        const line = d.range.start.line;
        assert.equal(doc.lineAt(line).text, `  // concurrency-lens-disable-next-line ${RULE}`);
        assert.equal(doc.lineAt(line + 1).text, "  return fs.readFileSync(`./templates/${name}.html`, 'utf8');");
        assert.ok(await doc.save());
        await waitFor('the diagnostic to go after the save', () => (ours(uri).length === 0 ? true : undefined), 20_000);
      },
    },
    {
      name: 'an async handler gets the rewriting quick fix: readFileSync becomes await fs.promises.readFile, and the finding goes',
      fn: async () => {
        const uri = file('async-handler.js');
        const text = ["const fs = require('fs');", "require('http').createServer(async (req, res) => {", "  res.end(fs.readFileSync('./page.html', 'utf8'));", '}).listen(0);', ''].join('\n');
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        try {
          await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
          const doc = await vscode.workspace.openTextDocument(uri);
          await vscode.window.showTextDocument(doc);
          const [d] = ours(uri);
          assert.ok(d, 'async-handler.js has its diagnostic');
          const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range)) ?? [];
          const fix = actions.find((a) => a.title === 'Use await fs.promises.readFile()');
          assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
          assert.ok(await vscode.workspace.applyEdit(fix.edit));
          assert.equal(doc.lineAt(2).text, "  res.end(await fs.promises.readFile('./page.html', 'utf8'));");
          assert.ok(await doc.save());
          await waitFor('the finding to go after the fix', () => (ours(uri).length === 0 ? true : undefined), 20_000);
        } finally {
          await vscode.workspace.fs.delete(uri);
          await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
        }
      },
    },
    {
      name: 'typing re-analyses without a save: a blocking call typed into a handler is reported after the pause, and goes when undone',
      fn: async () => {
        const uri = file('clean.js');
        const doc = await vscode.workspace.openTextDocument(uri);
        const editor = await vscode.window.showTextDocument(doc);
        assert.deepEqual(ours(uri), []);
        const marker = doc.getText().indexOf('res.end(');
        assert.ok(marker > 0, 'clean.js has a handler that answers with res.end');
        const at = doc.positionAt(marker);
        assert.ok(await editor.edit((e) => e.insert(at, "fs.readFileSync('./extra.txt');\n    ")));
        await waitFor('the typed call to be reported', () => (ours(uri).some((d) => d.range.start.line === at.line) ? true : undefined), 20_000);
        assert.equal(doc.isDirty, true, 'reported from the editor text, not from disk');
        await vscode.commands.executeCommand('undo');
        await waitFor('the finding to go once undone', () => (ours(uri).length === 0 ? true : undefined), 20_000);
      },
    },
    {
      name: 'settings apply without a reload: turning the rule off clears its diagnostic, setting it to error brings it back as an error',
      fn: async () => {
        // A file of its own: earlier tests suppressed server.js's finding.
        const uri = file('settings-probe.js');
        const text = ["const fs = require('fs');", "require('http').createServer((req, res) => res.end(String(fs.readFileSync('./x').length))).listen(0);", ''].join('\n');
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        const config = vscode.workspace.getConfiguration('concurrencyLens');
        const severities = (): vscode.DiagnosticSeverity[] => ours(uri).filter((d) => typeof d.code === 'object' && d.code.value === RULE).map((d) => d.severity);
        try {
          await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
          assert.deepEqual(severities(), [vscode.DiagnosticSeverity.Warning]);
          await config.update('rules', { [RULE]: 'off' }, vscode.ConfigurationTarget.Workspace);
          await waitFor('the rule to go quiet', () => (severities().length === 0 ? true : undefined), 20_000);
          await config.update('rules', { [RULE]: 'error' }, vscode.ConfigurationTarget.Workspace);
          await waitFor('the rule to report again, as an error', () => (severities().join() === String(vscode.DiagnosticSeverity.Error) ? true : undefined), 20_000);
        } finally {
          await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
          await vscode.workspace.fs.delete(uri);
          await vscode.commands.executeCommand('concurrencyLens.analyzeWorkspace');
        }
      },
    },
    restricted
      ? {
          name: 'Restricted Mode refuses to profile: the command runs nothing and returns nothing',
          fn: async () => {
            const started = Date.now();
            const report = await vscode.commands.executeCommand('concurrencyLens.profileWorkload', { command: ['busy.js'] });
            assert.equal(report, undefined);
            assert.ok(Date.now() - started < 1000, 'refused at once, without running the second-long workload');
          },
        }
      : {
          name: 'Profile Workload runs the program, classifies it, and puts a lens on the hot function',
          fn: async () => {
            await idleHostLoop(3000);
            // Supervising the run and digesting its data happen in the profile worker: the host's loop only
            // relays output and messages (BENCHMARKS.md: "Extension host loop delay").
            const { value: report } = await measureHostLoop('Profile Workload', () => Promise.resolve(vscode.commands.executeCommand<ProfileReport | undefined>('concurrencyLens.profileWorkload', { command: ['busy.js'] })));
            assert.ok(report, 'a report comes back');
            profiled = report;
            assert.equal(report.workload.type, 'cpu-bound');
            assert.equal(report.recommendation.model, 'worker-pool');
            assert.equal(report.hotspots[0].function, 'crunch');
            const busy = file('busy.js');
            // The lens provider runs on an open model.
            await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(busy));
            const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', busy)) ?? [];
            const titles = lenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
            assert.ok(titles.some((t) => /^\d+: Concurrency Lens: /.test(t)), titles.join(' | '));
          },
        },
    ...(restricted
      ? []
      : [
          {
            name: 'Profile Workload opened the profile report panel; shown, its page says ready, is sent the report, and the browser shows the verdict on drawn charts',
            fn: async () => {
              assert.ok(profiled, 'the profiling test ran first');
              const opened = lens().panels.record('profile');
              assert.ok(opened, 'the panel was opened by Profile Workload itself (concurrencyLens.profile.openReport is on by default)');
              assert.equal(opened.viewType, 'concurrencyLens.profileReport');
              assert.equal(opened.restored, false);
              // The last test showed busy.js over it; shown again, the page reloads and asks anew.
              await vscode.commands.executeCommand('concurrencyLens.openLastReport');
              const { record, show } = await shownPanel('profile');
              assert.equal(record.open, true);
              assert.equal(record.renders, 1, 'revealed, not created again');
              assert.equal(record.rejected, 0);
              assert.deepEqual(record.received.filter((m) => m.type === 'ready').at(-1), { type: 'ready', panel: 'profile' });
              assert.equal(show.panel, 'profile');
              assert.equal(show.document?.kind, 'report');
              assert.equal(show.document?.profile?.createdAt, profiled.createdAt);
              assert.equal(show.document?.bench?.createdAt, (await loadLatestResult(defaultResultsDir()))?.createdAt);
              assert.equal(panelTab('concurrencyLens.profileReport')?.isActive, true, 'the panel is the active tab of its group');

              const headline = `${profiled.workload.type} → ${profiled.recommendation.model}`;
              assert.equal(headline, 'cpu-bound → worker-pool');
              const page = await checkPage({ panel: 'profile', texts: [headline], canvas: true });
              if (!page) return log('  # no runner to look into the page (desktop): page check skipped');
              assert.equal(page.error, undefined);
              assert.deepEqual(page.missingTexts, []);
              assert.ok((page.canvases ?? 0) > 0, 'the report has charts');
              assert.equal(page.drawnCanvases, page.canvases, 'every chart has pixels on it');
              assert.deepEqual(page.cspViolations, []);
            },
          },
          ...(process.env.CONCURRENCY_LENS_HOST_LOOP_WORKLOAD
            ? [
                {
                  // bench/host-loop-bench.mjs only: a bigger program than busy.js (more probe data and CPU profile to digest).
                  name: `host loop delay while profiling ${process.env.CONCURRENCY_LENS_HOST_LOOP_WORKLOAD}`,
                  fn: async () => {
                    const script = process.env.CONCURRENCY_LENS_HOST_LOOP_WORKLOAD!;
                    const command = { command: [script], cwd: require('node:path').dirname(script) as string };
                    const { value } = await measureHostLoop('Profile Workload (bench workload)', () => Promise.resolve(vscode.commands.executeCommand<ProfileReport | undefined>('concurrencyLens.profileWorkload', command)));
                    assert.ok(value, 'a report comes back');
                    profiled = value;
                  },
                },
              ]
            : []),
          {
            name: 'Export Report writes the self-contained HTML, the Markdown summary and the JSON of the panels\' document',
            fn: async () => {
              assert.ok(profiled, 'the profiling test ran first');
              const html = vscode.Uri.joinPath(folder(), 'reports', 'lens.html').fsPath;
              // One export takes milliseconds, too short for the histogram: ten in a row give it samples.
              const { value: written } = await measureHostLoop('Export Report (10 in a row)', async () => {
                let last: string[] | undefined;
                for (let i = 0; i < 10; i++) last = await vscode.commands.executeCommand<string[] | undefined>('concurrencyLens.exportReport', { file: html });
                return last;
              });
              const base = html.slice(0, -'.html'.length);
              assert.deepEqual(written, [html, `${base}.md`, `${base}.json`]);
              const page = fs.readFileSync(html, 'utf8');
              assert.match(page, /<body data-panel="report" data-mode="export">/);
              assert.ok(!page.includes('vscode-resource') && !/<script[^>]* src=/.test(page), 'the bundle is inline, nothing is linked');
              const json = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as { kind: string; profile?: { createdAt: string } };
              assert.equal(json.kind, 'report');
              assert.equal(json.profile?.createdAt, profiled.createdAt);
              assert.match(fs.readFileSync(`${base}.md`, 'utf8'), /worker-pool/);
            },
          },
          {
            name: 'with concurrencyLens.profile.flamegraph on, Profile Workload also draws 0x\'s flamegraph, and Open Flamegraph shows it in a panel',
            fn: async () => {
              const config = vscode.workspace.getConfiguration('concurrencyLens.profile');
              await config.update('flamegraph', true, vscode.ConfigurationTarget.Workspace);
              await config.update('openReport', false, vscode.ConfigurationTarget.Workspace);
              try {
                const { value: report } = await measureHostLoop('Profile Workload with the flamegraph', () => Promise.resolve(vscode.commands.executeCommand<ProfileReport | undefined>('concurrencyLens.profileWorkload', { command: ['busy.js'] })));
                assert.ok(report, 'a report comes back');
                // The newest profile now: the tests after this one compare panels against it.
                profiled = report;
                assert.equal(report.flamegraph?.error, undefined);
                const htmlFile = report.flamegraph?.htmlFile;
                assert.ok(htmlFile && fs.existsSync(htmlFile), `0x's page exists: ${htmlFile}`);
                assert.match(fs.readFileSync(htmlFile, 'utf8'), /crunch/, 'the flamegraph holds the hot function');
                await vscode.commands.executeCommand('concurrencyLens.openFlamegraph');
                await waitFor('the flamegraph panel', () => panelTab('concurrencyLens.flamegraph'), 10_000);
              } finally {
                await config.update('flamegraph', undefined, vscode.ConfigurationTarget.Workspace);
                await config.update('openReport', undefined, vscode.ConfigurationTarget.Workspace);
              }
            },
          },
        ]),
    {
      name: `Show Recommendation opens the decision-tree panel${restricted ? ' in Restricted Mode too (it only shows data)' : ''}; its page says ready and is sent the document`,
      fn: async () => {
        await vscode.commands.executeCommand('concurrencyLens.showRecommendation');
        const { record, show } = await shownPanel('tree');
        assert.equal(record.viewType, 'concurrencyLens.decisionTree');
        assert.equal(record.open, true);
        assert.equal(record.rejected, 0);
        assert.deepEqual(record.received[0], { type: 'ready', panel: 'tree' });
        assert.equal(show.panel, 'tree');
        assert.equal(show.document?.kind, 'report');
        // Restricted Mode never profiled: the tree is in guided mode, walked by the user's answers.
        assert.equal(show.document?.profile?.createdAt, restricted ? undefined : profiled?.createdAt);
        assert.equal(panelTab('concurrencyLens.decisionTree')?.isActive, true);
        const page = await checkPage({ panel: 'tree' });
        if (!page) return log('  # no runner to look into the page (desktop): page check skipped');
        assert.equal(page.error, undefined);
        assert.deepEqual(page.cspViolations, []);
      },
    },
    ...(restricted
      ? []
      : [
          {
            name: 'open panels follow a new profile: the tree is told the run is busy, then sent the new report; with openReport off no panel is opened',
            fn: async () => {
              const config = vscode.workspace.getConfiguration('concurrencyLens.profile');
              const profileRenders = lens().panels.record('profile')?.renders;
              await config.update('openReport', false, vscode.ConfigurationTarget.Workspace);
              try {
                const again = await vscode.commands.executeCommand<ProfileReport | undefined>('concurrencyLens.profileWorkload', { command: ['busy.js'] });
                assert.ok(again && again.createdAt !== profiled?.createdAt, 'a new report');
                // The new document is read and posted asynchronously (it reads the saved benchmark result too), and may
                // arrive after the command resolves: wait for it, then check the order of what the tree was sent.
                const sentNew = (): true | undefined =>
                  lens().panels.record('tree')?.sent.some((m) => m.type === 'show' && m.document?.profile?.createdAt === again.createdAt) ? true : undefined;
                await waitFor('the new report sent to the tree', sentNew, 15_000);
                const tree = lens().panels.record('tree');
                assert.ok(tree?.ready, 'the tree page is still showing');
                const sent = tree.sent.slice(-3).map((m) => (m.type === 'busy' ? `busy: ${m.text}` : `show: ${m.document?.profile?.createdAt}`));
                assert.deepEqual(sent, [`busy: Profiling ${again.command.join(' ')}…`, 'busy: null', `show: ${again.createdAt}`]);
                assert.equal(lens().panels.record('profile')?.renders, profileRenders, 'the profile panel was not opened again');
                assert.equal(panelTab('concurrencyLens.decisionTree')?.isActive, true);
              } finally {
                await config.update('openReport', undefined, vscode.ConfigurationTarget.Workspace);
              }
            },
          },
        ]),
  ]);
}
