// Finds the tsconfig.json / jsconfig.json that owns each file, following `extends` and, for
// solution-style configs, `references`. The analysis needs them for `paths` aliases and, in type-aware
// mode, for the compiler options; it works without any config at all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from './typescript';

export interface ResolvedOptions {
  configFile: string;
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** Folder `paths` entries are relative to when there is no baseUrl (TypeScript ≥ 4.1). */
  pathsBase?: string;
  compilerOptions: ts.CompilerOptions;
  fileNames: Set<string>;
  references: string[];
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export class ProjectConfigs {
  private readonly parsed = new Map<string, ResolvedOptions | null>();
  private readonly nearestByDir = new Map<string, string | null>();
  readonly errors: Array<{ file: string; reason: string }> = [];

  /** The options that apply to a file, or undefined when no config governs it. */
  optionsFor(file: string): ResolvedOptions | undefined {
    const nearest = this.nearestConfig(path.dirname(file));
    if (!nearest) return undefined;
    const config = this.load(nearest);
    if (!config) return undefined;
    if (config.fileNames.has(file) || config.references.length === 0) return config;
    // Solution-style: the root lists no files itself; the referenced project that includes the file owns it.
    for (const ref of config.references) {
      const sub = this.load(ref);
      if (sub?.fileNames.has(file)) return sub;
    }
    return config;
  }

  private nearestConfig(dir: string): string | undefined {
    const seen: string[] = [];
    let found: string | null = null;
    for (let d = dir; ; d = path.dirname(d)) {
      const cached = this.nearestByDir.get(d);
      if (cached !== undefined) { found = cached; break; }
      seen.push(d);
      const hit = CONFIG_NAMES.map((n) => path.join(d, n)).find((f) => fs.existsSync(f));
      if (hit) { found = hit; break; }
      if (path.dirname(d) === d || fs.existsSync(path.join(d, '.git'))) break;
    }
    for (const d of seen) this.nearestByDir.set(d, found);
    return found ?? undefined;
  }

  private load(configFile: string): ResolvedOptions | undefined {
    const cached = this.parsed.get(configFile);
    if (cached !== undefined) return cached ?? undefined;
    this.parsed.set(configFile, null); // guards against reference cycles
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    if (read.error) {
      this.errors.push({ file: configFile, reason: ts.flattenDiagnosticMessageText(read.error.messageText, '\n') });
      return undefined;
    }
    const dir = path.dirname(configFile);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configFile);
    const options = parsed.options;
    const references = (parsed.projectReferences ?? []).map((r) => {
      const p = r.path;
      return fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, 'tsconfig.json') : p;
    });
    const result: ResolvedOptions = {
      configFile,
      baseUrl: options.baseUrl,
      paths: options.paths as Record<string, string[]> | undefined,
      pathsBase: (options as { pathsBasePath?: string }).pathsBasePath ?? dir,
      compilerOptions: options,
      fileNames: new Set(parsed.fileNames.map((f) => path.resolve(f))),
      references,
    };
    this.parsed.set(configFile, result);
    return result;
  }
}
