// Activation: a thin adapter from VS Code to the cores. Analysis runs in a worker, profiling in a child
// process, benchmarks in a worker; this file only wires commands, settings, diagnostics and views.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../analysis';
import { SOURCE_EXTENSIONS } from '../analysis/options';
import { FileFilter } from '../analysis/source-files';
import { optionsFromSettings } from '../analysis/options-from-settings';
import { openSourceFiles, startAnalysisWorker, type AnalysisPass } from './analysis-startup';
import { FindingActions } from './code-actions';
import { DebouncedEdits } from './debounced-edits';
import { DiskChanges, type DiskChangeBatch } from './disk-changes';
import { runBenchmarksCommand } from './bench-command';
import { countProblems, publish, toDiagnostic } from './diagnostics';
import { exportReportCommand } from './export-command';
import { HotspotLensProvider } from './hotspot-lens-provider';
import { LastReport } from './last-report';
import { DocumentSource } from './panels/document-source';
import { FlamegraphPanel } from './panels/flamegraph-panel';
import { WebviewMessageHandler } from './panels/message-handler';
import { PanelManager, type PanelRecord } from './panels/panel-manager';
import { registerPanelSerializers } from './panels/panel-serializer';
import type { EditorPanelKind } from './panels/view-types';
import { OneRunAtATime } from './one-run-at-a-time';
import { profileWorkloadCommand } from './profile-command';
import { selectedPython } from './python-interpreter';
import { registerRulePages } from './rule-page-view';
import { StatusBar } from './status-bar';

/** The languages analysed: the JavaScript family (ts-morph) and Python (tree-sitter, src/analysis/python/). */
const LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'python'];
const SCRIPT_LANGUAGES = LANGUAGES.map((language) => ({ language, scheme: 'file' }));
/** How long the disk must be quiet before changes made outside the editor are analysed (a checkout writes in bursts). */
const DISK_QUIET_MS = 500;
/** More files than this changed on disk at once (a branch switch) are analysed by one workspace scan, not one by one. */
const MAX_FILES_ONE_BY_ONE = 20;
/** Files whose change can make imports resolve differently: the workspace is analysed again. */
const PROJECT_FILES = '**/{package.json,tsconfig*.json,jsconfig.json,pyproject.toml}';
/**
 * What a package manager writes into the workspace's own node_modules at the end of an install (npm 7+, yarn 1,
 * pnpm), `npm ci` included, which leaves package.json and the lockfile as they were: installed declarations change
 * what the type checker knows, so the workspace is analysed again.
 */
const INSTALL_MARKERS = 'node_modules/{.package-lock.json,.yarn-integrity,.modules.yaml}';
/** Folders whose project files are not the workspace's own: an install writes hundreds of package.json there. */
const UNWATCHED = /[\\/](node_modules|\.git)[\\/]/;
/** Settings that change what the analyser reports: a change re-runs the workspace analysis. */
const ANALYSIS_SETTINGS = ['rules', 'include', 'exclude', 'entryPatterns', 'types', 'showUnknownReach', 'baselineFile'].map((k) => `concurrencyLens.${k}`);

/**
 * What activate() returns (`vscode.extensions.getExtension(id).exports`): read-only, for the in-VS-Code
 * tests, which check from the extension side that a panel was created, that its page said 'ready' and
 * what it was sent. Exports rather than a test-only command: no command outside the manifest, and no
 * branch on an environment variable in the shipped code.
 */
export interface ConcurrencyLensExports {
  panels: { record(kind: EditorPanelKind): PanelRecord | undefined };
  /** Every publication of static diagnostics this session, in order (the open files' first pass, then the workspace). */
  analysis: { passes(): readonly AnalysisPass[] };
}

/** Starts loading when VS Code loads this file, before activate() (analysis-startup.ts, docs/analysis.md "Start-up order"). */
const analysisClient = startAnalysisWorker(path.join(__dirname, 'workers', 'analysis-worker.js'));

