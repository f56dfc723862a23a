// Resolves import specifiers to files of the analysed project. Relative specifiers follow Node and
// TypeScript conventions (extension probing, `.js` written for a `.ts` file, folder index files);
// bare specifiers go through tsconfig `paths`/`baseUrl`, then the packages of the workspace (workspace-packages.ts).
// Anything else is a package or a built-in.
import * as path from 'node:path';
import type { ProjectConfigs } from './tsconfig-discovery';
import type { WorkspacePackages } from './workspace-packages';

const PROBE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export class ModuleResolver {
  private readonly cache = new Map<string, string | undefined>();

  constructor(
    private readonly exists: (file: string) => boolean,
    private readonly configs: ProjectConfigs | undefined,
    private readonly workspace?: WorkspacePackages,
  ) {}

  /** Clears cached answers; needed when files are added or removed. */
  reset(): void {
    this.cache.clear();
    this.workspace?.reset();
  }

  resolve(specifier: string, fromFile: string): string | undefined {
    const key = `${fromFile}\0${specifier}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const result = this.resolveUncached(specifier, fromFile);
    this.cache.set(key, result);
    return result;
  }

  private resolveUncached(specifier: string, fromFile: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      return this.probe(path.resolve(path.dirname(fromFile), specifier));
    }
    if (specifier.startsWith('file://')) {
      try {
        return this.probe(new URL(specifier).pathname);
      } catch {
        return undefined;
      }
    }
    return this.throughConfig(specifier, fromFile) ?? this.inWorkspace(specifier);
  }

  /** `@openpanel/db` when another package of the workspace, whose files are analysed, is named so. */
  private inWorkspace(specifier: string): string | undefined {
    for (const candidate of this.workspace?.candidates(specifier) ?? []) {
      const hit = this.probe(candidate);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Through the importing file's tsconfig `paths` and `baseUrl`. */
  private throughConfig(specifier: string, fromFile: string): string | undefined {
    const options = this.configs?.optionsFor(fromFile);
    if (!options) return undefined;
    const base = options.pathsBase ?? options.baseUrl;
    if (options.paths && base) {
      for (const [pattern, targets] of Object.entries(options.paths)) {
        const star = pattern.indexOf('*');
        let captured: string | undefined;
        if (star < 0) captured = pattern === specifier ? '' : undefined;
        else {
          const prefix = pattern.slice(0, star);
          const suffix = pattern.slice(star + 1);
          if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
            captured = specifier.slice(prefix.length, specifier.length - suffix.length);
          }
        }
        if (captured === undefined) continue;
        for (const target of targets) {
          const hit = this.probe(path.resolve(base, target.replace('*', captured)));
          if (hit) return hit;
        }
      }
    }
    if (options.baseUrl) return this.probe(path.resolve(options.baseUrl, specifier));
    return undefined;
  }

  private probe(base: string): string | undefined {
    if (this.exists(base)) return base;
    const ext = path.extname(base);
    const swaps = JS_TO_TS[ext];
    if (swaps) {
      const stem = base.slice(0, -ext.length);
      for (const e of swaps) if (this.exists(stem + e)) return stem + e;
    }
    for (const e of PROBE_EXTENSIONS) if (this.exists(base + e)) return base + e;
    for (const e of PROBE_EXTENSIONS) if (this.exists(path.join(base, 'index' + e))) return path.join(base, 'index' + e);
    return undefined;
  }
}
