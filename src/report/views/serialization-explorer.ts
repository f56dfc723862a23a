// The Serialisation Cost Explorer of the seed article, for Node and from this machine's measurements:
// the structured-clone round trip (the bench's least-squares fit: a fixed cost per message plus a cost
// per byte) against the computation a worker would do on the same payload (a cost per byte the user
// picks with a slider), with the measured transfer-list and SharedArrayBuffer round trips beside them.
//
// Both costs grow with the payload, so where they cross is decided by the fixed per-message cost: below
// the crossover the message costs more than the work it carries; above it the computation outweighs the
// copy, and what is left of the copy is the ratio of the two per-byte costs (`maxOverheadRatio`). When
// the computation per byte is cheaper than the copy per byte, the lines never cross: the clone costs more
// than the work at every size, and only a transfer or shared memory makes offloading pay.
import type { SerializationSuiteResult, TransferMode } from '../../harness/result-types';
import { cloneRoundTripMs, type CloneFit } from '../../harness/crossover';
import { TRANSFER_MODES } from './bench-view';
import type { ChartSpec, MarkerSpec, Point, SeriesSpec } from './chart-spec';
import { formatValue, sig3 } from './format';
import { buildTable, type Cell } from './table';

export interface ComputePreset {
  id: 'light' | 'medium' | 'heavy';
  label: string;
  nsPerByte: number;
  /** What kind of work costs about this much per byte, so the user can place their own. */
  example: string;
}

/** Rough per-byte costs of common work in V8; the user's own code may sit anywhere on the slider. */
export const COMPUTE_PRESETS: readonly ComputePreset[] = [
  { id: 'light', label: 'Light', nsPerByte: 0.5, example: 'one pass over numbers: a sum, a scale, a threshold' },
  { id: 'medium', label: 'Medium', nsPerByte: 5, example: 'hashing, parsing, compressing' },
  { id: 'heavy', label: 'Heavy', nsPerByte: 50, example: 'tokenising, regular expressions, an object per item' },
];
export const DEFAULT_PRESET: ComputePreset['id'] = 'medium';
export const DEFAULT_COMPUTE_NS_PER_BYTE = COMPUTE_PRESETS.find((p) => p.id === DEFAULT_PRESET)!.nsPerByte;

/** The slider's positions; `nsPerByteAt` maps a position to ns per byte on a log scale. */
export const COMPUTE_RANGE = { min: 0, max: 100, step: 1 } as const;
/** ns per byte at the slider's two ends: four decades, from a memcpy-like pass to heavy per-item work. */
export const COMPUTE_NS_RANGE = { min: 0.1, max: 1000 } as const;

const DECADES = Math.log10(COMPUTE_NS_RANGE.max / COMPUTE_NS_RANGE.min);

export function nsPerByteAt(position: number): number {
  const p = Math.min(COMPUTE_RANGE.max, Math.max(COMPUTE_RANGE.min, position));
  return sig3(COMPUTE_NS_RANGE.min * 10 ** ((DECADES * (p - COMPUTE_RANGE.min)) / (COMPUTE_RANGE.max - COMPUTE_RANGE.min)));
}

export function sliderPositionOf(nsPerByte: number): number {
  const ns = Math.min(COMPUTE_NS_RANGE.max, Math.max(COMPUTE_NS_RANGE.min, nsPerByte));
  const p = COMPUTE_RANGE.min + ((COMPUTE_RANGE.max - COMPUTE_RANGE.min) * Math.log10(ns / COMPUTE_NS_RANGE.min)) / DECADES;
  return Math.round(p / COMPUTE_RANGE.step) * COMPUTE_RANGE.step;
}

export interface ExplorerView {
  /** Id 'serialization-explorer'. */
  chart: ChartSpec;
  /** Payload size where a clone round trip costs as much as the computation on it; null when the two never cross. */
  crossoverBytes: number | null;
  /** Clone round trip over computation at the largest measured size: what the copy adds to the work. */
  maxOverheadRatio: number;
  bestMethod: { mode: TransferMode; why: string };
  /** The computation per byte the view was built for. */
  computeNsPerByte: number;
  /** The clone round trip's cost per byte on this machine (both directions), from the fit. */
  cloneNsPerByte: number;
  /** One or two sentences: what the crossover means at this setting. */
  summary: string;
}

/** Below this share of the computation a copy is not worth the complexity of avoiding it. */
export const AFFORDABLE_COPY_RATIO = 0.1;
const POINTS_PER_DECADE = 8;
const MIN_PLOT_BYTES = 1024;
const MIN_NS_PER_BYTE = 0.001;

