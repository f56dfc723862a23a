// Messages between the harness and its pool workers (threads and child processes alike).
import type { CpuWorkload } from './result-types';
import type { SharedInput } from './user-function';

export type PoolTask =
  | { kind: 'cpu'; workload: CpuWorkload; from: number; to: number }
  /** The user's own function on one input, which structured clone copies into the worker. */
  | { kind: 'function'; module: string; exportName: string; input: unknown }
  /** The same with a binary input already in shared memory: nothing is copied. */
  | { kind: 'function-shared'; module: string; exportName: string; shared: SharedInput }
  /** One HTTP GET, the way a thread-pool worker makes a blocking call: one at a time per worker. */
  | { kind: 'http-get'; url: string };

export interface PoolRequest {
  id: number;
  task: PoolTask;
}

export type PoolReply = { id: number; ok: true; value: number } | { id: number; ok: false; error: string };

/** Sent once when a worker has loaded and can take tasks; `rssBytes` is a child process's own memory. */
export interface PoolReady {
  ready: true;
  rssBytes: number;
}

/** Serialization suite: a payload to bounce back (a SharedArrayBuffer is only touched and acknowledged). */
export type EchoRequest =
  | { echo: 'clone'; payload: Uint8Array }
  | { echo: 'transfer'; payload: Uint8Array }
  | { echo: 'shared'; payload: SharedArrayBuffer };
