// Hotspots from the Python probe's stack samples: each sample of a thread stands for one sampling interval
// of that process's wall time, charged to the nearest frame of the user's code (the probe already did the
// walk), with the library function below it as `via`. Wall-clock samples, not CPU: a line that blocks in a
// call (time.sleep, a socket read) is as hot as one that computes, which is what a loop stalled by it needs.
import * as path from 'node:path';
import { displayPath, roundMs, roundShare } from '../frame-attribution';
import type { Hotspot } from '../hotspots';
import type { PyProcessData } from './python-probe-data';

const HOTSPOT_LIMIT = 20;
const VIA_LIMIT = 3;

interface Acc {
  hotspot: Hotspot;
  via: Map<string, number>;
  roles: Set<'main' | 'worker'>;
  pids: Set<number>;
}

/**
 * The pickling for a process pool runs in a feeder thread with no user code on its stack, so the stack
 * samples never charge it to a line. The probe notes the lines that submitted work instead; the run's whole
 * copy time (pickling, sending, unpickling, every process) is shared among them by their number of calls.
 */
function addCopySites(acc: Map<string, Acc>, processes: readonly PyProcessData[], cwd: string): void {
  const sites = processes.flatMap((p) => (p.transfers.sites ?? []).map((site) => ({ site, pid: p.pid })));
  const calls = sites.reduce((a, s) => a + s.site.calls, 0);
  const copyMs = processes.reduce((a, p) => a + p.transfers.pickleMs + p.transfers.sendMs + p.transfers.loadsMs, 0);
  if (calls === 0 || copyMs <= 0) return;
  for (const { site, pid } of sites) {
    const ms = (copyMs * site.calls) / calls;
    const absFile = path.resolve(cwd, site.file);
    const key = `${absFile}:${site.line}:${site.function}`;
    let a = acc.get(key);
    if (!a) {
      a = {
        hotspot: { function: site.function, file: displayPath(absFile, cwd), absFile, line: site.line, column: 0, functionLine: site.functionLine, mapped: false, selfMs: 0, leafMs: 0, blockedMs: 0, via: [], threads: 'main', pids: [], share: 0 },
        via: new Map(),
        roles: new Set(),
        pids: new Set(),
      };
      acc.set(key, a);
    }
    a.hotspot.selfMs += ms;
    a.via.set(site.api, (a.via.get(site.api) ?? 0) + ms);
    a.roles.add('main');
    a.pids.add(pid);
  }
}

export function pythonHotspots(workload: PyProcessData, processes: readonly PyProcessData[], cwd: string): Hotspot[] {
  const acc = new Map<string, Acc>();
  let totalMs = 0;
  for (const p of processes) {
    const msPerSample = p.samples.count > 0 ? p.wallMs / p.samples.count : 0;
    for (const s of p.samples.stacks) {
      const ms = s.n * msPerSample;
      totalMs += ms;
      const absFile = path.resolve(cwd, s.file);
      const key = `${absFile}:${s.line}:${s.function}`;
      let a = acc.get(key);
      if (!a) {
        a = {
          hotspot: {
            function: s.function,
            file: displayPath(absFile, cwd),
            absFile,
            line: s.line,
            column: 0,
            functionLine: s.functionLine,
            mapped: false,
            selfMs: 0,
            leafMs: 0,
            blockedMs: 0,
            via: [],
            threads: 'main',
            pids: [],
            share: 0,
          },
          via: new Map(),
          roles: new Set(),
          pids: new Set(),
        };
        acc.set(key, a);
      }
      a.hotspot.selfMs += ms;
      a.hotspot.blockedMs += s.blocked * msPerSample;
      if (s.via) a.via.set(s.via, (a.via.get(s.via) ?? 0) + ms);
      else a.hotspot.leafMs += ms;
      a.roles.add(p === workload && s.tid === p.mainTid ? 'main' : 'worker');
      a.pids.add(p.pid);
    }
  }
  addCopySites(acc, processes, cwd);
  return [...acc.values()]
    .map(({ hotspot: h, via, roles, pids }) => ({
      ...h,
      selfMs: roundMs(h.selfMs),
      leafMs: roundMs(h.leafMs),
      blockedMs: roundMs(h.blockedMs),
      via: [...via.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, VIA_LIMIT)
        .map(([name, ms]) => ({ name, ms: roundMs(ms) })),
      threads: roles.size === 2 ? ('both' as const) : roles.has('main') ? ('main' as const) : ('worker' as const),
      pids: [...pids].sort((a, b) => a - b),
      share: totalMs > 0 ? roundShare(h.selfMs / totalMs) : 0,
    }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, HOTSPOT_LIMIT);
}
