// A small, hand-written benchmark result: the shape the harness produces, with round figures a test can
// reason about (clone rate 2 MiB/ms, 1 ms fixed cost).
import type { BenchResult, Stats } from '../../src/harness/result-types';

const MiB = 1024 * 1024;
const s = (median: number): Stats => ({ median, min: median, max: median, iqr: 0, samples: [median, median, median] });

export function sampleBenchResult(): BenchResult {
  return {
    tool: 'concurrency-lens',
    kind: 'bench',
    version: '9.8.7',
    createdAt: '2026-01-02T03:04:05.678Z',
    quick: true,
    machine: { cores: 2, cpuModel: 'Test CPU', totalMemBytes: 8 * 1024 * MiB, freeMemBytes: 4 * 1024 * MiB, node: 'v20.0.0', platform: 'linux', arch: 'x64', loadAverage: [0.1, 0.2, 0.3] },
    loadAverageAfter: [1.5, 0.5, 0.4],
    durationMs: 1234,
    serialization: {
      sizesBytes: [MiB, 10 * MiB],
      points: [
        { mode: 'structured-clone', sizeBytes: MiB, roundTripMs: s(2) },
        { mode: 'structured-clone', sizeBytes: 10 * MiB, roundTripMs: s(11) },
        { mode: 'transfer-list', sizeBytes: MiB, roundTripMs: s(0.2) },
        { mode: 'shared-array-buffer', sizeBytes: MiB, roundTripMs: s(0.1), setupMs: s(0.5) },
        { mode: 'structured-clone', sizeBytes: 256 * MiB, skipped: 'needs about 1024 MB' },
      ],
      cloneBytesPerMs: 2 * MiB,
      cloneOverheadMs: 1,
      crossovers: [{ computeMs: 1, sizeBytes: 0 }, { computeMs: 50, sizeBytes: 49 * MiB }],
    },
    hybrid: {
      queries: 4,
      retrieveMs: 10,
      generateMs: 20,
      preprocessItems: 100,
      poolSize: 2,
      points: [
        { mode: 'sequential', wallMs: s(200), queriesPerSecond: 20 },
        { mode: 'async-cpu-on-main', wallMs: s(80), queriesPerSecond: 50 },
        { mode: 'hybrid-worker-pool', wallMs: s(50), queriesPerSecond: 80 },
      ],
    },
  };
}
