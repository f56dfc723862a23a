// The project files a script loads: the script, what it imports, what those import, and so on, plus the scripts
// it starts by path (worker files, forked helpers). A profile report lists the static findings of these files
// only: a finding in a script beside the workload, which the workload never loads, is not a line to change for
// it. Like import-graph.ts this scans text rather than parsing: it runs once per report, over the few files a
// workload loads, and a specifier it wrongly finds in a comment only widens the scope.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSpecifiers } from './import-graph';
import { ModuleResolver } from './module-resolver';
import { PythonModuleResolver } from './python/module-resolver';
import { pythonImports } from './python/import-scan';
import { ProjectConfigs } from './tsconfig-discovery';

export interface LoadedFilesOptions {
  /** Where the workload runs; Python resolves top-level modules from here too. */
  cwd: string;
  python?: boolean;
  /** Stop after this many files (the scope is then incomplete). Default 2000. */
  maxFiles?: number;
  /** Files larger than this are in the scope but not scanned for imports. Default 2 MB. */
  maxFileBytes?: number;
}

export interface LoadedFiles {
  /** Absolute paths, the script first. */
  files: string[];
  /** False when `maxFiles` cut the walk short. */
  complete: boolean;
}

/** A string literal naming a script: `new Worker('./worker.js')`, `fork(path.join(__dirname, 'helper.js'))`, piscina's `filename`. */
const SCRIPT_LITERAL = /(['"`])([^'"`\n$]+\.(?:[cm]?js|[cm]?ts))\1/g;

const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function readText(file: string, maxBytes: number): string | undefined {
  try {
    if (fs.statSync(file).size > maxBytes) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Scripts a JavaScript file names by path, relative to its own folder (as `__dirname`/`import.meta.url` code does) or to the cwd. */
function scriptsNamed(text: string, from: string, cwd: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SCRIPT_LITERAL)) {
    const name = m[2];
    for (const base of [path.dirname(from), cwd]) {
      const file = path.resolve(base, name);
      if (isFile(file)) {
        out.push(file);
        break;
      }
    }
  }
  return out;
}

/** Everything `script` loads from the project (files under node_modules are libraries, not the user's). */
export function filesLoadedBy(script: string, options: LoadedFilesOptions): LoadedFiles {
  const maxFiles = options.maxFiles ?? 2000;
  const maxBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  const userFile = (f: string): boolean => isFile(f) && !f.split(/[\\/]/).includes('node_modules');
  const js = new ModuleResolver(userFile, new ProjectConfigs());
  const py = new PythonModuleResolver(userFile, () => [options.cwd, path.dirname(script)], () => [script]);
  const imports = (file: string, text: string): string[] => {
    if (options.python || file.endsWith('.py')) {
      return pythonImports(text)
        .map((imp) => py.resolve(imp.dotted, file, imp.level))
        .filter((f): f is string => f !== undefined);
    }
    const resolved = importSpecifiers(text)
      .map((spec) => js.resolve(spec, file))
      .filter((f): f is string => f !== undefined);
    return [...resolved, ...scriptsNamed(text, file, options.cwd).filter(userFile)];
  };

  const seen = new Set<string>([path.resolve(script)]);
  const queue = [...seen];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const text = readText(file, maxBytes);
    if (text === undefined) continue;
    for (const next of imports(file, text)) {
      if (seen.has(next)) continue;
      if (seen.size >= maxFiles) return { files: [...seen], complete: false };
      seen.add(next);
      queue.push(next);
    }
  }
  return { files: [...seen], complete: true };
}
