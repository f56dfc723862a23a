// The in-VS-Code check of the Python front end (issue 13): run.mjs opens a copy of
// test/fixtures/workspaces/python-service/ with this module as the suite (--suite out/test/integration/suite/python).
// Opening a .py file activates the extension (onLanguage:python), and the diagnostics of both files arrive with exact
// rule ids, lines, ranges and the call chain across modules; the look-alikes (a sync def endpoint, to_thread) stay quiet.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProfileReport } from '../../../src/report/profile-report';
import { runTests, waitFor } from './harness';
import { EXTENSION_ID, SOURCE, file, ours } from './workspace';

const ruleOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);
/** `line rule`, 1-based, sorted: what a file reports. */
const summary = (uri: vscode.Uri): string[] => ours(uri).map((d) => `${d.range.start.line + 1} ${ruleOf(d)}`).sort();
const fmt = (r: vscode.Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

function rangeOf(doc: vscode.TextDocument, text: string): vscode.Range {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `${text} occurs in ${doc.uri.path}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

export async function run(): Promise<void> {
  await runTests('Concurrency Lens in VS Code (python-service)', [
    {
      name: 'opening a .py file activates the extension and its Python diagnostics appear: exact rules and lines in both modules',
      fn: async () => {
        const ext = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(ext, `${EXTENSION_ID} is loaded as the extension under development`);
        const app = file('app.py');
        const doc = await vscode.workspace.openTextDocument(app);
        await vscode.window.showTextDocument(doc);
        assert.equal(doc.languageId, 'python');
        await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), 20_000);
        const services = file('services.py');
        // Both files' answers come from one workspace analysis; wait until both are in.
        await waitFor('diagnostics on app.py and services.py', () => (ours(app).length > 0 && ours(services).length > 0 ? true : undefined), 90_000);
        assert.deepEqual(summary(app), ['16 no-floating-promise']);
        assert.deepEqual(summary(services), ['7 no-sync-io-in-hot-path']);
        // Nothing else in the workspace: the sync def endpoint (line 23) and to_thread (line 29) are quiet.
        const all = vscode.languages
          .getDiagnostics()
          .flatMap(([uri, ds]) => ds.filter((d) => d.source === SOURCE).map((d) => `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}`))
          .sort();
        assert.deepEqual(all, ['app.py:16', 'services.py:7']);
      },
    },
    {
      name: 'the blocking call in services.py: warning, exact range, Python advice, and the chain from the route in app.py',
      fn: async () => {
        const services = file('services.py');
        const doc = await vscode.workspace.openTextDocument(services);
        const [d] = ours(services);
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
        assert.equal(
          d.message,
          'requests.get() blocks the event loop on a request path; use an async client (httpx.AsyncClient, aiohttp) or await asyncio.to_thread(...) instead',
        );
        const call = rangeOf(doc, 'requests.get("http://localhost:11434/api/answer", params={"q": question}, timeout=30)');
        assert.equal(fmt(d.range), fmt(call), 'the range is exactly the requests.get call');
        const appDoc = await vscode.workspace.openTextDocument(file('app.py'));
        const at = rangeOf(appDoc, 'services.fetch_answer(question)').start;
        const related = (d.relatedInformation ?? []).map((r) => ({
          file: vscode.workspace.asRelativePath(r.location.uri),
          at: fmt(r.location.range),
          message: r.message,
        }));
        assert.deepEqual(related, [{ file: 'app.py', at: fmt(new vscode.Range(at, at)), message: 'POST /ask: ask calls fetch_answer' }]);
      },
    },
    {
      name: 'the dropped task offers the Python quick fix and a suppression written as a # comment',
      fn: async () => {
        const app = file('app.py');
        const [d] = ours(app);
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', app, d.range)) ?? [];
        const titles = actions.map((a) => a.title);
        assert.deepEqual(titles, ['Keep the task in _background_tasks until it is done', 'Suppress no-floating-promise on this line', 'Show why: no-floating-promise']);
        const keep = actions[0];
        assert.equal(keep.isPreferred, true);
        const kept = (keep.edit?.get(app) ?? []).map((e) => e.newText).join('');
        assert.match(kept, /_background_tasks/);
        const suppress = actions.find((a) => a.title === 'Suppress no-floating-promise on this line')!;
        const edits = suppress.edit?.get(app) ?? [];
        assert.deepEqual(edits.map((e) => e.newText), ['    # concurrency-lens: disable-next-line no-floating-promise\n']);
      },
    },
    {
      name: 'Profile Workload runs a .py file under Python (the Python extension\'s interpreter, else python3) and judges it in Python\'s terms',
      fn: async () => {
        const report = await vscode.commands.executeCommand<ProfileReport | undefined>('concurrencyLens.profileWorkload', { command: ['crunch.py'] });
        assert.ok(report, 'a report comes back');
        assert.equal(report.language, 'python');
        assert.match(report.machine.node, /^Python 3\./);
        assert.equal(report.workload.type, 'cpu-bound', report.recommendation.path.map((st) => `${st.question} ${st.answer}: ${st.evidence}`).join('\n'));
        assert.equal(report.recommendation.model, 'worker-pool');
        assert.match(report.recommendation.summary, /ProcessPoolExecutor/, 'Python advice, not worker_threads');
        const top = report.hotspots[0];
        assert.equal(`${top.file} ${top.function}`, 'crunch.py crunch');
        assert.match(report.run.stdoutTail, /rounds \d+/);
        // The static findings of the workspace are scoped to what crunch.py loads: itself, which has none.
        const sa = report.staticAnalysis;
        assert.ok(sa && 'findings' in sa && sa.scope, 'the editor hands over its findings, scoped in the profile worker');
        assert.deepEqual(sa.scope.files, ['crunch.py']);
      },
    },
  ]);
}
