// From a saved benchmark result to the advisor: threshold overrides marked `benchmark`, and the result
// store that keeps results across restarts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS, withThresholds } from '../../src/advisor/thresholds';
import { thresholdsFromBenchmark } from '../../src/harness/benchmark-thresholds';
import { loadLatestResult, saveResult } from '../../src/harness/result-store';
import { sampleBenchResult } from './harness-sample';

const MiB = 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'cl-bench-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('thresholds from a benchmark result', () => {
  it('replaces the clone rate and the large-message size with the measured ones', () => {
    const overrides = thresholdsFromBenchmark(sampleBenchResult());
    assert.deepEqual(Object.keys(overrides).sort(), ['cloneBytesPerMs', 'largeMessageBytes']);
    assert.equal(overrides.cloneBytesPerMs!.value, 2 * MiB);
    assert.equal(overrides.largeMessageBytes!.value, 2 * MiB, 'what clones in a millisecond at the measured rate');
    assert.match(overrides.cloneBytesPerMs!.why, /2000 MiB\/s.*1\.0-10 MiB.*2026-01-02, 2 cores, Node v20\.0\.0, quick run/);
    const th = withThresholds(overrides);
    assert.equal(th.cloneBytesPerMs.source, 'benchmark');
    assert.equal(th.cloneBytesPerMs.value, 2 * MiB);
    assert.deepEqual(th.blockMs, DEFAULT_THRESHOLDS.blockMs, 'thresholds the harness does not measure keep their defaults');
  });

  it('gives nothing when the serialization suite did not run', () => {
    const r = sampleBenchResult();
    delete r.serialization;
    assert.deepEqual(thresholdsFromBenchmark(r), {});
  });
});

describe('result store', () => {
  it('saves by timestamp and loads the newest, skipping files that are not results', async () => {
    assert.equal(await loadLatestResult(path.join(dir, 'none')), undefined);
    const older = sampleBenchResult();
    const newer = { ...sampleBenchResult(), createdAt: '2026-03-01T00:00:00.000Z' };
    await saveResult(newer, dir);
    await saveResult(older, dir);
    writeFileSync(path.join(dir, 'bench-2099-01-01T00-00-00.000Z.json'), '{ broken');
    writeFileSync(path.join(dir, 'bench-2098-01-01T00-00-00.000Z.json'), '{"tool":"other"}');
    assert.deepEqual(await loadLatestResult(dir), newer);
  });
});
