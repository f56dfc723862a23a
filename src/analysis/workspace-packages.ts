// The packages of a monorepo, by name: `import { db } from '@openpanel/db'` in one package of a workspace reaches the
// source of another, which a user analyses with it. Package managers link workspace packages into node_modules, so
// Node and TypeScript resolve them as packages; the analysis finds them from the analysed files instead, each file's
// nearest package.json naming its package, so it needs no node_modules (and follows a package only when its files are
// analysed). Then the package's own entry points (package.json `exports`, `main`, `module`, `types`) lead to a file;
// an entry that names built output (`./dist/index.js`) is looked for in the sources too (`./src/index.ts`).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where a package.json points to its entry, in the order to try: source first, then what TypeScript and Node read. */
const CONDITIONS = ['source', 'development', 'types', 'import', 'module', 'require', 'node', 'default'];
/** Folders of built output whose sources usually sit in `src/`: `./dist/index.js` → `./src/index.ts`. */
const BUILT_FOLDER = /^(\.\/)?(dist|build|lib|out|esm|cjs)(\/(esm|cjs|src))?\//;

/** A package.json found on the way up from an analysed file: its folder and its text. */
export interface Manifest {
  dir: string;
  text: string;
}

interface WorkspacePackage {
  dir: string;
  manifest: { exports?: unknown; main?: unknown; module?: unknown; types?: unknown; typings?: unknown };
}

export class WorkspacePackages {
  private byName: Map<string, WorkspacePackage> | undefined;

  /**
   * `files`: the analysed files, whose nearest package.json files name the workspace's packages. `readText`: a
   * package.json's text, or undefined when there is none.
   */
  constructor(
    private readonly files: () => Iterable<string>,
    private readonly readText: (file: string) => string | undefined = readIfExists,
  ) {}

  reset(): void {
    this.byName = undefined;
  }

  /**
   * The candidate files for `@scope/name/sub` when `@scope/name` is a package of the workspace: the caller probes
   * each (extensions, `.js` for `.ts`, index files) and takes the first that is analysed.
   */
  candidates(specifier: string): string[] {
    const parts = specifier.split('/');
    const nameParts = specifier.startsWith('@') ? 2 : 1;
    if (parts.length < nameParts || parts.some((p) => p === '' || p === '.' || p === '..')) return [];
    const pkg = this.packages().get(parts.slice(0, nameParts).join('/'));
    if (!pkg) return [];
    const sub = parts.slice(nameParts).join('/');
    const targets = entryTargets(pkg.manifest, sub === '' ? '.' : `./${sub}`);
    if (sub === '') targets.push('./src/index', './index');
    else targets.push(`./${sub}`, `./src/${sub}`);
    const out: string[] = [];
    for (const t of targets) {
      const clean = t.replace(/\.d\.[cm]?ts$/, '');
      out.push(path.resolve(pkg.dir, clean));
      if (BUILT_FOLDER.test(clean)) out.push(path.resolve(pkg.dir, clean.replace(BUILT_FOLDER, './src/')));
    }
    return out;
  }

  private packages(): Map<string, WorkspacePackage> {
    if (this.byName) return this.byName;
    const byName = new Map<string, WorkspacePackage>();
    // Each folder's nearest package.json, and its text: every file of a package shares one, read and parsed once.
    const nearest = new Map<string, Manifest | undefined>();
    const manifests = new Set<Manifest>();
    for (const file of this.files()) {
      const found = nearestManifest(path.dirname(file), nearest, this.readText);
      if (found) manifests.add(found);
    }
    for (const { dir, text } of manifests) {
      let manifest: unknown;
      try {
        manifest = JSON.parse(text);
      } catch {
        continue; // a broken package.json names no package
      }
      if (!manifest || typeof manifest !== 'object') continue;
      const name = (manifest as { name?: unknown }).name;
      if (typeof name === 'string' && !byName.has(name)) byName.set(name, { dir, manifest: manifest as WorkspacePackage['manifest'] });
    }
    this.byName = byName;
    return byName;
  }
}

/**
 * The nearest package.json at or above `dir` and its text, remembered in `nearest` for every folder on the way (shared
 * with package-dirs.ts, which asks which package an entry runs in).
 */
export function nearestManifest(
  dir: string,
  nearest: Map<string, Manifest | undefined>,
  readText: (file: string) => string | undefined = readIfExists,
): Manifest | undefined {
  const visited: string[] = [];
  let found: Manifest | undefined;
  for (let d = dir; ; d = path.dirname(d)) {
    if (nearest.has(d)) {
      found = nearest.get(d);
      break;
    }
    visited.push(d);
    const text = readText(path.join(d, 'package.json'));
    if (text !== undefined) {
      found = { dir: d, text };
      break;
    }
    if (path.dirname(d) === d) break;
  }
  for (const d of visited) nearest.set(d, found);
  return found;
}

/** The targets package.json names for a subpath (`.` or `./sub`), most source-like first. */
function entryTargets(manifest: WorkspacePackage['manifest'], subpath: string): string[] {
  const out: string[] = [];
  const exp = manifest.exports;
  if (exp !== undefined && exp !== null) {
    const map = typeof exp === 'string' || Array.isArray(exp) || !Object.keys(exp).some((k) => k.startsWith('.')) ? { '.': exp } : (exp as Record<string, unknown>);
    const direct = map[subpath];
    if (direct !== undefined) out.push(...conditionTargets(direct));
    else {
      // `"./*": "./src/*.ts"`: one wildcard.
      for (const [key, value] of Object.entries(map)) {
        const star = key.indexOf('*');
        if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
        const captured = subpath.slice(star, subpath.length - (key.length - star - 1));
        out.push(...conditionTargets(value).map((t) => t.replace('*', captured)));
      }
    }
  }
  if (subpath === '.') {
    for (const field of ['source', 'module', 'main', 'types', 'typings'] as const) {
      const v = (manifest as Record<string, unknown>)[field];
      if (typeof v === 'string') out.push(v);
    }
  }
  return out;
}

/** The paths an exports value names, by CONDITIONS order, through nested conditions and arrays. */
function conditionTargets(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => conditionTargets(v, depth + 1));
  const obj = value as Record<string, unknown>;
  const keys = [...CONDITIONS.filter((c) => c in obj), ...Object.keys(obj).filter((k) => !CONDITIONS.includes(k))];
  return keys.flatMap((k) => conditionTargets(obj[k], depth + 1));
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