export function activate(context: vscode.ExtensionContext): ConcurrencyLensExports {
  const activatedAt = performance.now();
  const sinceActivation = (): number => Math.round(performance.now() - activatedAt);
  const log = vscode.window.createOutputChannel('Concurrency Lens', { log: true });
  const workloadOutput = vscode.window.createOutputChannel('Concurrency Lens: Workload');
  const diagnostics = vscode.languages.createDiagnosticCollection('concurrency-lens');
  const client = analysisClient;
  const loadedText = (l: NonNullable<typeof client.loaded>): string => `analysis worker loaded in ${Math.round(l.readyMs)} ms (the analyser ${Math.round(l.loadMs)} ms; code cache ${l.codeCache})`;
  if (client.loaded) log.info(`${loadedText(client.loaded)}, before activation`);
  client.onLoaded = (l) => log.info(`${loadedText(l)}, ${sinceActivation()} ms after activation`);
  const passes: AnalysisPass[] = [];
  const docsBase = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const last = new LastReport(context.storageUri ?? context.globalStorageUri);
  const status = new StatusBar();
  context.subscriptions.push(registerRulePages(context.extensionUri));
  const lenses = new HotspotLensProvider(last);
  let lastAnalysis: AnalysisResult | undefined;
  /** The last workspace analysis's include and exclude globs: which files changed on disk concern it. */
  let analysedFiles: FileFilter | undefined;
  // The panels only display data; nothing in them runs workspace code (Profile goes through the
  // trusted-only profile command), so they open in Restricted Mode too.
  const documents = new DocumentSource(last, version);
  const flamegraph = new FlamegraphPanel(log);
  const handler: WebviewMessageHandler = new WebviewMessageHandler({
    log,
    report: () => last.report,
    openPanel: (kind) => void panels.open(kind),
    columnOf: (kind) => panels.columnOf(kind),
    openFlamegraph: (where) => openFlamegraph(where),
  });
  const panels: PanelManager = new PanelManager(context.extensionUri, documents, log, (kind, raw) => handler.handle(kind, raw));
  const hasFlamegraph = (): void => void vscode.commands.executeCommand('setContext', 'concurrencyLens.hasFlamegraph', Boolean(last.report?.flamegraph?.htmlFile));
  status.setReport(last.report);
  hasFlamegraph();
  context.subscriptions.push(log, workloadOutput, diagnostics, { dispose: () => client.dispose() }, last, status, lenses, documents, panels, flamegraph);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(SCRIPT_LANGUAGES, lenses),
    vscode.languages.registerCodeActionsProvider(SCRIPT_LANGUAGES, new FindingActions((file, text, target) => client.fixes(file, text, target)), {
      providedCodeActionKinds: FindingActions.kinds,
    }),
    last.onDidChange((r) => {
      status.setReport(r);
      hasFlamegraph();
    }),
    ...registerPanelSerializers(panels, log),
  );

  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('concurrencyLens');
  const enabled = (): boolean => settings().get<boolean>('enable', true);
  const root = (): vscode.Uri | undefined => vscode.workspace.workspaceFolders?.[0]?.uri;
  let reportedProblems = '';

  /** A baseline that cannot be used is said once per distinct reason; what it left out goes to the log. */
  let reportedBaselineError = '';
  const reportBaseline = (result: AnalysisResult): void => {
    const b = result.baseline;
    if (!b) return;
    if (b.error !== undefined) {
      if (b.error !== reportedBaselineError) {
        log.warn(`baseline not applied: ${b.error}`);
        void vscode.window.showWarningMessage(`Concurrency Lens: the baseline was not applied: ${b.error}`);
      }
      reportedBaselineError = b.error;
      return;
    }
    reportedBaselineError = '';
    log.info(`baseline ${b.file}: ${b.matched} accepted finding(s) left out, ${b.unmatched} no longer found`);
  };

  /** The open files' findings from the first pass: only their diagnostics are set; the workspace's result replaces them. */
  const publishFirst = (folder: vscode.Uri, first: AnalysisResult, focus: string[]): void => {
    if (lastAnalysis) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of first.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), toDiagnostic(f, folder, docsBase)]);
    for (const [file, diags] of byFile) diagnostics.set(vscode.Uri.joinPath(folder, ...file.split('/')), diags);
    const rel = focus.map((f) => path.relative(folder.fsPath, f).split(path.sep).join('/'));
    passes.push({ kind: 'first', focus: rel, findings: first.findings.length, files: first.stats.files, msAfterActivation: sinceActivation() });
    log.info(`first pass: ${first.findings.length} findings in the ${rel.length} open file(s) published ${sinceActivation()} ms after activation (${first.stats.files} files analysed in ${first.stats.durationMs} ms: ${rel.join(', ')})`);
  };

  /** `asked`: the user ran the command; an automatic scan (start-up, settings) stays quiet about a missing folder. */
  const analyzeWorkspace = async (asked = false): Promise<void> => {
    const folder = root();
    if (!folder || folder.scheme !== 'file') {
      if (asked) void vscode.window.showWarningMessage('Concurrency Lens analyses a folder on disk; open one first.');
      return;
    }
    if (!enabled()) return;
    // Files changed on disk while the scan reads them are applied after it, over its result.
    diskChanges.hold();
    try {
      await scanWorkspace(folder);
    } finally {
      diskChanges.release();
    }
  };
  /** The workspace scan itself, with progress and cancellation; its result replaces every diagnostic. */
  const scanWorkspace = async (folder: vscode.Uri): Promise<void> => {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Concurrency Lens: analysing workspace', cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => client.cancel());
        try {
          const analysisConfig = settings();
          const { options, problems } = optionsFromSettings(folder.fsPath, {
            rules: analysisConfig.get('rules'),
            include: analysisConfig.get('include'),
            exclude: analysisConfig.get('exclude'),
            entryPatterns: analysisConfig.get('entryPatterns'),
            types: analysisConfig.get('types'),
            baselineFile: analysisConfig.get('baselineFile'),
          });
          analysedFiles = new FileFilter(folder.fsPath, options);
          for (const p of problems) log.warn(`setting ignored: concurrencyLens.${p}`);
          // Once per distinct set of problems, not on every re-analysis.
          if (problems.length > 0 && problems.join('\n') !== reportedProblems) {
            void vscode.window.showWarningMessage(`Concurrency Lens: some settings were ignored: ${problems.join('; ')}`);
          }
          reportedProblems = problems.join('\n');
          log.info(`analyse ${folder.fsPath} ${JSON.stringify({ ...options, paths: undefined, cwd: undefined })}`);
          // Until the workspace has been analysed once, the open editors are answered for first (a quick pass
          // over them and the files related by imports); the workspace's result then replaces everything.
          const first =
            lastAnalysis === undefined
              ? { focus: () => openSourceFiles(folder), onFirst: (r: AnalysisResult, focus: string[]) => publishFirst(folder, r, focus) }
              : undefined;
          const result = await client.analyze(options, first);
          lastAnalysis = result;
          reportBaseline(result);
          publish(diagnostics, result, folder, docsBase, settings().get('showUnknownReach', true));
          status.setFindings(countProblems(result));
          passes.push({ kind: 'workspace', focus: [], findings: result.findings.length, files: result.stats.files, msAfterActivation: sinceActivation() });
          // The hints of unknown reach are findings too, but not problems: the Problems panel and the status bar leave them out.
          const hints = result.findings.length - countProblems(result);
          log.info(`${result.findings.length} findings in ${result.stats.files} files (${result.stats.durationMs} ms; ${hints} of them hints of unknown reach), published ${sinceActivation()} ms after activation`);
          for (const s of result.skipped) log.warn(`skipped ${s.file}: ${s.reason}`);
        } catch (err) {
          if ((err as Error).message === 'cancelled') log.info('analysis cancelled');
          else {
            log.error(`analysis failed: ${(err as Error).message}`);
            void vscode.window.showErrorMessage(`Concurrency Lens: analysis failed: ${(err as Error).message}`);
          }
        }
      },
    );
  };
  /** A scan nobody waits for (an edit, a settings change, start-up): a failure outside the scan's own catch is logged. */
  const analyzeInBackground = (): void => {
    analyzeWorkspace().catch((err: unknown) => log.error(`analysis failed: ${(err as Error).message}`));
  };

  /** One file again, from the editor's text while typing or from disk once saved; the first edit scans the workspace if start-up did not. */
  const reanalyze = (doc: vscode.TextDocument, fromEditor: boolean): void => {
    const folder = root();
    if (!folder || !enabled() || doc.uri.scheme !== 'file' || !LANGUAGES.includes(doc.languageId)) return;
    if (!doc.uri.fsPath.startsWith(folder.fsPath)) return;
    const pending = client.update(doc.uri.fsPath, fromEditor ? doc.getText() : undefined);
    if (!pending) {
      analyzeInBackground();
      return;
    }
    showIncremental(pending, folder, doc.uri.fsPath);
  };
  /** Publishes the result of re-analysing (or forgetting) one file. */
  const showIncremental = (pending: Promise<AnalysisResult>, folder: vscode.Uri, file: string): void => {
    pending.then(
      (result) => {
        lastAnalysis = result;
        reportBaseline(result);
        publish(diagnostics, result, folder, docsBase, settings().get('showUnknownReach', true));
        status.setFindings(countProblems(result));
      },
      (err: Error) => {
        if (err.message !== 'cancelled') log.warn(`re-analysis of ${file} failed: ${err.message}`);
      },
    );
  };
  /**
   * Changes made on disk by something else than this editor: a branch checkout, a formatter run in a terminal, an
   * install. Files open in an editor follow their editor (VS Code reloads them, and typing re-analyses them); the
   * others are analysed again from disk, or forgotten when deleted. Many at once, or a project file, and the whole
   * workspace is analysed again.
   */
  const onDiskChanges = (batch: DiskChangeBatch): void => {
    const folder = root();
    if (!folder || !enabled() || !lastAnalysis) return; // no scan has succeeded: the next one reads the disk
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    const changed = batch.changed.filter((f) => !open.has(f));
    // Deletions go in one request, linked again once however many there are; changed files are analysed one by one.
    if (batch.project || changed.length > MAX_FILES_ONE_BY_ONE) {
      log.info(`files changed on disk (${batch.project ? 'a project file' : `${changed.length} files`}): analysing the workspace again`);
      analyzeInBackground();
      return;
    }
    if (batch.removed.length > 0) {
      const pending = client.remove(batch.removed);
      if (pending) showIncremental(pending, folder, batch.removed.length === 1 ? batch.removed[0] : `${batch.removed.length} deleted paths`);
    }
    for (const file of changed) {
      const pending = client.update(file);
      if (pending) showIncremental(pending, folder, file);
    }
  };
  const diskChanges = new DiskChanges(DISK_QUIET_MS, onDiskChanges);
  context.subscriptions.push(diskChanges);
  // settings.json is not held to the schema's minimum (VS Code only underlines the value): a delay of 0 would
  // re-analyse on every keystroke, so it is held to it here.
  const onTypeDelay = (): number => {
    const ms = Number(settings().get<number>('analyzeOnTypeDelayMs', 300));
    return Number.isFinite(ms) ? Math.max(50, ms) : 300;
  };
  const edits = new DebouncedEdits(onTypeDelay, (doc) => reanalyze(doc, true));
  context.subscriptions.push(edits);

  const openLastReport = async (): Promise<void> => {
    await last.loaded;
    if (!last.report) {
      const choice = await vscode.window.showInformationMessage('Concurrency Lens: no profile yet. Profile a workload first.', 'Profile Workload…');
      if (choice) await vscode.commands.executeCommand('concurrencyLens.profileWorkload');
      return;
    }
    panels.open('profile');
  };

  const showBenchmarks = async (): Promise<void> => {
    if (!(await documents.bench())) {
      const choice = await vscode.window.showInformationMessage('Concurrency Lens: no benchmark results on this machine yet. Measuring takes under a minute.', 'Run Benchmarks');
      if (choice) await vscode.commands.executeCommand('concurrencyLens.runBenchmarks');
      return;
    }
    panels.open('bench');
  };

  /** 'editor': 0x's page in a panel; 'external': the system's browser (desktop only; see flamegraph-panel.ts). */
  async function openFlamegraph(where: 'editor' | 'external' = 'editor'): Promise<void> {
    const htmlFile = last.report?.flamegraph?.htmlFile;
    if (!htmlFile) {
      void vscode.window.showInformationMessage('Concurrency Lens: the last profile has no flamegraph. Turn on the setting concurrencyLens.profile.flamegraph and profile again (or use the CLI\'s profile --flamegraph DIR).');
      return;
    }
    if (where === 'external') {
      await vscode.env.openExternal(vscode.Uri.file(htmlFile));
      return;
    }
    try {
      await flamegraph.open(htmlFile);
    } catch (err) {
      log.warn(`flamegraph ${htmlFile}: ${(err as Error).message}`);
      void vscode.window.showWarningMessage(`Concurrency Lens: could not open the flamegraph ${htmlFile}.`);
    }
  }

  const measuring = new OneRunAtATime();
  context.subscriptions.push(
    vscode.commands.registerCommand('concurrencyLens.analyzeWorkspace', () => analyzeWorkspace(true)),
    vscode.commands.registerCommand('concurrencyLens.profileWorkload', (target?: unknown) =>
      measuring.run('A profile', () => profileWorkloadCommand(
        {
          log,
          output: workloadOutput,
          last,
          version,
          staticResult: () => lastAnalysis,
          flamegraphDir: vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'flamegraphs').fsPath,
          panels: { busy: (text) => panels.busy(text), openReport: async () => void panels.open('profile') },
          pythonFor: selectedPython,
        },
        target,
      )),
    ),
    vscode.commands.registerCommand('concurrencyLens.runBenchmarks', (language?: unknown) =>
      measuring.run('The benchmark run', () => runBenchmarksCommand(context.extensionUri, log, version, {
        busy: (text) => panels.busy(text),
        saved: async (_file, language) => {
          documents.benchSaved(language);
          panels.open('bench');
        },
      }, { language: language === 'python' || language === 'node' ? language : undefined, pythonFor: selectedPython })),
    ),
    // The decision tree works without a profile too: the user answers its questions (guided mode).
    vscode.commands.registerCommand('concurrencyLens.showRecommendation', () => void panels.open('tree')),
    vscode.commands.registerCommand('concurrencyLens.openLastReport', openLastReport),
    vscode.commands.registerCommand('concurrencyLens.showBenchmarks', showBenchmarks),
    vscode.commands.registerCommand('concurrencyLens.showSimulator', () => void panels.open('simulator')),
    vscode.commands.registerCommand('concurrencyLens.exportReport', (arg?: unknown) => exportReportCommand({ extensionUri: context.extensionUri, documents, log }, arg)),
    vscode.commands.registerCommand('concurrencyLens.openFlamegraph', (where?: unknown) => openFlamegraph(where === 'external' ? 'external' : 'editor')),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      edits.cancel(doc);
      reanalyze(doc, false);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && settings().get<boolean>('analyzeOnType', true)) edits.schedule(e.document);
    }),
    // A file the last scan did not cover (created outside the editor, or excluded until now) is analysed
    // when it is opened; before the first scan there is nothing to update yet.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (lastAnalysis) reanalyze(doc, false);
    }),
    // Closed without saving: the file on disk is the truth again.
    vscode.workspace.onDidCloseTextDocument((doc) => {
      edits.cancel(doc);
      if (doc.isDirty) reanalyze(doc, false);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('concurrencyLens.enable') && !enabled()) {
        client.cancel();
        diagnostics.clear();
        status.setFindings(undefined);
        return;
      }
      // Settings apply without a reload: the analyser restarts with the new options.
      if (e.affectsConfiguration('concurrencyLens.enable') || ANALYSIS_SETTINGS.some((k) => e.affectsConfiguration(k))) analyzeInBackground();
    }),
  );

  // A baseline rewritten by `check --write-baseline` (or checked out from git) applies without a settings change.
  let baselineWatcher: vscode.Disposable | undefined;
  const watchBaseline = (): void => {
    baselineWatcher?.dispose();
    baselineWatcher = undefined;
    const folder = root();
    const file = settings().get<string>('baselineFile', '').trim();
    if (!folder || folder.scheme !== 'file' || file === '') return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, file));
    const again = analyzeInBackground;
    watcher.onDidChange(again);
    watcher.onDidCreate(again);
    watcher.onDidDelete(again);
    baselineWatcher = watcher;
  };
  watchBaseline();
  context.subscriptions.push(
    { dispose: () => baselineWatcher?.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('concurrencyLens.baselineFile')) watchBaseline();
    }),
  );

  // The workspace folder's files, watched for changes made outside the editor (DiskChanges above).
  const folder = root();
  if (folder && folder.scheme === 'file') {
    const sourceFiles = new vscode.RelativePattern(folder, `**/*.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`);
    const sources = vscode.workspace.createFileSystemWatcher(sourceFiles, false, false, true);
    const projects = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, PROJECT_FILES));
    // Every path created or deleted, files and folders: a folder's deletion is reported once, for the folder, not for
    // the files in it; a folder's creation may be reported without the files written into it before it was watched.
    const anyPath = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'), false, true, false);
    // Only files the analysis takes (a build writing dist/, a test run writing coverage/ are not its business).
    const analysed = (uri: vscode.Uri): boolean =>
      analysedFiles !== undefined && analysedFiles.isSource(uri.fsPath) && analysedFiles.accepts(uri.fsPath, folder.fsPath);
    // A path that is not a source file may be, or have been, a folder (`v1.2/` too: a name says nothing). Deleted, the
    // analysis forgets what it held under it, if anything, in the one request a batch's deletions make.
    const analysedFolder = (uri: vscode.Uri): boolean =>
      analysedFiles !== undefined && !analysedFiles.isSource(uri.fsPath) && !analysedFiles.excludesDir(uri.fsPath, folder.fsPath);
    sources.onDidCreate((uri) => analysed(uri) && diskChanges.changed(uri.fsPath));
    sources.onDidChange((uri) => analysed(uri) && diskChanges.changed(uri.fsPath));
    // A folder created on disk (a checkout, a generator): the analysis takes the source files under it, in the worker.
    anyPath.onDidCreate((uri) => {
      if (!analysedFolder(uri)) return;
      vscode.workspace.fs.stat(uri).then((s) => s.type & vscode.FileType.Directory && diskChanges.changed(uri.fsPath), () => undefined);
    });
    anyPath.onDidDelete((uri) => {
      if (analysed(uri) || analysedFolder(uri)) diskChanges.removed(uri.fsPath);
      // `rm -rf node_modules`: reported once, for the folder, not for the install markers in it.
      else if (uri.fsPath === path.join(folder.fsPath, 'node_modules')) diskChanges.projectFile();
    });
    const projectFile = (uri: vscode.Uri): void => {
      if (!UNWATCHED.test(uri.fsPath)) diskChanges.projectFile();
    };
    for (const event of [projects.onDidCreate, projects.onDidChange, projects.onDidDelete]) event(projectFile);
    const installs = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, INSTALL_MARKERS));
    for (const event of [installs.onDidCreate, installs.onDidChange, installs.onDidDelete]) event(() => diskChanges.projectFile());
    context.subscriptions.push(sources, projects, anyPath, installs);
  }

  if (settings().get<boolean>('scanOnStartup', true)) analyzeInBackground();
  return { panels: { record: (kind) => panels.record(kind) }, analysis: { passes: () => [...passes] } };
}

export function deactivate(): void {}
