// A fixed set of workers (threads or processes) taking tasks from one queue, one task per worker at a time:
// the shape of Python's ThreadPoolExecutor/ProcessPoolExecutor that the suites compare against.
import type { PoolReply, PoolRequest, PoolTask } from './pool-messages';

/** One worker, whatever it is: how to send it a request, hear its replies and its death, and stop it. */
export interface PoolEndpoint {
  send(req: PoolRequest): void;
  onReply(listener: (reply: PoolReply) => void): void;
  onExit(listener: (why: string) => void): void;
  stop(): Promise<void>;
}

interface Job {
  req: PoolRequest;
  resolve: (value: number) => void;
  reject: (err: Error) => void;
}

export class TaskPool {
  private nextId = 1;
  private readonly queue: Job[] = [];
  private readonly idle: PoolEndpoint[] = [];
  private readonly busy = new Map<PoolEndpoint, Job>();
  private closed = false;

  constructor(private readonly endpoints: readonly PoolEndpoint[]) {
    for (const ep of endpoints) {
      ep.onReply((reply) => this.replied(ep, reply));
      ep.onExit((why) => this.died(ep, why));
      this.idle.push(ep);
    }
  }

  get size(): number {
    return this.endpoints.length;
  }

  run(task: PoolTask): Promise<number> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, task }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('pool closed'));
    await Promise.all(this.endpoints.map((ep) => ep.stop()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const ep = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(ep, job);
      ep.send(job.req);
    }
  }

  private replied(ep: PoolEndpoint, reply: PoolReply): void {
    const job = this.busy.get(ep);
    if (!job || job.req.id !== reply.id) return;
    this.busy.delete(ep);
    this.idle.push(ep);
    if (reply.ok) job.resolve(reply.value);
    else job.reject(new Error(reply.error));
    this.dispatch();
  }

  private died(ep: PoolEndpoint, why: string): void {
    const job = this.busy.get(ep);
    this.busy.delete(ep);
    const at = this.idle.indexOf(ep);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.closed) return;
    job?.reject(new Error(`pool worker died: ${why}`));
    // A pool with no live worker left would hang its callers; fail them instead.
    if (this.idle.length === 0 && this.busy.size === 0) for (const j of this.queue.splice(0)) j.reject(new Error(`pool worker died: ${why}`));
  }
}
