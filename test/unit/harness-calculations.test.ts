// The harness's arithmetic and workloads, without timing anything: summaries, the clone-cost fit and its
// crossover, where more workers stop helping, and that splitting a workload into chunks changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkRanges, combineChecksums, hashRange, runWorkload, syntheticText, tokenIds, tokenizeRange } from '../../src/harness/cpu-workloads';
import { crossoverSize, crossovers, fitCloneCost } from '../../src/harness/crossover';
import { mapLimited } from '../../src/harness/concurrency-limit';
import { saturationPoint } from '../../src/harness/saturation';
import { summarize } from '../../src/harness/stats';

const MiB = 1024 * 1024;

describe('summaries', () => {
  it('median, extremes and interquartile range, samples kept in run order', () => {
    assert.deepEqual(summarize([5, 1, 3, 2, 4]), { median: 3, min: 1, max: 5, iqr: 2, samples: [5, 1, 3, 2, 4] });
    assert.equal(summarize([10, 20]).median, 15);
    assert.equal(summarize([1, 2, 3, 1000]).median, 2.5, 'one outlier does not move the median far');
    assert.throws(() => summarize([]), /no samples/);
    // Every sample keeps three decimals, whatever its position (map(round) once rounded the first to 0 digits).
    assert.deepEqual(summarize([1.23456, 2.34567, 3.45678]).samples, [1.235, 2.346, 3.457]);
  });
});

describe('clone cost and crossover', () => {
  it('recovers rate and fixed cost from exact points (a round trip copies twice)', () => {
    // 1 ms fixed + 2 bytes moved per byte of payload at 1 MiB/ms.
    const points = [1, 10, 50].map((mb) => ({ sizeBytes: mb * MiB, roundTripMs: 1 + 2 * mb }));
    const fit = fitCloneCost(points);
    assert.ok(Math.abs(fit.bytesPerMs - MiB) < 1, `rate ${fit.bytesPerMs}`);
    assert.ok(Math.abs(fit.overheadMs - 1) < 1e-6, `overhead ${fit.overheadMs}`);
    // 51 ms of computation equals the round trip of 25 MiB.
    assert.equal(crossoverSize(fit, 51), 25 * MiB);
    assert.equal(crossoverSize(fit, 0.5), 0, 'cheaper than the fixed cost: any payload costs more');
    const xs = crossovers(fit, [1, 10, 100]).map((c) => c.sizeBytes);
    assert.deepEqual([...xs].sort((a, b) => a - b), xs, 'more computation tolerates a bigger payload');
  });

  it('a single size is taken as proportional, with no fixed cost', () => {
    const fit = fitCloneCost([{ sizeBytes: 8 * MiB, roundTripMs: 16 }]);
    assert.equal(fit.overheadMs, 0);
    assert.equal(fit.bytesPerMs, MiB);
  });
});

describe('saturation', () => {
  it('is the last worker count whose step still gained 10% or more', () => {
    const curve = (ms: number[]) => ms.map((medianMs, i) => ({ workers: 2 ** i, medianMs }));
    assert.equal(saturationPoint(curve([100, 52, 50, 51])), 2, 'two cores: flat after 2');
    assert.equal(saturationPoint(curve([100, 55, 30, 29])), 4);
    assert.equal(saturationPoint(curve([100, 95, 90, 80])), 1, 'no step gains 10%: one worker is enough');
    assert.equal(saturationPoint(curve([100, 50, 120, 20])), 2, 'stops at the first step that does not pay');
    assert.equal(saturationPoint([]), 0);
  });
});

describe('CPU workloads', () => {
  it('chunks cover the range exactly once and give the sequential checksum in any order', () => {
    const ranges = chunkRanges(1000, 16);
    assert.equal(ranges[0][0], 0);
    assert.equal(ranges.at(-1)![1], 1000);
    for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i][0], ranges[i - 1][1]);
    for (const workload of ['tokenize', 'hash'] as const) {
      const whole = runWorkload(workload, 0, 1000);
      const parts = ranges.map(([a, b]) => runWorkload(workload, a, b)).reverse();
      assert.equal(combineChecksums(parts), whole, workload);
    }
    assert.deepEqual(chunkRanges(3, 8).length, 3, 'no empty chunks');
  });

  it('tokenises as the seed article does: vocabulary ids, unknown words one past the end', () => {
    assert.deepEqual(tokenIds('The model WAS trained on a dataset, of text.'), [0, 35, 4, 35, 26, 1, 35, 22, 35]);
    assert.equal(syntheticText(7), 'The quick model was trained on a large dataset of text from the internet with careful filtering sample 7');
    assert.notEqual(tokenizeRange(0, 100), tokenizeRange(0, 101), 'every item counts');
  });

  it('hashes every item with its index (the work is not the same block over and over)', () => {
    assert.notEqual(hashRange(0, 10), hashRange(10, 20));
  });
});

describe('concurrency limit', () => {
  it('never has more than the limit in flight and keeps results in call order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapLimited(20, 3, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return i * 2;
    });
    assert.equal(peak, 3);
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i * 2));
  });
});
