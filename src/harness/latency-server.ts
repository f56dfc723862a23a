// Starts the latency server's thread and hands back its address. Terminating the thread closes the server,
// so a terminated harness (whose nested threads are terminated with it) leaves no listening socket.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export const LATENCY_SERVER_FILE = 'latency-server-worker.js';

export interface LatencyServer {
  port: number;
  /** The URL that answers after `latencyMs`. */
  url(latencyMs: number): string;
  stop(): Promise<void>;
}

export function startLatencyServer(workersDir: string): Promise<LatencyServer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(workersDir, LATENCY_SERVER_FILE));
    worker.once('message', ({ port }: { port: number }) =>
      resolve({
        port,
        url: (ms) => `http://127.0.0.1:${port}/delay/${Math.round(ms)}`,
        stop: async () => void (await worker.terminate()),
      }),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`latency server exited with code ${code} before listening`)));
  });
}
