// Which Python process is the workload, and which are its children: the probe files carry pid and ppid.
// The workload is the first probed process whose parent was not probed (a shell or a launcher may stand
// above it); its children are the probed processes whose parents lead back to it (pool workers, the
// multiprocessing resource tracker, subprocesses that run Python).
import type { PyProbeData, PyProcessData } from './python-probe-data';

export function pythonWorkload(data: PyProbeData): { workload: PyProcessData; children: PyProcessData[] } | undefined {
  const byPid = new Map(data.processes.map((p) => [p.pid, p]));
  const workload = data.processes.find((p) => !byPid.has(p.ppid));
  if (!workload) return undefined;
  const children = data.processes.filter((p) => {
    if (p === workload) return false;
    const seen = new Set<number>();
    for (let parent = byPid.get(p.ppid); parent && !seen.has(parent.pid); parent = byPid.get(parent.ppid)) {
      if (parent === workload) return true;
      seen.add(parent.pid);
    }
    return false;
  });
  return { workload, children };
}
