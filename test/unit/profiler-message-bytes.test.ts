// The probe's postMessage hook in this very process: what it counts and how long it says the sender spent
// copying, against the same call timed from outside. A test file of its own because the hook patches
// MessagePort and Worker for the whole process; it is installed once, as the probe does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { emptyByteCounts, hookPostMessage } from '../../src/profiler/message-bytes';

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
