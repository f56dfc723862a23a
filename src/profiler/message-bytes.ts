// Counts what postMessage really moves between threads: the structured-clone copy versus buffers that
// are transferred or shared, and times how long the sender spends in the call. This is the Node
// counterpart of the pickling tax, and what tells a "large-data" workload apart from one that only computes.
import { performance } from 'node:perf_hooks';
import { MessagePort, Worker } from 'node:worker_threads';

export interface ByteCounts {
  cloned: number;
  transferred: number;
  shared: number;
  strings: number;
  messages: number;
  /**
   * Wall ms spent inside the workload's postMessage calls. Structured clone serialises the whole message
   * synchronously in the sender before the call returns, so this is the sender's copy measured rather than
   * estimated from bytes. The receiver's deserialisation happens in native code before its 'message'
   * listener runs, where no JavaScript hook can time it, so it is not in here.
   */
  serializeMs: number;
}

export const emptyByteCounts = (): ByteCounts => ({ cloned: 0, transferred: 0, shared: 0, strings: 0, messages: 0, serializeMs: 0 });

/** The walk is shallow and bounded: big messages are usually one big buffer, and the hook sits on a hot path. */
const MAX_DEPTH = 4;
const MAX_NODES = 2000;

type AnyBuffer = ArrayBuffer | SharedArrayBuffer;

function bufferOf(value: unknown): AnyBuffer | undefined {
  if (value instanceof ArrayBuffer) return value;
  if (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer) return value;
  // A view is serialised together with its whole backing buffer, not only its own window, so that is what
  // gets copied (a small pooled Buffer drags its 8 KB slab along).
  if (ArrayBuffer.isView(value)) return value.buffer;
  return undefined;
}

function transferredBuffers(transfer: unknown): Set<AnyBuffer> {
  const out = new Set<AnyBuffer>();
  const list = Array.isArray(transfer)
    ? transfer
    : transfer && typeof transfer === 'object' && Array.isArray((transfer as { transfer?: unknown }).transfer)
      ? (transfer as { transfer: unknown[] }).transfer
      : [];
  for (const item of list) if (item instanceof ArrayBuffer) out.add(item);
  return out;
}

/** Adds the bytes one `postMessage(value, transfer)` call will move to `into`. Must run before the call: transfer detaches. */
export function countMessage(value: unknown, transfer: unknown, into: ByteCounts): void {
  into.messages++;
  const moved = transferredBuffers(transfer);
  for (const b of moved) into.transferred += b.byteLength;
  const seen = new Set<unknown>();
  let budget = MAX_NODES;
  const visit = (v: unknown, depth: number): void => {
    if (budget-- <= 0) return;
    if (typeof v === 'string') {
      into.strings += v.length;
      return;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const buf = bufferOf(v);
    if (buf) {
      if (seen.has(buf)) return;
      seen.add(buf);
      if (typeof SharedArrayBuffer === 'function' && buf instanceof SharedArrayBuffer) into.shared += buf.byteLength;
      else if (!moved.has(buf as ArrayBuffer)) into.cloned += buf.byteLength;
      return;
    }
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && budget > 0; i++) visit(v[i], depth + 1);
    } else if (v instanceof Map) {
      for (const [k, item] of v) {
        if (budget <= 0) break;
        visit(k, depth + 1);
        visit(item, depth + 1);
      }
    } else if (v instanceof Set) {
      for (const item of v) {
        if (budget <= 0) break;
        visit(item, depth + 1);
      }
    } else {
      // Structured clone reads own enumerable properties, so reading them here has the same side effects.
      for (const key of Object.keys(v)) {
        if (budget <= 0) break;
        visit((v as Record<string, unknown>)[key], depth + 1);
      }
    }
  };
  visit(value, 0);
}

/** The probe's clock, a function of its own so that its frame, unlike the wrapper's, counts as probe overhead. */
const probeNow = (): number => performance.now();

/**
 * Wraps MessagePort.prototype.postMessage and Worker.prototype.postMessage of this thread.
 * Worker#postMessage forwards to its internal MessagePort, so nested calls are counted and timed once.
 * `onError` receives counting failures; the workload's own call always goes through untouched.
 *
 * The wrapper is a method named `postMessage`, so that its frame in a CPU profile is named so too, even in
 * the minified bundle: the hotspots recognise it by that name (PROBE_WRAPPER_NAMES, probe-wrappers.ts) and
 * charge its time, the native serialisation, to the line that posted. Its own bookkeeping runs in probe
 * functions of other names (countMessage, probeNow, counts), which stay probe overhead.
 */
export function hookPostMessage(counts: () => ByteCounts, onError: (where: string, e: unknown) => void): void {
  let depth = 0;
  const wrap = (proto: { postMessage: (...args: unknown[]) => unknown }, name: string): void => {
    const original = proto.postMessage;
    if (typeof original !== 'function') return;
    const { postMessage: wrapped } = {
      postMessage(this: unknown, ...args: unknown[]): unknown {
        const outermost = depth === 0;
        if (outermost) {
          try {
            countMessage(args[0], args[1], counts());
          } catch (e) {
            onError(`${name}.postMessage`, e);
          }
        }
        depth++;
        // Started after the count, so that the probe's own walk of the message is not billed as copying.
        const startedAt = outermost ? probeNow() : 0;
        try {
          return original.apply(this, args);
        } finally {
          depth--;
          // A call that throws (DataCloneError) still spent the time serialising up to the failure. counts()
          // is asked again rather than reused: the time belongs to the interval the call ended in.
          if (outermost) counts().serializeMs += probeNow() - startedAt;
        }
      },
    };
    // Keep the original attributes (MessagePort's method is enumerable, Worker's is not).
    const own = Object.getOwnPropertyDescriptor(proto, 'postMessage');
    Object.defineProperty(proto, 'postMessage', {
      value: wrapped,
      writable: own?.writable ?? true,
      enumerable: own?.enumerable ?? false,
      configurable: true,
    });
  };
  wrap(MessagePort.prototype as unknown as { postMessage: (...args: unknown[]) => unknown }, 'MessagePort');
  wrap(Worker.prototype as unknown as { postMessage: (...args: unknown[]) => unknown }, 'Worker');
}
