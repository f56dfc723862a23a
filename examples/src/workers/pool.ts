// A fixed pool of embedding workers, started once with the server and reused by every request.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export class EmbedPool {
  private idle: Worker[] = [];
  private waiting: Array<(worker: Worker) => void> = [];
  private dims = 0;

  /** Starts `size` workers. They read the document matrix (shared memory) in place. */
  start(size: number, dims: number, matrix: Float32Array): void {
    this.dims = dims;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./embed-worker.js', import.meta.url), {
        workerData: { dims, matrix, modelId: 'hash-embed-v2' },
      });
      this.idle.push(worker);
    }
  }

  /** Embeds a batch of texts in one round trip; the vectors come back transferred, not copied. */
  async embed(texts: string[]): Promise<Float32Array<ArrayBuffer>[]> {
    const worker = await this.acquire();
    try {
      const reply = once(worker, 'message');
      worker.postMessage({ kind: 'embed', texts });
      const [{ vectors }] = (await reply) as [{ vectors: Float32Array<ArrayBuffer> }];
      return texts.map((_, i) => vectors.slice(i * this.dims, (i + 1) * this.dims));
    } finally {
      this.release(worker);
    }
  }

  /** Scores the first `rows` documents against a query. The worker writes the scores into shared memory. */
  async score(query: Float32Array, rows: number): Promise<Float64Array> {
    const worker = await this.acquire();
    try {
      const scores = new Float64Array(new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT));
      const q = Float32Array.from(query);
      const done = once(worker, 'message');
      worker.postMessage(scores);
      worker.postMessage(q, [q.buffer]);
      await done;
      return scores;
    } finally {
      this.release(worker);
    }
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}

export const pool = new EmbedPool();
