// The profile worker: runs one job of profile-jobs.ts off the extension host's event loop and posts its
// result. The workload's output is relayed as it comes; an `abort` message is the editor's Cancel, which
// stops the workload the way Ctrl-C stops it under the CLI (the data so far is kept).
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { buildProfileReport } from '../report/profile-report';
import { benchLanguageOf } from '../harness/result-store';
import { reportThresholds } from '../report/report-thresholds';
import { runFlamegraph } from './flamegraph';
import { profileWorkload } from './profile-workload';
import { profilePythonWorkload } from './python/profile-python';
import { workloadScope } from './workload-scope';
import type { ProfileJob, ProfileJobEvent, ProfileJobRequest } from './profile-jobs';

const port = parentPort!;
const job = workerData as ProfileJob;
const send = (event: ProfileJobEvent): void => port.postMessage(event);
const abort = new AbortController();
port.on('message', (req: ProfileJobRequest) => {
  if (req.type === 'abort') abort.abort();
});

// The extension host's signals are VS Code's, not the workload's.
const live = {
  signal: abort.signal,
  handleSignals: false,
  onOutput: (stream: 'stdout' | 'stderr', chunk: Buffer) => send({ type: 'output', stream, text: chunk.toString() }),
};

async function run(): Promise<ProfileJobEvent & { type: 'result' }> {
  switch (job.kind) {
    case 'profile':
      // The probes sit beside the workers folder (dist/probe.js, dist/python-probe/), not in it.
      if (job.language === 'python') {
        return { type: 'result', result: await profilePythonWorkload({ pythonProbeDir: path.join(__dirname, '..', 'python-probe'), ...job.options, ...live }) };
      }
      return { type: 'result', result: await profileWorkload({ probePath: path.join(__dirname, '..', 'probe.js'), ...job.options, ...live }) };
    case 'flamegraph':
      return { type: 'result', result: await runFlamegraph({ ...job.options, ...live }) };
    case 'report': {
      // The workspace's findings, scoped here (file reads) rather than on the extension host.
      const sa = job.input.staticAnalysis;
      const scope = sa && 'findings' in sa && !sa.scope ? workloadScope(job.input.command, job.input.cwd, job.input.profiled.language === 'python', job.input.profiled.workload.argv) : undefined;
      const input = scope && sa && 'findings' in sa ? { ...job.input, staticAnalysis: { ...sa, scope } } : job.input;
      return { type: 'result', result: buildProfileReport({ ...input, thresholds: await reportThresholds({ ...job.thresholds, language: benchLanguageOf(job.input.profiled.language) }) }) };
    }
  }
}

run().then(send, (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) })).finally(() => port.close());
