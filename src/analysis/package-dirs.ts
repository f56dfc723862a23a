// Which package a file belongs to: the folder of its nearest package.json, the package's name and what it depends on.
// The linker asks it whether two entries run in one process (an unhandledRejection listener covers its own package and
// the libraries that package depends on, not a monorepo's other services). Read once per folder and per package.json.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  dir: string;
  name?: string;
  /** Names in dependencies, devDependencies, peerDependencies and optionalDependencies. */
  dependencies: ReadonlySet<string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

export class PackageDirs {
  private readonly byDir = new Map<string, PackageInfo | undefined>();

  constructor(private readonly readText: (file: string) => string | undefined = readIfExists) {}

  /** The package whose nearest package.json is at or above `dir`; undefined when there is none. */
  of(dir: string): PackageInfo | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const text = this.readText(path.join(dir, 'package.json'));
    const parent = path.dirname(dir);
    const found = text !== undefined ? parse(dir, text) : parent === dir ? undefined : this.of(parent);
    this.byDir.set(dir, found);
    return found;
  }
}

function parse(dir: string, text: string): PackageInfo {
  let manifest: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') manifest = parsed as Record<string, unknown>;
  } catch {
    // A broken package.json still marks a package's folder; it names nothing.
  }
  const dependencies = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) dependencies.add(name);
  }
  return { dir, name: typeof manifest.name === 'string' ? manifest.name : undefined, dependencies };
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether `inner` is `outer` or a folder (or file) inside it. */
export function isInside(inner: string, outer: string): boolean {
  const r = path.relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}
