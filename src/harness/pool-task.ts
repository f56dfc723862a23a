// Runs one pool task; shared by the thread and child-process worker entries.
import { runWorkload } from './cpu-workloads';
import { httpGet } from './http-get';
import type { PoolReply, PoolRequest } from './pool-messages';

export async function runPoolTask(req: PoolRequest): Promise<PoolReply> {
  try {
    const t = req.task;
    const value = t.kind === 'cpu' ? runWorkload(t.workload, t.from, t.to) : await httpGet(t.url);
    return { id: req.id, ok: true, value };
  } catch (err) {
    return { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
