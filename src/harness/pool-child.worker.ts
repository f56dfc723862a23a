// A child process of the harness's child_process pool. Named *.worker.ts so the build bundles it to
// dist/workers/pool-child-worker.js; it is started with fork(), not new Worker().
import type { PoolReady, PoolRequest } from './pool-messages';
import { runPoolTask } from './pool-task';

if (!process.send) throw new Error('pool-child-worker must be started with an IPC channel (fork)');

// The harness runs in a worker thread, and terminating a thread does not kill the processes it started;
// it does close their IPC channels. Leaving when the channel closes is what keeps a cancelled run from
// leaving children behind.
process.on('disconnect', () => process.exit(0));

// A send that fails means the parent is gone (the channel broke before 'disconnect' arrived): leave too.
const leaveOnError = (err: Error | null): void => {
  if (err) process.exit(0);
};

process.on('message', (req: PoolRequest) => {
  void runPoolTask(req).then((reply) => {
    if (process.connected) process.send!(reply, undefined, undefined, leaveOnError);
  });
});

const ready: PoolReady = { ready: true, rssBytes: process.memoryUsage.rss() };
process.send(ready, undefined, undefined, leaveOnError);
