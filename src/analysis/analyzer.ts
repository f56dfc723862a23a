// The analysis entry point. It keeps one fact record per file so that after an edit only that file is
// parsed and walked again; linking and the hot-path walk are cheap and run over all facts each time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, ts } from 'ts-morph';
import { extractFileFacts, type FileFacts } from './file-facts';
import type { AnalysisResult, SkippedFile } from './findings';
import { computeFindings } from './hot-paths';
import { ModuleResolver } from './module-resolver';
import { DEFAULT_MAX_FILE_BYTES, type AnalyzerOptions } from './options';
import { checkText, discoverFiles, FileFilter, readSource, toPosix } from './source-files';
import { ProjectConfigs } from './tsconfig-discovery';
import { declaredFunctionNames } from './syntax';
import { CheckerOracle, type TypeOracle } from './type-oracle';

export class Analyzer {
  private readonly cwd: string;
  private readonly filter: FileFilter;
  private readonly configs = new ProjectConfigs();
  private readonly resolver: ModuleResolver;
  private readonly facts = new Map<string, FileFacts>();
  private readonly skipped = new Map<string, SkippedFile>();
  private readonly notes = new Map<string, SkippedFile>();
  private readonly known = new Set<string>();
  private project: Project | undefined;
  private typeAware = false;
  private oracle: TypeOracle | undefined;
  /** Type-aware mode only: function names declared per file, see ExtractOptions.projectFunctionNames. */
  private readonly declaredNames = new Map<string, string[]>();
  private projectNames: Set<string> | undefined;

  constructor(private readonly options: AnalyzerOptions) {
    this.cwd = path.resolve(options.cwd ?? process.cwd());
    this.filter = new FileFilter(this.cwd, options);
    this.resolver = new ModuleResolver((f) => this.known.has(f), this.configs);
  }

  get isTypeAware(): boolean {
    return this.typeAware;
  }

