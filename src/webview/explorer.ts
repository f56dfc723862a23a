// The serialisation cost explorer: this machine's structured-clone cost against the computation a worker
// would do on the same payload, with a slider for the computation per byte (log scale) and presets. The
// crossover, the largest overhead and the best way to hand data over update as the slider moves; the
// setting is kept in the panel's state.
import type { BenchResult, TransferMode } from '../harness/result-types';
import { formatValue } from '../report/views/format';
import {
  COMPUTE_PRESETS,
  COMPUTE_RANGE,
  DEFAULT_COMPUTE_NS_PER_BYTE,
  exploreSerialization,
  nsPerByteAt,
  sliderPositionOf,
  type ExplorerView,
} from '../report/views/serialization-explorer';
import { renderChart } from './chart-render';
import { button, el } from './dom';
import type { Host } from './messaging';

const MODE_NAMES: Record<TransferMode, string> = {
  'structured-clone': 'Structured clone (plain postMessage)',
  'transfer-list': 'Transfer list',
  'shared-array-buffer': 'SharedArrayBuffer',
  // Python's modes: the explorer is not drawn for a Python run (bench-page.ts), named here for completeness.
  pickle: 'pickle to a process',
  'shared-memory': 'multiprocessing.shared_memory',
};

const nsText = (ns: number): string => `${ns} ns per byte`;

function readout(id: string, label: string): { box: HTMLElement; value: HTMLElement; detail: HTMLElement } {
  const value = el('div', { class: 'value', attrs: { id: `${id}-value` } });
  const detail = el('div', { class: 'detail muted' });
  const box = el('div', { class: 'readout', attrs: { id } }, el('div', { class: 'label', text: label }), value, detail);
  return { box, value, detail };
}

export function serializationExplorer(bench: BenchResult, host: Host): HTMLElement {
  const root = el('div', { class: 'explorer-body', attrs: { 'data-explorer': '' } });
  const ser = bench.serialization;
  if (!ser || !ser.points.length) {
    root.appendChild(el('p', { class: 'muted', text: 'The serialisation suite did not run on this machine, so there is no clone cost to explore: concurrency-lens bench --suite serialization.' }));
    return root;
  }
  root.appendChild(
    el('p', {
      class: 'muted',
      text: 'How much work per byte makes handing a payload to a worker worth its copy? Below the crossover a message costs more than the work it carries; the dashed line is the computation at the setting below.',
    }),
  );

  let ns = host.state.computeNsPerByte ?? DEFAULT_COMPUTE_NS_PER_BYTE;
  const sliderId = 'explorer-compute';
  const slider = el('input', {
    attrs: { type: 'range', id: sliderId, min: COMPUTE_RANGE.min, max: COMPUTE_RANGE.max, step: COMPUTE_RANGE.step, value: sliderPositionOf(ns) },
  });
  const shown = el('output', { attrs: { for: sliderId, id: `${sliderId}-output` } });
  const presets = COMPUTE_PRESETS.map((p) => {
    const b = button(p.label, () => setNs(p.nsPerByte), { class: 'btn secondary', title: `${nsText(p.nsPerByte)}: ${p.example}`, attrs: { 'data-preset': p.id, 'aria-pressed': 'false' } });
    return { preset: p, b };
  });
  root.appendChild(
    el(
      'div',
      'controls',
      el('label', { attrs: { for: sliderId } }, 'Computation per byte'),
      slider,
      shown,
      el('span', { class: 'presets', attrs: { role: 'group', 'aria-label': 'Presets' } }, ...presets.map((p) => p.b)),
    ),
  );

  const crossover = readout('explorer-crossover', 'Crossover point');
  const overhead = readout('explorer-overhead', 'Max overhead');
  const best = readout('explorer-best', 'Best method');
  root.appendChild(el('div', { class: 'readouts', attrs: { 'aria-live': 'polite' } }, crossover.box, overhead.box, best.box));

  const first = exploreSerialization(ser, ns);
  const { figure, handle } = renderChart(first.chart);
  figure.classList.add('wide');
  root.appendChild(figure);

  function show(view: ExplorerView): void {
    shown.textContent = nsText(view.computeNsPerByte);
    slider.setAttribute('aria-valuetext', nsText(view.computeNsPerByte));
    crossover.value.textContent = view.crossoverBytes === null ? 'none' : formatValue(view.crossoverBytes, 'bytes');
    crossover.detail.textContent = view.crossoverBytes === null ? 'The lines never cross.' : 'Below this, batch small payloads.';
    overhead.value.textContent = Number.isFinite(view.maxOverheadRatio) ? (view.maxOverheadRatio >= 1 ? formatValue(view.maxOverheadRatio, 'speedup') : formatValue(view.maxOverheadRatio, 'share')) : '–';
    overhead.detail.textContent = 'Clone round trip over the computation, at the largest size measured.';
    best.value.textContent = MODE_NAMES[view.bestMethod.mode];
    best.detail.textContent = view.bestMethod.why;
    for (const p of presets) p.b.setAttribute('aria-pressed', String(Math.abs(p.preset.nsPerByte - view.computeNsPerByte) < 1e-9));
  }

  function setNs(next: number, fromSlider = false): void {
    ns = next;
    if (!fromSlider) slider.value = String(sliderPositionOf(ns));
    const view = exploreSerialization(ser!, ns);
    handle?.update(view.chart);
    show(view);
    host.saveState({ computeNsPerByte: ns });
  }

  slider.addEventListener('input', () => setNs(nsPerByteAt(Number(slider.value)), true));
  show(first);
  return root;
}
