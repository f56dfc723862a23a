// The Python probe itself (src/profiler/python-probe/), run by the machine's python3 on a coroutine that computes
// between `await asyncio.sleep(0)`: the main thread gives the GIL up at every select() and takes it straight
// back, so the probe's sampler thread waits long for it, in the middle of reading the clocks too. Whatever it
// waits, a window must hold only what happened inside it: no thread can spend more CPU in a window than the
// window lasted, and the loop's running time over the windows adds up to the time it ran. (A window that ended
// before its clocks were read once gave the whole run's CPU to 140 ms and left the rest idle: a cpu-bound
// workload came out idle.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PyProcessData } from '../../src/profiler/python/python-probe-data';

const PROBE = path.resolve(__dirname, '../../../src/profiler/python-probe');
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const skip = python.error || python.status !== 0 ? 'python3 is not on PATH' : !fs.existsSync('/proc/self/task') ? 'per-thread clocks need /proc' : false;

const COMPUTE_BETWEEN_YIELDS = `
import asyncio, time
import concurrency_lens_probe
concurrency_lens_probe.start()

def work(ms):
    end = time.perf_counter() + ms / 1000
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n

async def main():
    for _ in range(250):
        work(2)
        await asyncio.sleep(0)

asyncio.run(main())
`;

function runProbed(): PyProcessData {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-py-windows-'));
  try {
    const r = spawnSync('python3', ['-c', COMPUTE_BETWEEN_YIELDS], {
      env: { ...process.env, PYTHONPATH: PROBE, CONCURRENCY_LENS_PROBE_DIR: dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 1, files.join(', '));
    return JSON.parse(fs.readFileSync(path.join(dir, files[0]!), 'utf8')) as PyProcessData;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Python probe windows', { skip }, () => {
  it('hold only what happened inside them, however long the sampler waits for the GIL', () => {
    // Five runs: the sampler's wait differs from run to run, and one bad window is enough to fail.
    for (let run = 0; run < 5; run++) {
      const data = runProbed();
      assert.ok(data.windows.length >= 1, 'at least the final window');
      for (const w of data.windows) {
        for (const [tid, cpu] of w.th) {
          // Scheduler clocks tick in whole ns, the window in perf_counter: 5 ms covers rounding and reading order.
          assert.ok(cpu <= w.ms + 5, `run ${run}: thread ${tid} spent ${cpu} ms CPU in a window of ${w.ms} ms ending at ${w.t} ms`);
        }
      }
      const loop = data.loops.find((l) => l.tid === data.mainTid);
      assert.ok(loop, 'the main thread ran an event loop');
      const ran = loop.endMs - loop.startMs;
      const inWindows = data.windows.flatMap((w) => w.loops.filter((l) => l[0] === data.mainTid)).reduce((a, l) => a + l[1], 0);
      assert.ok(Math.abs(inWindows - ran) <= 5, `run ${run}: the loop ran ${ran} ms, the windows hold ${inWindows} ms`);
      const mainCpu = data.windows.reduce((a, w) => a + (w.th.find((t) => t[0] === data.mainTid)?.[1] ?? 0), 0);
      assert.ok(mainCpu >= 400, `run ${run}: 500 ms of computing shows as ${mainCpu} ms of main-thread CPU`);
    }
  });
});
