// The profiler's surface for the CLI, the extension and the advisor: run a workload under the probe,
// then read what the probe wrote.
export { runWorkload, defaultProbePath, type RunOptions, type RunResult, type StoppedBy, type RunErrorKind } from './runner';
export type { LoadResult } from './load-command';
export { readProbeData, readProbeFile, parseProbeText, sampleTime, type ProbeData, type ProcessSeries, type ThreadSeries } from './probe-data';
export { busyFromProfile, readCpuProfile, sampleTimestamps, type CpuProfile } from './profile-busy';
export { ProbeFollower, type FollowedRecord } from './probe-follow';
export { PROBE_ENV } from './probe-env';
export * from './probe-records';
export { analyzeProfiles, findHotspots, type Hotspot, type HotspotOptions, type HotspotReport, type ProfileAnalysis, type ProfileAnalysisOptions, type ThreadProfile, type ThreadProfileTotals } from './hotspots';
export { findBlockedStretches, summarizeStretches, DEFAULT_BLOCKED_THRESHOLD_MS, type BlockedStretch, type BlockedStretchOptions, type BlockedSummary, type StretchFrame } from './blocked-stretches';
export { attributeProfile, attributeNodes, classifyFrame, type Attribution, type AttributedProfile, type AttributedSample, type CodeLocation, type FrameClass, type ProfileTimeSplit, type SourceSite, type ViaCall, type ViaTime } from './frame-attribution';
export { SourceMapCache, loadSourceMap, type LoadedSourceMap, type OriginalPosition } from './source-maps';
export { runFlamegraph, FLAMEGRAPH_RUN_ENV, type FlamegraphOptions, type FlamegraphResult, type FlamegraphErrorKind } from './flamegraph';
