// Worker pools that never return to their event loop (issue 12): piscina's workers block in Atomics.wait
// between tasks, and the workers of minhash-workers.js compute in one endless loop until terminate().
// Neither ever runs the timer its own sampler needs, and terminate() skips 'exit' handlers, so before the
// fix both read as idle and their workers never appeared in the hotspots. Each labelled workload with an
// `expect.hotspot` in examples/workloads/workloads.json is profiled through the built CLI, as a user
// would, and must show:
// - its verdict (the pool's CPU is offloaded CPU work: cpu-bound → worker-pool, keep),
// - the pool's CPU, measured per thread by the main thread's sampler,
// - the workers' hot function, from the profiles their probes wrote before terminate().
//
// Margins, because other test files share the two cores: a computing worker's CPU plus its run-queue
// wait stays near its lifetime however loaded the machine is, so the pool is required to be busy half a
// core per worker (it measures ~0.9 a worker), against the advisor's threshold of 0.5 cores in all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MANIFEST, WORKLOADS, profileWorkload as profile } from './labelled-workloads';
import { freePort } from './process-helpers';

const POOLS = MANIFEST.filter((w) => w.expect.hotspot?.threads === 'worker');

interface Report {
  workload: { type: string };
  recommendation: { model: string; alreadyRight: boolean; path: { question: string; answer: string; evidence: string }[] };
  metrics: {
    details: {
      offload: { workers: number; busyCores: number; source?: string };
      threadCpu?: { byRole: Record<string, { threads: number; cpuMs: number; runQueueMs: number }>; offMainCpuMs: number; unlistedCpuMs: number };
    };
  };
  threads: { role: string; threadId: number; busy: number; lifetimeMs: number }[];
  hotspots: { file: string; function: string; selfMs: number; threads: string }[];
}

describe('worker pools that never return to their event loop', () => {
  it('the manifest labels a piscina pool and a pool ended by terminate(), each with its worker hotspot', () => {
    assert.ok(POOLS.some((w) => w.dependencies?.includes('piscina')), 'a piscina workload');
    assert.ok(POOLS.some((w) => !w.dependencies?.length), 'a plain worker_threads pool');
  });

  for (const w of POOLS) {
    it(`${w.name}: the pool's CPU is seen and its workers' hot function is listed`, async () => {
      for (const dep of w.dependencies ?? []) {
        assert.doesNotThrow(() => require.resolve(dep, { paths: [WORKLOADS] }), `${dep} is not installed: run npm ci (it is a dependency of examples/workloads)`);
      }
      const r = await profile(w, await freePort());
      assert.equal(r.code, 0, r.stderr.slice(-2000));
      const report = JSON.parse(r.stdout) as Report;
      const evidence = report.recommendation.path.map((s) => `${s.question} ${s.answer}: ${s.evidence}`).join('\n');
      assert.equal(report.workload.type, w.expect.type, evidence);
      assert.equal(report.recommendation.model, w.expect.model, evidence);
      assert.equal(report.recommendation.alreadyRight, w.expect.alreadyRight, evidence);

      const { offload, threadCpu } = report.metrics.details;
      assert.ok(offload.workers >= 1, JSON.stringify(offload));
      assert.ok(offload.busyCores >= 0.5 * offload.workers, `the pool was busy ${offload.busyCores} cores with ${offload.workers} workers\n${evidence}`);
      const workers = report.threads.filter((t) => t.role === 'worker');
      assert.equal(workers.length, offload.workers);
      for (const t of workers) assert.ok(t.busy >= 0.5, `worker ${t.threadId} busy ${t.busy} of its ${t.lifetimeMs} ms`);

      if (process.platform === 'linux') {
        assert.equal(offload.source, 'thread-cpu');
        assert.ok(threadCpu, 'CPU per thread role');
        const worker = threadCpu.byRole.worker;
        assert.equal(worker.threads, offload.workers, JSON.stringify(threadCpu));
        // Cross-check: the workers' CPU is most of, and never much more than, process CPU minus the main thread's.
        assert.ok(worker.cpuMs <= threadCpu.offMainCpuMs * 1.05 + 50, JSON.stringify(threadCpu));
        assert.ok(worker.cpuMs >= 0.6 * threadCpu.offMainCpuMs, JSON.stringify(threadCpu));
      }

      // Anywhere in the list, not necessarily first: V8 inlines the hot function into its caller (the
      // worker's top-level loop in minhash-worker.js), and how the time splits between the two varies.
      const want = w.expect.hotspot!;
      const hit = report.hotspots.find((h) => h.file === want.file && h.function === want.function);
      assert.ok(hit, `${want.function} (${want.file}) among the hotspots: ${JSON.stringify(report.hotspots.slice(0, 5))}`);
      assert.equal(hit.threads, 'worker');
      assert.ok(hit.selfMs >= 100, `${hit.selfMs} ms`);
    });
  }
});
