// The probe's postMessage hook in this very process: what it counts and how long it says the sender spent
// copying, against the same call timed from outside. A test file of its own because the hook patches
// MessagePort and Worker for the whole process; it is installed once, as the probe does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { attributeProfile } from '../../src/profiler/frame-attribution';
import { emptyByteCounts, hookPostMessage } from '../../src/profiler/message-bytes';
import type { CpuProfile } from '../../src/profiler/profile-busy';

const MiB32 = 32 * 1024 * 1024;

let counts = emptyByteCounts();
const errors: unknown[] = [];
hookPostMessage(
  () => counts,
  (_where, e) => errors.push(e),
);

test('the hook counts a large clone and times its serialisation; a transfer of the same size costs next to nothing', () => {
  const { port1, port2 } = new MessageChannel();
  try {
    // The least of three calls, so that one preemption on a busy machine does not decide the comparison.
    const clone: number[] = [];
    for (let i = 0; i < 3; i++) {
      counts = emptyByteCounts();
      const matrix = new Float64Array(MiB32 / 8);
      const before = performance.now();
      port1.postMessage({ matrix, rows: 2048 });
      const outside = performance.now() - before;
      assert.equal(counts.cloned, MiB32, 'the bytes are counted as before');
      assert.equal(counts.messages, 1);
      // Timed inside the call the test timed, the probe's walk of the message left out.
      assert.ok(counts.serializeMs > 0 && counts.serializeMs <= outside, `serializeMs ${counts.serializeMs}, outside ${outside}`);
      clone.push(counts.serializeMs);
    }
    const transfer: number[] = [];
    for (let i = 0; i < 3; i++) {
      counts = emptyByteCounts();
      const matrix = new Float64Array(MiB32 / 8);
      port1.postMessage({ matrix }, [matrix.buffer]);
      assert.deepEqual([counts.cloned, counts.transferred], [0, MiB32]);
      transfer.push(counts.serializeMs);
    }
    assert.ok(Math.min(...transfer) * 5 < Math.min(...clone), `transfer ${transfer}, clone ${clone}`);
    assert.deepEqual(errors, []);
  } finally {
    port1.close();
    port2.close();
  }
});

test('a call that throws is still counted and timed, and still throws to the caller', () => {
  const { port1, port2 } = new MessageChannel();
  try {
    counts = emptyByteCounts();
    // A function cannot be cloned: DataCloneError, as without the probe.
    assert.throws(() => port1.postMessage({ f: () => 1 }), { name: 'DataCloneError' });
    assert.equal(counts.messages, 1);
    assert.ok(counts.serializeMs > 0, `serializeMs ${counts.serializeMs}`);
  } finally {
    port1.close();
    port2.close();
  }
});

/** A user function that posts: the line the serialisation belongs to. */
function postMatrix(port: MessagePort): void {
  port.postMessage({ matrix: new Float64Array(MiB32 / 8) });
}

test('in a real CPU profile the hook is one frame named postMessage, so the copy is charged to the function that posted', async () => {
  // V8 names the frame at parse time, not from the `name` property: this fails if the wrapper loses its name.
  const session = new Session();
  session.connect();
  const { port1, port2 } = new MessageChannel();
  let profile: CpuProfile;
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    counts = emptyByteCounts();
    for (let i = 0; i < 3; i++) postMatrix(port1);
    profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
  } finally {
    session.disconnect();
    port1.close();
    port2.close();
  }
  // The hook's compiled file sits beside the other profiler modules, the directory the probe runs from.
  const probeDir = path.dirname(require.resolve('../../src/profiler/message-bytes'));
  const { samples } = attributeProfile(profile, { probeDirs: [probeDir] });
  let posting = 0;
  for (const { attribution: a, ms } of samples) {
    if (a.kind === 'user' && a.site.function === 'postMatrix' && a.via?.name === 'postMessage') posting += ms;
  }
  // Sampling misses a little at the edges of each call; a wrapper counted as probe overhead gives about 0.
  assert.ok(posting >= 0.5 * counts.serializeMs, `postMatrix ${posting.toFixed(1)} ms in postMessage, the hook timed ${counts.serializeMs.toFixed(1)} ms`);
});
