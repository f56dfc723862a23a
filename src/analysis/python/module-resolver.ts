// Resolves Python imports to files of the analysed project. `import a.b` and `from a.b import c` are looked up
// under the import roots: the analysed folders and their `src/` (the src layout), the folder above each top-level
// package (the nearest folder without an `__init__.py` above a file), and the importing file's own folder (a
// script run as `python main.py` imports its neighbours by name). Relative imports (`from . import x`,
// `from ..core import y`) go up from the importing file's package. A module is `a/b.py` or the package `a/b/__init__.py`.
// Anything not found is a library.
import * as path from 'node:path';

export class PythonModuleResolver {
  private readonly cache = new Map<string, string | undefined>();
  private roots: string[] | undefined;

  /**
   * `exists` says whether a file is one of the project's; `baseRoots` are the analysed folders; `files` lists the
   * project's files (for the package roots), read when the roots are first needed.
   */
  constructor(
    private readonly exists: (file: string) => boolean,
    private readonly baseRoots: () => string[],
    private readonly files: () => Iterable<string>,
  ) {}

  /** Clears cached answers and roots; needed when files are added or removed. */
  reset(): void {
    this.cache.clear();
    this.roots = undefined;
  }

  /**
   * The file of module `dotted` imported from `fromFile` with `level` leading dots (0 for an absolute import).
   * `dotted` may be empty for `from . import x`: the package itself.
   */
  resolve(dotted: string, fromFile: string, level: number): string | undefined {
    const key = `${fromFile}\0${level}\0${dotted}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const result = this.resolveUncached(dotted, fromFile, level);
    this.cache.set(key, result);
    return result;
  }

  private resolveUncached(dotted: string, fromFile: string, level: number): string | undefined {
    const parts = dotted === '' ? [] : dotted.split('.');
    if (level > 0) {
      let dir = path.dirname(fromFile);
      for (let i = 1; i < level; i++) dir = path.dirname(dir);
      return this.probe(path.join(dir, ...parts));
    }
    if (parts.length === 0) return undefined;
    for (const root of [path.dirname(fromFile), ...this.importRoots()]) {
      const hit = this.probe(path.join(root, ...parts));
      if (hit) return hit;
    }
    return undefined;
  }

  private probe(base: string): string | undefined {
    if (this.exists(base + '.py')) return base + '.py';
    const init = path.join(base, '__init__.py');
    if (this.exists(init)) return init;
    return undefined;
  }

  private importRoots(): string[] {
    if (this.roots) return this.roots;
    const roots = new Set<string>();
    for (const r of this.baseRoots()) {
      roots.add(r);
      roots.add(path.join(r, 'src'));
    }
    for (const file of this.files()) {
      if (!file.endsWith('.py')) continue;
      // Up through the packages the file is in; the folder above the outermost one is where imports start.
      let dir = path.dirname(file);
      while (this.exists(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
      roots.add(dir);
    }
    this.roots = [...roots];
    return this.roots;
  }
}
