// The jobs the profile worker runs for the editor, and the messages it sends back. The extension host is
// one event loop shared by every extension: supervising a workload (polling probe files, walking the
// process tree) and turning tens of MB of probe data and CPU profiles into a report are both done here,
// in a worker thread, so that none of it runs on that loop. The CLI calls the same functions directly.
import type { FlamegraphOptions, FlamegraphResult } from './flamegraph';
import type { ProfiledRun, ProfileWorkloadOptions } from './profile-workload';
import type { ProfileReport, ReportInput } from '../report/profile-report';
import type { ThresholdChoice } from '../report/report-thresholds';

/** Options minus what cannot cross a thread: the output callback and the abort signal become messages. */
type Cloneable<T> = Omit<T, 'onOutput' | 'signal' | 'handleSignals'>;

export type ProfileJob =
  /** `python`: a Python workload (profile-python.ts), run by `options.python` (python3 on PATH when absent). */
  | { kind: 'profile'; options: Cloneable<ProfileWorkloadOptions> & { python?: string }; language?: 'python' }
  | { kind: 'flamegraph'; options: Cloneable<FlamegraphOptions> }
  /** The report's thresholds are read (the newest saved benchmark) in the worker too. */
  | { kind: 'report'; input: Omit<ReportInput, 'thresholds'>; thresholds: ThresholdChoice };

export type ProfileJobResult<J extends ProfileJob> = J extends { kind: 'profile' } ? ProfiledRun : J extends { kind: 'flamegraph' } ? FlamegraphResult : ProfileReport;

/** Host → worker. */
export type ProfileJobRequest = { type: 'abort' };

/** Worker → host. */
export type ProfileJobEvent =
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'result'; result: ProfiledRun | FlamegraphResult | ProfileReport }
  | { type: 'error'; message: string };

export const PROFILE_WORKER_FILE = 'profile-worker.js';
