// The profiler's surface for the CLI, the extension and the advisor: run a workload under the probe,
// then read what the probe wrote.
export { runWorkload, defaultProbePath, type RunOptions, type RunResult, type StoppedBy, type RunErrorKind } from './runner';
export type { LoadResult } from './load-command';
export { readProbeData, readProbeFile, parseProbeText, sampleTime, type ProbeData, type ProcessSeries, type ThreadSeries } from './probe-data';
export { busyFromProfile, readCpuProfile, sampleTimestamps, type CpuProfile } from './profile-busy';
export { ProbeFollower, type FollowedRecord } from './probe-follow';
export { PROBE_ENV } from './probe-env';
export * from './probe-records';
