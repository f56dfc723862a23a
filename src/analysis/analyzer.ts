// The analysis entry point. It keeps one fact record per file so that after an edit only that file is
// parsed and walked again; linking and the hot-path walk are cheap and run over all facts each time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from './typescript';
import { extractFileFacts, type FileFacts } from './file-facts';
import { applyBaseline, BaselineError, BaselineFile, type BaselineSummary } from './baseline';
import type { AnalysisResult, Finding, SkippedFile } from './findings';
import { computeFindings } from './hot-paths';
import { importSpecifiers, relatedFiles } from './import-graph';
import { ModuleResolver } from './module-resolver';
import { WorkspacePackages } from './workspace-packages';
import { DEFAULT_MAX_FILE_BYTES, type AnalyzerOptions } from './options';
import { checkText, discoverFiles, FileFilter, languageOf, readSource, toPosix } from './source-files';
import { extractPythonFacts, isPythonFile } from './python/facts';
import { pythonImports } from './python/import-scan';
import { PythonModuleResolver } from './python/module-resolver';
import { isPythonParserLoaded, loadPythonParser } from './python/parser';
import { ProjectConfigs } from './tsconfig-discovery';
import { declaredFunctionNames } from './syntax';
import { TsProgram } from './ts-program';
import { CheckerOracle, type TypeOracle } from './type-oracle';

/**
 * Source analyzeFocus() parses at most, in UTF-16 code units (the nearest files to the focus files by imports; the
 * focus files always count). See BENCHMARKS.md, "First diagnostics".
 */
export const FOCUS_MAX_CHARS = 300_000;
/** The editor's quicker first pass before that one: at most 100 KB and 10 files (each counts for at least 10 KB). */
export const FOCUS_QUICK_CHARS = 100_000;
export const FOCUS_QUICK_FILE_CHARS = 10_000;

/** How a file is parsed without the checker: the walk never reads JSDoc, so its comments are not parsed at all. */
const SYNTAX_ONLY: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

/** analyzeFocus()'s answer: `complete` when the size budget left no related file out. */
export interface FocusResult extends AnalysisResult {
  complete: boolean;
}

export class Analyzer {
  private readonly cwd: string;
  private readonly filter: FileFilter;
  private readonly configs = new ProjectConfigs();
  private readonly resolver: ModuleResolver;
  private readonly pyResolver: PythonModuleResolver;
  private readonly facts = new Map<string, FileFacts>();
  private readonly skipped = new Map<string, SkippedFile>();
  private readonly notes = new Map<string, SkippedFile>();
  private readonly known = new Set<string>();
  /** The last answer result() gave; every change to what the analysis holds ends in a new one. */
  private last: AnalysisResult | undefined;
  /** Type-aware mode only: the analysed files' trees and the program the checker is built from. */
  private program: TsProgram | undefined;
  /** analyze() has run since the last analyzeFocus(): updates can build on it. */
  private analysed = false;
  private typeAware = false;
  private oracle: TypeOracle | undefined;
  /** Type-aware mode only: function names declared per file, see ExtractOptions.projectFunctionNames. */
  private readonly declaredNames = new Map<string, string[]>();
  private projectNames: Set<string> | undefined;
  private baseline: BaselineFile | undefined;
  /** Why the Python parser could not be loaded, if it could not. */
  private pythonLoadError: string | undefined;
  /** Found by prepare(), for the next analysis. */
  private discovered: string[] | undefined;
  /** The texts the last analyzeFocus() analysed; analyze() forgets them. */
  private focusTexts: Map<string, string> | undefined;

  constructor(private readonly options: AnalyzerOptions) {
    this.cwd = path.resolve(options.cwd ?? process.cwd());
    this.filter = new FileFilter(this.cwd, options);
    this.resolver = new ModuleResolver((f) => this.known.has(f), this.configs, new WorkspacePackages(() => this.known));
    this.pyResolver = new PythonModuleResolver(
      (f) => this.known.has(f),
      () => [this.cwd, ...this.options.paths.map((p) => path.resolve(this.cwd, p))],
      () => this.known,
    );
  }

