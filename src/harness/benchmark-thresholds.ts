// Turns a saved benchmark result into threshold overrides for the advisor (`withThresholds`). Only the
// thresholds that depend on the machine and that the result measured are replaced; everything else keeps
// its default. Which threshold comes from where is listed in docs/benchmarks-harness.md.
import type { Threshold, ThresholdKey } from '../advisor/thresholds';
import type { BenchResult } from './result-types';

export type BenchmarkOverrides = Partial<Record<ThresholdKey, Threshold & { source: 'benchmark' }>>;

/** The clone cost the default `largeMessageBytes` is reasoned from: a message that takes a millisecond. */
const LARGE_MESSAGE_MS = 1;

export function thresholdsFromBenchmark(result: BenchResult): BenchmarkOverrides {
  const out: BenchmarkOverrides = {};
  const ser = result.serialization;
  if (!ser || !(ser.cloneBytesPerMs > 0)) return out;
  const python = result.language === 'python';
  const runtime = python ? `Python ${result.python?.version ?? ''}`.trim() : `Node ${result.machine.node}`;
  const when = `${result.createdAt.slice(0, 10)}, ${result.machine.cores} cores, ${runtime}${result.quick ? ', quick run' : ''}`;
  const copying = python ? 'pickle' : 'structured-clone';
  const measured = ser.points.filter((p) => p.mode === copying && p.roundTripMs).map((p) => p.sizeBytes);
  const range = measured.length > 0 ? `${mib(Math.min(...measured))}-${mib(Math.max(...measured))} MiB` : 'several sizes';
  out.cloneBytesPerMs = {
    value: ser.cloneBytesPerMs,
    source: 'benchmark',
    why: python
      ? `Pickling to a pool process measured on this machine: ${mib(ser.cloneBytesPerMs * 1000)} MiB/s, both ends together (round trips of ${range} through a ProcessPoolExecutor; ${when}).`
      : `Structured clone measured on this machine: ${mib(ser.cloneBytesPerMs * 1000)} MiB/s, sender and receiver together (round trips of ${range} to a worker; ${when}).`,
  };
  // The same reasoning as the default (1 MiB at about 1 MiB/ms), with this machine's rate.
  const oneMs = Math.round(ser.cloneBytesPerMs * LARGE_MESSAGE_MS);
  out.largeMessageBytes = {
    value: oneMs,
    source: 'benchmark',
    why: `On this machine a message of ${mib(oneMs)} MiB costs about a millisecond to ${python ? 'pickle to a process' : 'clone'}, the same order as a small task: above it, copying starts to matter (${when}).`,
  };
  return out;
}

function mib(bytes: number): string {
  const v = bytes / (1024 * 1024);
  return v >= 10 ? String(Math.round(v)) : v.toFixed(1);
}
