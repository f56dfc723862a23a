// A worker of the harness's worker_threads pool, and the serialization suite's echo partner.
import { parentPort } from 'node:worker_threads';
import type { EchoRequest, PoolReady, PoolRequest } from './pool-messages';
import { runPoolTask } from './pool-task';

const port = parentPort!;

port.on('message', (msg: PoolRequest | EchoRequest) => {
  if ('echo' in msg) return echo(msg);
  void runPoolTask(msg).then((reply) => port.postMessage(reply));
});

function echo(msg: EchoRequest): void {
  // Touching a byte makes the receiver really hold the data, as a worker about to compute on it would.
  const touched = msg.echo === 'shared' ? new Uint8Array(msg.payload)[0] : msg.payload[0];
  if (msg.echo === 'clone') port.postMessage(msg.payload);
  else if (msg.echo === 'transfer') port.postMessage(msg.payload, [msg.payload.buffer as ArrayBuffer]);
  else port.postMessage(touched);
}

const ready: PoolReady = { ready: true, rssBytes: 0 };
port.postMessage(ready);
