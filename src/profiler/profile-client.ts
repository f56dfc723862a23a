// Runs one profile job (profile-jobs.ts) in the profile worker and settles with its result: what the
// editor uses, so that supervising a workload and digesting its data never run on the extension host's
// event loop. Aborting the signal asks the worker to stop the workload (it still reports what it has).
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROFILE_WORKER_FILE, type ProfileJob, type ProfileJobEvent, type ProfileJobRequest, type ProfileJobResult } from './profile-jobs';

export interface ProfileJobHooks {
  /** dist/workers/profile-worker.js by default (this module is bundled into dist/extension.js). */
  workerFile?: string;
  onOutput?(stream: 'stdout' | 'stderr', text: string): void;
  signal?: AbortSignal;
}

export function runProfileJob<J extends ProfileJob>(job: J, hooks: ProfileJobHooks = {}): Promise<ProfileJobResult<J>> {
  return new Promise((resolve, reject) => {
    // concurrency-lens-disable-next-line no-worker-per-request -- one thread per profile run, which lasts seconds to minutes and is started by a click; a fresh thread leaves no state behind between runs
    const worker = new Worker(hooks.workerFile ?? path.join(__dirname, 'workers', PROFILE_WORKER_FILE), { workerData: job });
    let settled = false;
    const settle = (done: () => void): void => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      done();
    };
    const onAbort = (): void => worker.postMessage({ type: 'abort' } satisfies ProfileJobRequest);
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (event: ProfileJobEvent) => {
      if (event.type === 'output') hooks.onOutput?.(event.stream, event.text);
      else if (event.type === 'result') settle(() => resolve(event.result as ProfileJobResult<J>));
      else settle(() => reject(new Error(event.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the profile worker exited with code ${code} before a result`))));
  });
}