  /**
   * Loads what the analysis needs and cannot load synchronously: the Python parser (WebAssembly), when there are
   * Python files under the paths. The CLI and the analysis worker call it before analyze(); without it, Python files
   * are skipped with a reason. Throws if a path does not exist, like analyze().
   */
  async prepare(): Promise<void> {
    if (isPythonParserLoaded()) return;
    // The next analyze() or analyzeFocus() takes this list rather than walking the folders again.
    const files = (this.discovered = discoverFiles(this.options.paths, this.cwd, this.filter));
    if (!files.some(isPythonFile)) return;
    try {
      await loadPythonParser();
    } catch (err) {
      // The JavaScript and TypeScript files are still analysed; the Python ones are skipped with this reason.
      this.pythonLoadError = err instanceof Error ? err.message : String(err);
    }
  }

  /** The files under the paths: the list prepare() found, once, else a fresh walk. */
  private discover(): string[] {
    const files = this.discovered ?? discoverFiles(this.options.paths, this.cwd, this.filter);
    this.discovered = undefined;
    return files;
  }

  get isTypeAware(): boolean {
    return this.typeAware;
  }

  /** Scans every file under the configured paths. Throws if a path does not exist. */
  analyze(): AnalysisResult {
    const started = performance.now();
    this.focusTexts = undefined;
    const files = this.discover();
    this.known.clear();
    for (const f of files) this.known.add(f);
    this.resolver.reset();
    this.pyResolver.reset();
    this.facts.clear();
    this.skipped.clear();
    this.notes.clear();
    // The type checker is for the JavaScript family only: a Python-only folder never builds a program (see BENCHMARKS.md, "Python front end").
    const scripts = files.filter((f) => !isPythonFile(f));
    this.typeAware = scripts.length > 0 && this.decideTypeAware(scripts);
    this.program = this.typeAware ? this.createProgram(scripts) : undefined;
    this.analysed = true;
    const texts = new Map<string, string>();
    for (const file of files) {
      const read = readSource(file, this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
      if (!read.ok) {
        this.skip(file, read.reason);
        continue;
      }
      texts.set(file, read.text);
    }
    this.declaredNames.clear();
    this.projectNames = undefined;
    if (this.typeAware) {
      for (const [file, text] of texts) {
        if (isPythonFile(file)) continue;
        const sf = this.parse(file, text);
        if (sf) this.declaredNames.set(file, declaredFunctionNames(sf));
        else texts.delete(file);
      }
      this.refreshOracle();
    }
    for (const [file, text] of texts) this.extract(file, text);
    return this.result(started);
  }

  /**
   * A first answer for a few files (the editor's open ones) before analyze() answers for all: from syntax alone,
   * over those files and the files related to them by imports, the nearest up to `maxChars` (import-graph.ts; each
   * file counts for at least `minFileChars`), so it takes a fraction of a full scan. Only findings in the focus files
   * are returned, and no `unknown`-reach notes: an entry outside the related files could make such a function hot.
   * It can miss a finding the full scan makes (a call from a file left out, through a method family or the type
   * checker), and only rarely report one the full scan drops (see docs/analysis.md, "Start-up order").
   * `stats.files` counts the files analysed. A second call with a larger budget reuses the first's work; the next
   * analyze() starts afresh.
   */
  analyzeFocus(focus: string[], maxChars = FOCUS_MAX_CHARS, minFileChars = 0): FocusResult {
    const started = performance.now();
    const files = this.discover();
    // A second call (the editor's passes grow outwards) keeps the first's facts of the files it analyses again.
    const earlier = this.focusTexts;
    this.focusTexts = new Map();
    this.known.clear();
    for (const f of files) this.known.add(f);
    this.resolver.reset();
    this.pyResolver.reset();
    this.skipped.clear();
    this.declaredNames.clear();
    this.projectNames = undefined;
    this.oracle = undefined;
    this.typeAware = false;
    this.program = undefined;
    this.analysed = false;
    const wanted = new Set(focus.map((f) => path.resolve(this.cwd, f)).filter((f) => this.known.has(f)));
    const texts = new Map<string, string>();
    const imports = new Map<string, string[]>();
    for (const file of files) {
      const read = readSource(file, this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
      if (!read.ok) {
        if (wanted.has(file)) this.skip(file, read.reason);
        continue;
      }
      texts.set(file, read.text);
      const targets: string[] = [];
      if (isPythonFile(file)) {
        for (const imp of pythonImports(read.text)) {
          const to = this.pyResolver.resolve(imp.dotted, file, imp.level);
          if (to !== undefined) targets.push(to);
        }
      } else {
        for (const spec of importSpecifiers(read.text)) {
          const to = this.resolver.resolve(spec, file);
          if (to !== undefined) targets.push(to);
        }
      }
      imports.set(file, targets);
    }
    const related = relatedFiles([...wanted].filter((f) => texts.has(f)), imports, maxChars, (f) => Math.max(minFileChars, texts.get(f)?.length ?? 0));
    for (const file of [...this.facts.keys()]) {
      if (!related.files.has(file) || earlier?.get(file) !== texts.get(file)) {
        this.facts.delete(file);
        this.notes.delete(file);
      }
    }
    for (const file of related.files) {
      const text = texts.get(file)!;
      if (!this.facts.has(file)) this.extract(file, text);
      this.focusTexts.set(file, text);
    }
    const all = this.result(started);
    const inFocus = new Set([...wanted].map((f) => this.rel(f)));
    return {
      // A floating promise is not reported when what the callee calls cannot fail, worked out through the files it
      // imports: with some of them left out, "can fail" may be only for want of them.
      findings: all.findings.filter((f) => inFocus.has(f.file) && f.reach !== 'unknown' && (related.complete || f.category !== 'floating-promise')),
      skipped: all.skipped.filter((s) => inFocus.has(s.file)),
      notes: all.notes.filter((n) => inFocus.has(n.file)),
      stats: { ...all.stats, files: related.files.size, typeAware: false },
      complete: related.complete,
    };
  }

  /**
   * Re-analyses after one file changed. `text` is the editor's unsaved buffer; omitted, the file is read from disk. A
   * folder created on disk (a checkout, a generator) brings in the source files under it that the analysis takes.
   */
  updateFile(file: string, text?: string): AnalysisResult {
    const started = performance.now();
    const abs = path.resolve(this.cwd, file);
    if (!this.analysed) this.analyze();
    if (!this.known.has(abs)) {
      // Only files under the analysed paths join the project; an unrelated open file is left alone.
      const root = this.options.paths.map((p) => path.resolve(this.cwd, p)).find((p) => abs === p || abs.startsWith(p + path.sep));
      if (root && text === undefined && isFolder(abs) && !this.filter.excludesDir(abs, root)) return this.addFolder(abs, root, started);
      if (!root || !this.filter.isSource(abs) || !this.filter.accepts(abs, root)) return this.unchanged(started);
      this.join([abs]);
    }
    this.refresh(abs, text);
    return this.result(started);
  }

  /**
   * The source files under a folder created on disk, each taken as a file written there, linked again once for them
   * all: a watcher may report the folder alone when its files were written before it watched the folder.
   */
  private addFolder(dir: string, root: string, started: number): AnalysisResult {
    const added = discoverFiles([dir], this.cwd, this.filter).filter((f) => !this.known.has(f) && this.filter.accepts(f, root));
    if (added.length === 0) return this.unchanged(started);
    this.join(added);
    for (const f of added) this.refresh(f);
    return this.result(started);
  }

  /** New files join the project. They can satisfy imports that failed before: everything that imports anything is linked again. */
  private join(files: readonly string[]): void {
    for (const f of files) this.known.add(f);
    this.resolver.reset();
    this.pyResolver.reset();
    this.reextractAll();
  }

  /** Reads one known file again (or takes the editor's text) and extracts its facts. */
  private refresh(abs: string, text?: string): void {
    const read = text !== undefined ? checkText(text, this.options.maxFileBytes) : readSource(abs, this.options.maxFileBytes);
    this.skipped.delete(abs);
    this.notes.delete(abs);
    if (!read.ok) {
      this.facts.delete(abs);
      this.skip(abs, read.reason);
      return;
    }
    if (this.typeAware && !isPythonFile(abs)) {
      const sf = this.parse(abs, read.text);
      if (!sf) return;
      this.declaredNames.set(abs, declaredFunctionNames(sf));
      this.projectNames = undefined;
      this.refreshOracle();
    }
    this.extract(abs, read.text);
    if (this.typeAware) {
      // Other files may call into this one through the type checker, by position: link them again.
      for (const [other, facts] of this.facts) {
        if (other !== abs && facts.typeLinkedFiles.includes(abs)) this.extract(other, this.program!.get(other)?.text ?? '');
      }
    }
  }

  /** Forgets a file deleted from disk, or every file under a deleted folder (removeFiles). */
  removeFile(file: string): AnalysisResult {
    return this.removeFiles([file]);
  }

  /**
   * Forgets files deleted from disk, and every file under a deleted folder (a file watcher reports a folder's deletion
   * once, for the folder). Whatever they held goes, and the rest is linked again, once for them all: that costs about
   * as much as extracting every file again, so a checkout that deletes twenty files must not pay it twenty times.
   */
  removeFiles(files: readonly string[]): AnalysisResult {
    const started = performance.now();
    const paths = files.map((file) => path.resolve(this.cwd, file));
    const held = (f: string): boolean => paths.some((abs) => f === abs || f.startsWith(abs + path.sep));
    const gone = [...new Set([...this.known, ...this.skipped.keys()])].filter(held);
    // Nothing the analysis held (an excluded file, a folder outside the paths): nothing to link again.
    if (gone.length === 0) return this.unchanged(started);
    for (const f of gone) {
      this.known.delete(f);
      this.facts.delete(f);
      this.skipped.delete(f);
      this.notes.delete(f);
      this.declaredNames.delete(f);
      this.program?.remove(f);
    }
    this.projectNames = undefined;
    this.resolver.reset();
    this.pyResolver.reset();
    this.reextractAll();
    return this.result(started);
  }

  private reextractAll(): void {
    for (const file of [...this.facts.keys()]) {
      const read = readSource(file, this.options.maxFileBytes);
      if (read.ok) this.extract(file, read.text);
    }
  }

  /** Parses a file into the program; a file too deeply nested for the parser is skipped, not fatal. */
  private parse(file: string, text: string): ts.SourceFile | undefined {
    try {
      return this.program!.add(file, text, scriptKindOf(file));
    } catch (err) {
      this.facts.delete(file);
      this.skip(file, failureReason(err));
      return undefined;
    }
  }

  /**
   * A fresh program after any change; its checker is built on first use. If the checker cannot even be built
   * (a pathological file), the analysis carries on from syntax alone rather than failing.
   */
  private refreshOracle(): void {
    const program = this.program!.program();
    let checker: ts.TypeChecker | undefined;
    this.oracle = new CheckerOracle(() => {
      if (!checker) {
        try {
          checker = program.getTypeChecker();
        } catch (err) {
          this.notes.set('<type checker>', { file: '<project>', reason: `type checker failed (${failureReason(err)}); analysed from syntax alone` });
          this.oracle = undefined;
          throw err;
        }
      }
      return checker;
    });
  }

  private extract(file: string, text: string): void {
    if (isPythonFile(file)) return this.extractPython(file, text);
    try {
      // Type-aware, the tree the program holds (the checker answers about its nodes); else a parse of its own, dropped
      // after the walk so that memory stays flat.
      const program = this.typeAware ? this.program : undefined;
      const kind = scriptKindOf(file);
      const node = program ? program.get(file) ?? program.add(file, text, kind) : ts.createSourceFile(file, text, SYNTAX_ONLY, true, kind);
      const facts = extractFileFacts(node, file, {
        resolveModule: (spec, from) => this.resolver.resolve(spec, from),
        extraEntryCallees: this.options.extraEntryCallees ?? [],
        types: this.typeAware ? this.oracle : undefined,
        projectFunctionNames: this.typeAware ? this.namesInProject() : undefined,
      });
      this.keepFacts(file, facts);
    } catch (err) {
      // A bug in a detector, or a tree too deep to walk, must not cost the user the rest of the report.
      this.facts.delete(file);
      this.skip(file, failureReason(err));
    }
  }

  private keepFacts(file: string, facts: FileFacts): void {
    this.facts.set(file, facts);
    if (facts.parseErrors.length > 0) {
      const first = facts.parseErrors[0];
      this.notes.set(file, { file: this.rel(file), reason: `syntax error at line ${first.line}: ${first.message}; analysed the parts that parse` });
    }
  }

  /** The Python front end (python/): tree-sitter, no ts-morph; the same facts. */
  private extractPython(file: string, text: string): void {
    if (!isPythonParserLoaded()) {
      this.facts.delete(file);
      this.skip(file, this.pythonLoadError !== undefined
        ? `the Python parser could not be loaded: ${this.pythonLoadError}`
        : 'the Python parser is not loaded (the caller did not await Analyzer.prepare())');
      return;
    }
    try {
      this.keepFacts(file, extractPythonFacts(text, file, {
        resolveModule: (dotted, from, level) => this.pyResolver.resolve(dotted, from, level),
        relPath: this.rel(file),
        extraEntryCallees: this.options.extraEntryCallees ?? [],
      }));
    } catch (err) {
      this.facts.delete(file);
      this.skip(file, failureReason(err));
    }
  }

  private namesInProject(): Set<string> {
    if (!this.projectNames) {
      this.projectNames = new Set();
      for (const names of this.declaredNames.values()) for (const n of names) this.projectNames.add(n);
    }
    return this.projectNames;
  }

  /** The program for type-aware mode, with the compiler options of the first analysed file's tsconfig/jsconfig. */
  private createProgram(files: string[]): TsProgram {
    const owner = files.map((f) => this.configs.optionsFor(f)).find((o) => o !== undefined);
    const fromConfig = owner?.compilerOptions ?? {};
    const base: ts.CompilerOptions = { allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, jsx: ts.JsxEmit.Preserve };
    return new TsProgram({ ...fromConfig, ...base, composite: false, declaration: false, incremental: false });
  }

  private decideTypeAware(files: string[]): boolean {
    const mode = this.options.types ?? 'auto';
    if (mode === 'off') return false;
    if (mode === 'on') return true;
    const withConfig = files.find((f) => this.configs.optionsFor(f) !== undefined);
    if (!withConfig) return false;
    const configDir = path.dirname(this.configs.optionsFor(withConfig)!.configFile);
    for (let d = configDir; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'node_modules', '@types', 'node', 'package.json'))) return true;
      if (path.dirname(d) === d) return false;
    }
  }

  private skip(file: string, reason: string): void {
    this.skipped.set(file, { file: this.rel(file), reason });
  }

  private rel(file: string): string {
    return toPosix(path.relative(this.cwd, file)) || path.basename(file);
  }

  /**
   * The answer when a request changed nothing (a file outside the analysed paths opened, an excluded file deleted): the
   * last one, which linking again would only repeat. The editor opens library declarations and tests all the time, and
   * a relink of a large workspace takes a second or more, which the next real edit would wait behind.
   */
  private unchanged(started: number): AnalysisResult {
    if (!this.last) return this.result(started);
    return { ...this.last, stats: { ...this.last.stats, durationMs: Math.round(performance.now() - started) } };
  }

  private result(started: number): AnalysisResult {
    this.last = this.computeResult(started);
    return this.last;
  }

  private computeResult(started: number): AnalysisResult {
    const all = computeFindings(this.facts, { cwd: this.cwd, severity: this.options.severity, skipUnknownReach: this.options.skipUnknownReach });
    for (const f of all) f.language = languageOf(f.file);
    const { findings, summary } = this.applyBaseline(all);
    let lines = 0;
    for (const f of this.facts.values()) lines += f.lines;
    return {
      findings,
      ...(summary && { baseline: summary }),
      skipped: [...this.skipped.values(), ...this.configs.errors.map((e) => ({ file: this.rel(e.file), reason: `config not readable: ${e.reason}` }))],
      notes: [...this.notes.values()],
      stats: { files: this.facts.size, durationMs: Math.round(performance.now() - started), lines, typeAware: this.typeAware },
    };
  }

  private applyBaseline(findings: Finding[]): { findings: Finding[]; summary?: BaselineSummary } {
    if (this.options.baselineFile === undefined) return { findings };
    const file = path.resolve(this.cwd, this.options.baselineFile);
    if (this.baseline?.file !== file) this.baseline = new BaselineFile(file);
    try {
      return applyBaseline(findings, this.baseline.load(), file, this.cwd);
    } catch (err) {
      if (!(err instanceof BaselineError)) throw err;
      return { findings, summary: { file, matched: 0, unmatched: 0, error: err.message } };
    }
  }
}

function failureReason(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'nested too deeply to analyse (the syntax tree exceeds the stack limit)';
  return `internal error while analysing: ${err instanceof Error ? err.message : String(err)}`;
}

function scriptKindOf(file: string): ts.ScriptKind {
  switch (path.extname(file).toLowerCase()) {
    case '.ts': case '.mts': case '.cts': return ts.ScriptKind.TS;
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    default: return ts.ScriptKind.JS;
  }
}

/** One-shot analysis, for the CLI and tests. Python files need analyzePathsAsync() (or Analyzer.prepare()) instead. */
export function analyzePaths(options: AnalyzerOptions): AnalysisResult {
  return new Analyzer(options).analyze();
}

/** One-shot analysis that first loads what Python files need (Analyzer.prepare). */
export async function analyzePathsAsync(options: AnalyzerOptions): Promise<AnalysisResult> {
  const analyzer = new Analyzer(options);
  await analyzer.prepare();
  return analyzer.analyze();
}

/** Whether a path is a folder on disk now (false once it is gone). */
function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
