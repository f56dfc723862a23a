// The benchmark harness's entry point: the extension host (and the CLI) start it as a worker_threads
// worker, so measuring never stalls the editor, and cancel it by terminating the worker.
import { parentPort, workerData } from 'node:worker_threads';
import type { BenchEvent, BenchRequest } from './bench-messages';
import { runHarness } from './run-harness';

const port = parentPort!;
const request = workerData as BenchRequest;
const send = (event: BenchEvent): void => port.postMessage(event);

runHarness(
  // The pool, child and server workers are bundled beside this file in dist/workers.
  {
    suites: request.suites,
    quick: request.quick,
    version: request.version,
    config: request.config,
    function: request.function,
    python: request.python,
    workersDir: __dirname,
  },
  {
    onProgress: (progress) => send({ type: 'progress', progress }),
    // The parent hears of every child process, because terminating this thread does not kill them.
    onChild: ({ pid, state, group }) => send({ type: 'child', pid, state, ...(group ? { group } : {}) }),
    onServer: (port) => send({ type: 'server', port }),
  },
).then(
  (result) => send({ type: 'result', result }),
  (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
