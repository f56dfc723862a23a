// The serialization tax: payloads sent to a worker and back by structured clone, by transfer list and
// through a SharedArrayBuffer, and the crossover above which copying costs more than the computation.
import { once } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { crossovers, fitCloneCost } from './crossover';
import type { EchoRequest } from './pool-messages';
import { repeat, timed } from './repeat';
import type { SerializationPoint, SerializationSuiteResult, TransferMode } from './result-types';
import { round } from './stats';
import type { SuiteContext } from './suite-context';
import { POOL_THREAD_FILE } from './thread-pool';

const MODES: readonly TransferMode[] = ['structured-clone', 'transfer-list', 'shared-array-buffer'];
/** The payload, the worker's copy and the copy sent back are alive at once, plus garbage not yet collected. */
const COPIES_ALIVE = 4;
/** Never plan to use more than half of the free memory: the machine has other work (and the user's editor). */
const FREE_MEMORY_SHARE = 0.5;

export async function runSerializationSuite(ctx: SuiteContext): Promise<SerializationSuiteResult> {
  const cfg = ctx.config.serialization;
  const plan = { warmupRuns: ctx.config.warmupRuns, runs: ctx.config.runs };
  const worker = new Worker(path.join(ctx.workersDir, POOL_THREAD_FILE));
  const points: SerializationPoint[] = [];
  try {
    await once(worker, 'message'); // ready
    const steps = cfg.sizesBytes.length * MODES.length;
    let step = 0;
    for (const size of cfg.sizesBytes) {
      const budget = os.freemem() * FREE_MEMORY_SHARE;
      if (size * COPIES_ALIVE > budget) {
        const skipped = `needs about ${mb(size * COPIES_ALIVE)} MB, more than half of the ${mb(os.freemem())} MB free`;
        for (const mode of MODES) points.push({ mode, sizeBytes: size, skipped });
        step += MODES.length;
        continue;
      }
      let payload: Uint8Array = new Uint8Array(size).fill(7);
      ctx.progress(`structured clone, ${mb(size)} MB`, step++ / steps);
      const clone = await repeat(plan, () => timed(() => roundTrip(worker, { echo: 'clone', payload })));
      points.push({ mode: 'structured-clone', sizeBytes: size, roundTripMs: clone });

      ctx.progress(`transfer list, ${mb(size)} MB`, step++ / steps);
      const transfer = await repeat(plan, () =>
        timed(async () => {
          // The buffer moves to the worker and back; the reply is the same memory, usable again.
          payload = (await roundTrip(worker, { echo: 'transfer', payload }, [payload.buffer as ArrayBuffer])) as Uint8Array;
        }),
      );
      points.push({ mode: 'transfer-list', sizeBytes: size, roundTripMs: transfer });

      ctx.progress(`SharedArrayBuffer, ${mb(size)} MB`, step++ / steps);
      let shared: SharedArrayBuffer | undefined;
      const setupMs = await repeat(plan, () =>
        timed(() => {
          shared = new SharedArrayBuffer(size);
          new Uint8Array(shared).set(payload);
        }),
      );
      const sharedTrip = await repeat(plan, () => timed(() => roundTrip(worker, { echo: 'shared', payload: shared! })));
      points.push({ mode: 'shared-array-buffer', sizeBytes: size, roundTripMs: sharedTrip, setupMs });
    }
  } finally {
    await worker.terminate();
  }
  const measuredClones = points.filter((p) => p.mode === 'structured-clone' && p.roundTripMs).map((p) => ({ sizeBytes: p.sizeBytes, roundTripMs: p.roundTripMs!.median }));
  if (measuredClones.length === 0) throw new Error('every payload size was skipped for lack of free memory');
  const fit = fitCloneCost(measuredClones);
  return {
    sizesBytes: cfg.sizesBytes,
    points,
    cloneBytesPerMs: Math.round(fit.bytesPerMs),
    cloneOverheadMs: round(fit.overheadMs),
    crossovers: crossovers(fit, cfg.computeMs),
  };
}

async function roundTrip(worker: Worker, msg: EchoRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
  const reply = once(worker, 'message');
  worker.postMessage(msg, transfer);
  const [value] = await reply;
  return value;
}

function mb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