  /** Scans every file under the configured paths. Throws if a path does not exist. */
  analyze(): AnalysisResult {
    const started = performance.now();
    const files = discoverFiles(this.options.paths, this.cwd, this.filter);
    this.known.clear();
    for (const f of files) this.known.add(f);
    this.resolver.reset();
    this.facts.clear();
    this.skipped.clear();
    this.notes.clear();
    this.typeAware = this.decideTypeAware(files);
    this.project = this.createProject(files);
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
      for (const [file, text] of texts) this.declaredNames.set(file, declaredFunctionNames(this.addToProject(file, text).compilerNode));
      const program = this.project.getProgram().compilerObject;
      this.oracle = new CheckerOracle(() => program.getTypeChecker());
    }
    for (const [file, text] of texts) this.extract(file, text);
    return this.result(started);
  }

  /** Re-analyses after one file changed. `text` is the editor's unsaved buffer; omitted, the file is read from disk. */
  updateFile(file: string, text?: string): AnalysisResult {
    const started = performance.now();
    const abs = path.resolve(this.cwd, file);
    if (!this.project) this.analyze();
    if (!this.known.has(abs)) {
      // Only files under the analysed paths join the project; an unrelated open file is left alone.
      const root = this.options.paths.map((p) => path.resolve(this.cwd, p)).find((p) => abs === p || abs.startsWith(p + path.sep));
      if (!root || !this.filter.isSource(abs) || !this.filter.accepts(abs, root)) return this.result(started);
      this.known.add(abs);
      this.resolver.reset();
      // A new file can satisfy imports that failed before: re-link everything that imports anything.
      this.reextractAll();
    }
    const read = text !== undefined ? checkText(text, this.options.maxFileBytes) : readSource(abs, this.options.maxFileBytes);
    this.skipped.delete(abs);
    this.notes.delete(abs);
    if (!read.ok) {
      this.facts.delete(abs);
      this.skip(abs, read.reason);
      return this.result(started);
    }
    if (this.typeAware) {
      this.declaredNames.set(abs, declaredFunctionNames(this.addToProject(abs, read.text).compilerNode));
      this.projectNames = undefined;
      const program = this.project!.getProgram().compilerObject;
      this.oracle = new CheckerOracle(() => program.getTypeChecker());
    }
    this.extract(abs, read.text);
    return this.result(started);
  }

  removeFile(file: string): AnalysisResult {
    const started = performance.now();
    const abs = path.resolve(this.cwd, file);
    this.known.delete(abs);
    this.facts.delete(abs);
    this.skipped.delete(abs);
    this.notes.delete(abs);
    this.declaredNames.delete(abs);
    this.projectNames = undefined;
    const sf = this.project?.getSourceFile(abs);
    if (sf) this.project!.removeSourceFile(sf);
    this.resolver.reset();
    this.reextractAll();
    return this.result(started);
  }

  private reextractAll(): void {
    for (const file of [...this.facts.keys()]) {
      const read = readSource(file, this.options.maxFileBytes);
      if (read.ok) this.extract(file, read.text);
    }
  }

  private extract(file: string, text: string): void {
    const project = this.project!;
    const sf = this.typeAware ? project.getSourceFile(file) ?? this.addToProject(file, text) : this.addToProject(file, text);
    try {
      const facts = extractFileFacts(sf.compilerNode, file, {
        resolveModule: (spec, from) => this.resolver.resolve(spec, from),
        extraEntryCallees: this.options.extraEntryCallees ?? [],
        types: this.typeAware ? this.oracle : undefined,
        projectFunctionNames: this.typeAware ? this.namesInProject() : undefined,
      });
      this.facts.set(file, facts);
      if (facts.parseErrors.length > 0) {
        const first = facts.parseErrors[0];
        this.notes.set(file, { file: this.rel(file), reason: `syntax error at line ${first.line}: ${first.message}; analysed the parts that parse` });
      }
    } catch (err) {
      // A bug in a detector must not cost the user the rest of the report.
      this.facts.delete(file);
      const reason = err instanceof RangeError && /call stack/i.test(err.message)
        ? 'nested too deeply to analyse (the syntax tree exceeds the stack limit)'
        : `internal error while analysing: ${(err as Error).message}`;
      this.skip(file, reason);
    } finally {
      // Without the type checker the syntax tree is not needed after extraction; dropping it keeps memory flat.
      if (!this.typeAware) project.removeSourceFile(sf);
    }
  }

  private namesInProject(): Set<string> {
    if (!this.projectNames) {
      this.projectNames = new Set();
      for (const names of this.declaredNames.values()) for (const n of names) this.projectNames.add(n);
    }
    return this.projectNames;
  }

  private addToProject(file: string, text: string) {
    return this.project!.createSourceFile(file, text, { overwrite: true, scriptKind: scriptKindOf(file) });
  }

  private createProject(files: string[]): Project {
    const base: ts.CompilerOptions = { allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, jsx: ts.JsxEmit.Preserve };
    if (!this.typeAware) return new Project({ useInMemoryFileSystem: false, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true, compilerOptions: base });
    const owner = files.map((f) => this.configs.optionsFor(f)).find((o) => o !== undefined);
    const fromConfig = owner?.compilerOptions ?? {};
    return new Project({
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { ...fromConfig, ...base, noEmit: true, composite: false, declaration: false, incremental: false },
    });
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

  private result(started: number): AnalysisResult {
    const findings = computeFindings(this.facts, { cwd: this.cwd, severity: this.options.severity });
    let lines = 0;
    for (const f of this.facts.values()) lines += f.lines;
    return {
      findings,
      skipped: [...this.skipped.values(), ...this.configs.errors.map((e) => ({ file: this.rel(e.file), reason: `config not readable: ${e.reason}` }))],
      notes: [...this.notes.values()],
      stats: { files: this.facts.size, durationMs: Math.round(performance.now() - started), lines, typeAware: this.typeAware },
    };
  }
}

function scriptKindOf(file: string): ts.ScriptKind {
  switch (path.extname(file).toLowerCase()) {
    case '.ts': case '.mts': case '.cts': return ts.ScriptKind.TS;
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    default: return ts.ScriptKind.JS;
  }
}

/** One-shot analysis, for the CLI and tests. */
export function analyzePaths(options: AnalyzerOptions): AnalysisResult {
  return new Analyzer(options).analyze();
}
