// CPU profile of one thread through the inspector's Profiler domain.
//
// Why this works at exit: for a Session connected to its own thread, node:inspector (Node 20) dispatches
// each `post` synchronously and calls the callback before `post` returns (verified: the callback of
// Profiler.stop runs inside process 'exit', before the next statement). So stopping and writing the
// profile needs no event-loop turn, which 'exit' and signal handlers could not give us.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';

export class CpuProfileRecorder {
  private session: inspector.Session | undefined;

  /** Starts profiling; throws if the inspector is unavailable (the probe records that and goes on). */
  constructor(private readonly file: string, samplingUs: number) {
    const session = new inspector.Session();
    session.connect();
    // Callbacks only record failures: were they ever called asynchronously, a throw there would land in the workload.
    let failure: string | undefined;
    const note = (what: string) => (err: Error | null) => {
      if (err && !failure) failure = `${what}: ${err.message}`;
    };
    session.post('Profiler.enable', note('Profiler.enable'));
    session.post('Profiler.setSamplingInterval', { interval: samplingUs }, note('Profiler.setSamplingInterval'));
    session.post('Profiler.start', note('Profiler.start'));
    if (failure) {
      session.disconnect();
      throw new Error(failure);
    }
    this.session = session;
  }

  /** Stops and writes the profile file; later calls do nothing. Returns whether a file was written. */
  stop(): boolean {
    const session = this.session;
    this.session = undefined;
    if (!session) return false;
    let written = false;
    let failure: Error | undefined;
    session.post('Profiler.stop', (err, result) => {
      try {
        if (err) failure = err;
        else {
          // concurrency-lens-disable-next-line no-sync-io-in-hot-path -- the probe's CPU profile is written as the workload exits; an asynchronous write would be lost with the process
          fs.writeFileSync(this.file, JSON.stringify(result.profile));
          written = true;
        }
      } catch (e) {
        failure = e as Error;
      }
    });
    try {
      session.disconnect();
    } catch {
      /* already gone */
    }
    if (failure) throw failure;
    return written;
  }
}
