// Where each file's routes answer: `app.use('/api/convos', require('./convos'))` mounts the routes written in
// convos.js under /api/convos, and a file mounted by a file that is mounted itself gets both paths
// (`/api/v3` + `/posts`). A chain then starts at the full path (`PUT /api/v3/posts/:pid/vote`), and a path under
// /admin makes the route rare. A file mounted under two different paths keeps its own paths: no one prefix is right.
import type { Binding } from './bindings';
import type { FileFacts } from './file-facts';

/** The file a mounted value comes from (a module, a module's export or member, a function), or undefined. */
export type MountedFile = (target: Binding) => string | undefined;
/** The project function a value names, or undefined. */
export type ResolveFn = (target: Binding) => string | undefined;

type Mount = FileFacts['mounts'][number];

/** The path prefix of each file mounted somewhere, by file. Files mounted nowhere, or ambiguously, are absent. */
export function mountPrefixes(files: Iterable<FileFacts>, mountedFile: MountedFile, resolveFn: ResolveFn): Map<string, string> {
  const mountsOf = new Map<string, Array<{ from: string; path: string }>>();
  for (const { file, m } of routerMounts([...files], resolveFn)) {
    const target = mountedFile(m.target);
    if (target === undefined || target === file) continue;
    const list = mountsOf.get(target) ?? [];
    list.push({ from: file, path: m.path });
    mountsOf.set(target, list);
  }
  const memo = new Map<string, string | null>();
  // '' for a file nobody mounts (its paths are the app's), null when its mounts disagree or form a cycle.
  const prefixOf = (file: string, seen: Set<string>): string | null => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    const mounts = mountsOf.get(file);
    if (!mounts) return '';
    if (seen.has(file)) return null;
    seen.add(file);
    const options = new Set(mounts.map((m) => {
      const outer = prefixOf(m.from, seen);
      return outer === null ? null : joinPaths(outer, m.path);
    }));
    seen.delete(file);
    const result = options.size === 1 ? [...options][0] : null;
    memo.set(file, result);
    return result;
  };
  const out = new Map<string, string>();
  for (const file of mountsOf.keys()) {
    const prefix = prefixOf(file, new Set());
    if (prefix) out.set(file, prefix);
  }
  return out;
}

/**
 * Every mount, with a parameter handed on (`apiWorkspaceEndpoints(router)`, viaParam) kept only when some call hands
 * that function a router at that index: found from the routers mounted by path outwards, so a `req` or an options
 * object handed to another file's function mounts nothing.
 */
function routerMounts(files: FileFacts[], resolveFn: ResolveFn): Array<{ file: string; m: Mount }> {
  const kept: Array<{ file: string; m: Mount }> = [];
  const pending: Array<{ file: string; m: Mount }> = [];
  for (const f of files) for (const m of f.mounts) (m.viaParam ? pending : kept).push({ file: f.file, m });
  /** `fnId#index` of the parameters given a router. */
  const given = new Set<string>();
  const noteGiven = (m: Mount): void => {
    const fn = m.routerArg !== undefined ? resolveFn(m.target) : undefined;
    if (fn !== undefined) given.add(`${fn}#${m.routerArg}`);
  };
  kept.forEach(({ m }) => noteGiven(m));
  for (let changed = true; changed;) {
    changed = false;
    for (let i = pending.length - 1; i >= 0; i--) {
      const { m } = pending[i];
      if (!given.has(`${m.viaParam!.fn}#${m.viaParam!.index}`)) continue;
      kept.push(pending[i]);
      pending.splice(i, 1);
      noteGiven(m);
      changed = true;
    }
  }
  return kept;
}

/** A route's label from its parts (verb, path), marked when only administrators take it: `GET /settings (admin only)`. */
export function routeLabel(parts: ReadonlyArray<string | undefined>, adminOnly: boolean): string {
  return [...parts, adminOnly ? '(admin only)' : undefined].filter(Boolean).join(' ');
}

/** The path a route label names, after its verb: `/api/v3/posts/:pid/vote` of `PUT /api/v3/posts/:pid/vote`. */
export function routePath(label: string): string | undefined {
  return ROUTE_LABEL.exec(label)?.[2];
}

/**
 * A route label under a mount prefix: `PUT /:pid/vote` under `/api/v3/posts` is `PUT /api/v3/posts/:pid/vote`; a
 * label without a path (`middleware`, `socket message`, `POST documents.list`) is left as it is.
 */
export function prefixedRoute(label: string, prefix: string): string {
  const m = ROUTE_LABEL.exec(label);
  if (!m) return label;
  return `${m[1] ?? ''}${joinPaths(prefix, m[2])}`;
}

/** `VERB /path`, `middleware /path` or a bare `/path`: the verb with its space, then the path (with any note after it). */
const ROUTE_LABEL = /^((?:[A-Z]+|middleware) )?(\/.*)$/;

function joinPaths(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix || '/';
  if (path.startsWith('/ ')) return `${prefix}${path.slice(1)}`; // `/ (admin only)`: the mount itself
  return `${prefix.replace(/\/$/, '')}${path}`;
}
