// Runs one pool task; shared by the thread and child-process worker entries.
import { runWorkload } from './cpu-workloads';
import { httpGet } from './http-get';
import type { PoolReply, PoolRequest, PoolTask } from './pool-messages';
import { fromShared, loadUserFunction } from './user-function';

async function run(t: PoolTask): Promise<number> {
  switch (t.kind) {
    case 'cpu':
      return runWorkload(t.workload, t.from, t.to);
    case 'http-get':
      return httpGet(t.url);
    case 'function':
      await (await loadUserFunction(t))(t.input);
      return 0;
    case 'function-shared':
      await (await loadUserFunction(t))(fromShared(t.shared));
      return 0;
  }
}

export async function runPoolTask(req: PoolRequest): Promise<PoolReply> {
  try {
    const value = await run(req.task);
    return { id: req.id, ok: true, value };
  } catch (err) {
    return { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