export const cloneFitOf = (ser: SerializationSuiteResult): CloneFit => ({ bytesPerMs: ser.cloneBytesPerMs, overheadMs: ser.cloneOverheadMs });
export const computeMs = (nsPerByte: number, sizeBytes: number): number => (sizeBytes * nsPerByte) / 1e6;

/**
 * The size where overhead + 2·size/bytesPerMs = size·nsPerByte/1e6. It is also where `crossoverSize`
 * (the bench's crossover for a fixed computation) lands for the computation at that size.
 */
export function explorerCrossover(fit: CloneFit, nsPerByte: number): number | null {
  const computePerByte = nsPerByte / 1e6;
  const clonePerByte = 2 / fit.bytesPerMs;
  if (!(fit.bytesPerMs > 0) || computePerByte <= clonePerByte || fit.overheadMs <= 0) return null;
  return Math.round(fit.overheadMs / (computePerByte - clonePerByte));
}

export function exploreSerialization(ser: SerializationSuiteResult, computeNsPerByte: number): ExplorerView {
  // Zero work per byte would make every ratio infinite; a thousandth of a ns is nothing on the chart.
  const ns = Math.max(MIN_NS_PER_BYTE, computeNsPerByte);
  const fit = cloneFitOf(ser);
  const cloneNsPerByte = fit.bytesPerMs > 0 ? sig3((2 / fit.bytesPerMs) * 1e6) : Infinity;
  const crossoverBytes = explorerCrossover(fit, ns);
  const measured = (m: TransferMode) => ser.points.filter((p) => p.mode === m && p.roundTripMs).sort((a, b) => a.sizeBytes - b.sizeBytes);
  const largest = Math.max(0, ...ser.sizesBytes, ...ser.points.map((p) => p.sizeBytes));
  const compLargest = computeMs(ns, largest);
  const maxOverheadRatio = compLargest > 0 ? sig3(cloneRoundTripMs(fit, largest) / compLargest) : Infinity;
  const bestMethod = chooseMethod(maxOverheadRatio, largest, ser, measured);

  // The plot spans the measured sizes and reaches down far enough to show the crossover.
  const smallest = Math.min(...ser.points.map((p) => p.sizeBytes).filter((s) => s > 0));
  const lo = Math.min(MIN_PLOT_BYTES, smallest, ...(crossoverBytes ? [crossoverBytes / 2] : []));
  const hi = Math.max(largest, crossoverBytes ? crossoverBytes * 2 : 0, lo * 10);
  const sizes = logGrid(lo, hi);
  const modes: TransferMode[] = ['structured-clone', 'transfer-list', 'shared-array-buffer'];
  const series: SeriesSpec[] = [
    // The fit in purple, so it does not read as the measured clone points (red, as in the bench's chart).
    { label: 'Structured clone round trip (fit)', color: 'purple', data: sizes.map((s) => ({ x: s, y: sig3(cloneRoundTripMs(fit, s)) })) },
    { label: `Computation at ${formatNs(ns)}`, color: 'orange', dashed: true, data: sizes.map((s) => ({ x: s, y: sig3(computeMs(ns, s)) })) },
    ...modes.map((m) => ({
      label: `${TRANSFER_MODES[m].label} (measured)`,
      color: TRANSFER_MODES[m].color,
      pointsOnly: true,
      data: measured(m).map((p): Point => ({ x: p.sizeBytes, y: sig3(p.roundTripMs!.median) })),
    })),
  ];
  const markers: MarkerSpec[] = crossoverBytes !== null ? [{ kind: 'x-line', at: crossoverBytes, label: `crossover ${formatValue(crossoverBytes, 'bytes')}`, color: 'orange' }] : [];
  const summary = explain(crossoverBytes, maxOverheadRatio, largest, ns, cloneNsPerByte);

  const measuredAt = (m: TransferMode, size: number) => measured(m).find((p) => p.sizeBytes === size)?.roundTripMs?.median ?? null;
  const tableSizes = [...new Set([...sizes, ...ser.points.map((p) => p.sizeBytes)])].sort((a, b) => a - b);
  const rows: Cell[][] = tableSizes.map((s) => [s, sig3(cloneRoundTripMs(fit, s)), sig3(computeMs(ns, s)), ...modes.map((m) => measuredAt(m, s))]);

  const chart: ChartSpec = {
    id: 'serialization-explorer',
    title: 'Clone round trip against the computation',
    description: `Structured-clone round trip (fitted to this machine's measurements) against ${formatNs(ns)} of computation on the same payload, log-log. ${summary}`,
    type: 'line',
    x: { title: 'Payload size', unit: 'bytes', type: 'logarithmic', min: sizes[0], max: sizes[sizes.length - 1] },
    y: { title: 'Time', unit: 'ms', type: 'logarithmic' },
    series,
    markers,
    table: buildTable(
      `Clone round trip from the fit and computation at ${formatNs(ns)}, per payload size, with the measured round trips where there is one. Crossover: ${crossoverBytes === null ? 'none' : formatValue(crossoverBytes, 'bytes')}.`,
      [
        { title: 'Payload', unit: 'bytes' },
        { title: 'Clone round trip (fit)', unit: 'ms' },
        { title: 'Computation', unit: 'ms' },
        ...modes.map((m) => ({ title: `${TRANSFER_MODES[m].label} (measured)`, unit: 'ms' as const })),
      ],
      rows,
    ),
  };
  return { chart, crossoverBytes, maxOverheadRatio, bestMethod, computeNsPerByte: ns, cloneNsPerByte, summary };
}

