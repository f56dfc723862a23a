// Which probed process is the user's program. `npm run x`, `npx tsx app.ts` and friends start the
// workload through launchers that are Node processes themselves and get probed too; their idle loops
// must not be mistaken for the workload. A launcher is recognised by its script, as data.
import type { ProbeData, ProcessSeries } from './probe-data';

/**
 * Scripts of Node programs that only start another program. Matched against argv[1], with / separators:
 * the bin links (`/usr/bin/npm`, `node_modules/.bin/tsx`) as well as the files they point to.
 */
export const LAUNCHER_SCRIPTS: readonly RegExp[] = [
  /\/(?:npm|npx|pnpm|pnpx|yarn|yarnpkg|corepack)(?:\.c?js)?$/,
  /\/npm-cli\.js$/,
  /\/npx-cli\.js$/,
  /\/tsx\/dist\/cli\.[cm]?js$/,
  /\/ts-node\/dist\/bin(?:-\w+)?\.js$/,
  /\/nodemon\/bin\/nodemon\.js$/,
  /\/node_modules\/\.bin\/[^/]+$/,
];

export function isLauncher(p: ProcessSeries): boolean {
  const script = (p.argv[1] ?? '').replace(/\\/g, '/');
  return LAUNCHER_SCRIPTS.some((re) => re.test(script));
}

const sampleCount = (p: ProcessSeries): number => p.main?.samples.length ?? 0;

/**
 * The first root that is not a launcher, descending through launchers to their longest-running child.
 * Undefined when nothing was probed (the command never started Node).
 */
export function workloadProcess(data: ProbeData): ProcessSeries | undefined {
  const byPid = new Map(data.processes.map((p) => [p.pid, p]));
  const roots = data.roots.map((pid) => byPid.get(pid)).filter((p): p is ProcessSeries => p !== undefined && p.main !== undefined);
  let current = roots[0];
  const seen = new Set<number>();
  while (current && isLauncher(current) && !seen.has(current.pid)) {
    seen.add(current.pid);
    const children = current.children.map((pid) => byPid.get(pid)).filter((p): p is ProcessSeries => p?.main !== undefined);
    if (children.length === 0) break;
    current = children.sort((a, b) => sampleCount(b) - sampleCount(a))[0];
  }
  return current;
}

/** Every probed process below `root`, depth first. */
export function descendants(data: ProbeData, root: ProcessSeries): ProcessSeries[] {
  const byPid = new Map(data.processes.map((p) => [p.pid, p]));
  const out: ProcessSeries[] = [];
  const visit = (p: ProcessSeries): void => {
    for (const pid of p.children) {
      const c = byPid.get(pid);
      if (c && !out.includes(c)) {
        out.push(c);
        visit(c);
      }
    }
  };
  visit(root);
  return out;
}
