// Which package a file belongs to: the folder of its nearest package.json, the package's name and what it depends on.
// The linker asks it whether two entries run in one process (an unhandledRejection listener covers its own package and
// the libraries that package depends on, not a monorepo's other services). The walk up to the nearest package.json is
// workspace-packages.ts's; each package.json is read once per folder and parsed once.
import { nearestManifest, type Manifest } from './workspace-packages';
import * as path from 'node:path';

export interface PackageInfo {
  dir: string;
  name?: string;
  /** Names in dependencies, devDependencies, peerDependencies and optionalDependencies. */
  dependencies: ReadonlySet<string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

export class PackageDirs {
  private readonly nearest = new Map<string, Manifest | undefined>();
  private readonly parsed = new Map<Manifest, PackageInfo>();

  constructor(private readonly readText?: (file: string) => string | undefined) {}

  /** The package whose nearest package.json is at or above `dir`; undefined when there is none. */
  of(dir: string): PackageInfo | undefined {
    const manifest = nearestManifest(dir, this.nearest, this.readText);
    if (!manifest) return undefined;
    let info = this.parsed.get(manifest);
    if (!info) this.parsed.set(manifest, (info = parse(manifest)));
    return info;
  }
}

function parse({ dir, text }: Manifest): PackageInfo {
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

/** Whether `inner` is `outer` or a folder (or file) inside it. */
export function isInside(inner: string, outer: string): boolean {
  const r = path.relative(outer, inner);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}