/** Sizes from lo to hi, evenly spaced on a log axis, both ends included. */
function logGrid(lo: number, hi: number): number[] {
  const a = Math.log10(Math.max(1, lo));
  const b = Math.log10(Math.max(hi, lo * 10));
  const n = Math.max(2, Math.ceil((b - a) * POINTS_PER_DECADE) + 1);
  return [...new Set(Array.from({ length: n }, (_, i) => Math.round(10 ** (a + ((b - a) * i) / (n - 1)))))];
}

const formatNs = (ns: number): string => `${sig3(ns)} ns per byte`;

function chooseMethod(
  ratio: number,
  largest: number,
  ser: SerializationSuiteResult,
  measured: (m: TransferMode) => SerializationSuiteResult['points'],
): ExplorerView['bestMethod'] {
  const atLargest = formatValue(largest, 'bytes');
  if (ratio <= AFFORDABLE_COPY_RATIO) {
    return { mode: 'structured-clone', why: `At ${atLargest} the clone adds ${formatValue(ratio, 'share')} to the computation: plain postMessage is cheap enough and keeps the code simple.` };
  }
  const cost = `the clone round trip costs ${ratio >= 1 ? `${formatValue(ratio, 'speedup')} the computation` : `${formatValue(ratio, 'share')} of the computation`} at ${atLargest}`;
  const transfer = measured('transfer-list').at(-1);
  const sab = measured('shared-array-buffer').at(-1);
  const setup = ser.points.filter((p) => p.mode === 'shared-array-buffer' && p.setupMs).sort((a, b) => a.sizeBytes - b.sizeBytes).at(-1);
  if (transfer) {
    return {
      mode: 'transfer-list',
      why: `${capitalise(cost)}; a transfer list moves the buffer in ${formatValue(transfer.roundTripMs!.median, 'ms')} whatever its size. The sender loses it: when several workers read the same data, or the main thread keeps it, use a SharedArrayBuffer instead.`,
    };
  }
  if (sab) {
    return {
      mode: 'shared-array-buffer',
      why: `${capitalise(cost)}; workers read a SharedArrayBuffer in place (${formatValue(sab.roundTripMs!.median, 'ms')} per message${setup ? `, after a one-off setup of ${formatValue(setup.setupMs!.median, 'ms')} at ${formatValue(setup.sizeBytes, 'bytes')}` : ''}).`,
    };
  }
  return { mode: 'structured-clone', why: `${capitalise(cost)}, but no zero-copy method was measured on this machine: run the serialisation suite in full to compare.` };
}

function explain(crossover: number | null, ratio: number, largest: number, ns: number, cloneNs: number): string {
  if (crossover === null) {
    return ns <= cloneNs
      ? `At ${formatNs(ns)} the computation is cheaper per byte than the clone (${formatNs(cloneNs)} round trip): copying costs more than the work at every size, so only a transfer list or shared memory lets a worker pay off.`
      : `The computation outweighs the clone at every size.`;
  }
  return `Below ${formatValue(crossover, 'bytes')} a message costs more than the work it carries: batch small payloads. Above it the computation outweighs the copy, which still adds ${formatValue(ratio, 'share')} at ${formatValue(largest, 'bytes')}.`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
