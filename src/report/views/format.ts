// Numbers as people read them. Axis ticks, tooltips and tables all go through `formatValue`, so a figure
// reads the same wherever it shows; specs keep raw numbers rounded by `sig3`, the text is made at the end.
import type { Unit } from './chart-spec';

/** Three significant figures: enough to read a chart, few enough that tests and tables stay stable. */
export function sig3(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(3));
}

const trimmed = (x: number, digits = 3): string => String(Number(x.toPrecision(digits)));

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function formatBytes(n: number): string {
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < BINARY_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const sign = n < 0 ? '-' : '';
  return i === 0 ? `${sign}${Math.round(v)} B` : `${sign}${trimmed(v)} ${BINARY_UNITS[i]}`;
}

function formatMs(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${trimmed(ms / 1000)} s`;
  if (ms === 0) return '0 ms';
  return `${trimmed(ms)} ms`;
}

function formatShare(share: number): string {
  const pct = share * 100;
  // Below 1 % a rounded "0 %" would hide that there was something.
  return Math.abs(pct) < 1 && pct !== 0 ? `${trimmed(pct, 1)} %` : `${Math.round(pct)} %`;
}

function formatCount(n: number): string {
  // Counts in the thousands keep every digit ("1,234"); small fractional counts (a mean in flight) keep three figures.
  const v = Math.abs(n) >= 1000 ? Math.round(n) : Number(n.toPrecision(3));
  return v.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

const FORMATTERS: Record<Unit, (v: number) => string> = {
  ms: formatMs,
  s: (s) => `${trimmed(s, s !== 0 && Math.abs(s) < 10 ? 2 : 3)} s`,
  bytes: formatBytes,
  share: formatShare,
  cores: (c) => `${trimmed(c, 2)} ${c === 1 ? 'core' : 'cores'}`,
  speedup: (x) => `${trimmed(x)}×`,
  qps: (q) => `${trimmed(q)} q/s`,
  count: formatCount,
};

/** `12 ms`, `1.24 s`, `23.8 MiB`, `42 %`, `1.3 cores`, `1.81×`, `31.4 q/s`, `1,234`; a dash for a missing or non-finite value. */
export function formatValue(value: number, unit: Unit): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return FORMATTERS[unit](value);
}
