// Where each file's routes answer: `app.use('/api/convos', require('./convos'))` mounts the routes written in
// convos.js under /api/convos, and a file mounted by a file that is mounted itself gets both paths
// (`/api/v3` + `/posts`). A chain then starts at the full path (`PUT /api/v3/posts/:pid/vote`), and a path under
// /admin makes the route rare. A file that holds two routers mounted under different paths (`module.exports = { v1:
// router, avatar }`) has a prefix for each, keyed by the router's variable (FileFacts.routers); routes on anything else
// (a parameter, a function's local) take the file's. A router mounted under two different paths keeps its own paths:
// no one prefix is right.
import type { Binding } from './bindings';
import type { FileFacts } from './file-facts';

/**
 * The file a mounted value comes from, and the name it is exported by there ('default' for the module itself);
 * undefined for a function mounted as it is, not called (`asIs`): middleware, not a router.
 */
export type MountedTarget = (target: Binding, asIs: boolean) => { file: string; name?: string } | undefined;
/** The project function a value names, or undefined. */
export type ResolveFn = (target: Binding) => string | undefined;
/** The mount path before the routes of a file, or of one of its routers: '' when it is not mounted, undefined when unknown. */
export type PrefixOf = (file: string, router?: string) => string | undefined;

type Mount = FileFacts['mounts'][number];

/** `file` for a file's mounts, `file#router` for one router's: the keys of the mount graph. */
const keyOf = (file: string, router?: string): string => (router !== undefined ? `${file}#${router}` : file);

export function mountPrefixes(files: Iterable<FileFacts>, mountedTarget: MountedTarget, resolveFn: ResolveFn): PrefixOf {
  const byFile = new Map([...files].map((f) => [f.file, f]));
  /** The router variable of `file` a mount names, when the file registers routes or mounts on it. */
  const routerOf = (file: string, name: string | undefined): string | undefined => {
    const f = byFile.get(file);
    if (!f || name === undefined) return undefined;
    const local = f.exportedLocals.get(name) ?? name;
    return f.routers.includes(local) ? local : undefined;
  };
  const mountsOf = new Map<string, Array<{ from: string; on?: string; path: string }>>();
  for (const { file, m } of routerMounts([...byFile.values()], resolveFn)) {
    const target = mountedTarget(m.target, !m.made && m.routerArg === undefined && m.viaParam === undefined);
    if (target === undefined) continue;
    const router = m.router ?? routerOf(target.file, target.name);
    // A file mounting itself says nothing, unless one of its routers is mounted on another (`app.use('/api', api)`).
    if (target.file === file && (router === undefined || router === m.on)) continue;
    const key = keyOf(target.file, router);
    const list = mountsOf.get(key) ?? [];
    list.push({ from: file, on: m.on, path: m.path });
    mountsOf.set(key, list);
  }
  /**
   * The mounts that place a file's routes, or one router's: its own and the file's. For the file, every router's too,
   * but not those made in the file itself (`app.use('/api', apiRouter)` places apiRouter, not the file, which a router
   * handed from it to another file's function already carries in its path).
   */
  const mountsFor = (file: string, router: string | undefined): Array<{ from: string; on?: string; path: string }> => {
    if (router !== undefined) return [...(mountsOf.get(keyOf(file, router)) ?? []), ...(mountsOf.get(file) ?? [])];
    const f = byFile.get(file);
    return [file, ...(f?.routers ?? []).map((r) => keyOf(file, r))].flatMap((k) => mountsOf.get(k) ?? []).filter((m) => m.from !== file);
  };
  const memo = new Map<string, string | null>();
  // '' for a router nobody mounts (its paths are the app's), null when its mounts disagree or form a cycle.
  const prefixOf = (file: string, router: string | undefined, seen: Set<string>): string | null => {
    const key = keyOf(file, router);
    const known = memo.get(key);
    if (known !== undefined) return known;
    const mounts = mountsFor(file, router);
    if (mounts.length === 0) return '';
    if (seen.has(key)) return null;
    seen.add(key);
    const options = new Set(mounts.map((m) => {
      const outer = prefixOf(m.from, m.on, seen);
      return outer === null ? null : joinPaths(outer, m.path);
    }));
    seen.delete(key);
    const result = options.size === 1 ? [...options][0] : null;
    memo.set(key, result);
    return result;
  };
  return (file, router) => {
    const known = router !== undefined && byFile.get(file)?.routers.includes(router) ? router : undefined;
    return prefixOf(file, known, new Set()) ?? undefined;
  };
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
  // `router.use('/v1/', v1)` then `v1.get('/', h)`: GET /api/assistants/v1, not /v1/.
  if (path === '/' || path === '') return prefix.replace(/(.)\/$/, '$1') || '/';
  if (path.startsWith('/ ')) return `${prefix}${path.slice(1)}`; // `/ (admin only)`: the mount itself
  return `${prefix.replace(/\/$/, '')}${path}`;
}
