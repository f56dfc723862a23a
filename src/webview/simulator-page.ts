// The concurrency simulator (the seed article's, for Node's models): identical tasks, each an I/O wait
// then CPU work, scheduled on one event loop, on a worker pool fed by structured clone, and on workers
// reading shared memory, drawn as lanes on one time scale so the makespans compare at a glance. Sliders
// set the task count, the I/O share and the workers. The animation sweeps a time cursor across; with
// prefers-reduced-motion the final state is drawn at once. The sliders' values are kept in the panel's
// state, so a new document (a live 'show') or a reload draws the simulator as the reader left it.
import { formatValue } from '../report/views/format';
import { SIM_MODELS, SIMULATOR_DEFAULTS, SIMULATOR_RANGES, simulate, type SimModel, type Simulation, type SimulationInput } from '../report/views/simulator-model';
import { button, el } from './dom';
import type { Host } from './messaging';
import { prefersReducedMotion, readTheme, THEME_EVENT, withAlpha, type Theme } from './theme';

const MODEL_TITLES: Record<SimModel, string> = {
  'event-loop': 'Event loop only',
  'worker-pool': 'Worker pool (structured clone)',
  'shared-memory': 'Workers on shared memory',
};
const ANIMATION_MS = 3500;

/**
 * One ResizeObserver and one theme listener per page, for whichever simulator is on it now. A redraw
 * (every 'show') builds a new simulator; it takes them over instead of adding more, and the old canvas,
 * off the page, is painted no more.
 */
let current: { box: HTMLElement; canvas: HTMLCanvasElement; paint(): void } | undefined;
let resizeObserver: ResizeObserver | undefined;
let themeListening = false;

function attach(sim: { box: HTMLElement; canvas: HTMLCanvasElement; paint(): void }): void {
  if (current) resizeObserver?.unobserve(current.box);
  current = sim;
  resizeObserver ??= new ResizeObserver(() => current?.canvas.isConnected && current.paint());
  resizeObserver.observe(sim.box);
  if (!themeListening) {
    themeListening = true;
    window.addEventListener(THEME_EVENT, () => current?.canvas.isConnected && current.paint());
  }
}

export function simulatorPage(host: Host, opts: { headingLevel?: 1 | 2 } = {}): HTMLElement {
  const root = el('div', { class: 'view view-simulator', attrs: { 'data-view': 'simulator' } });
  if (opts.headingLevel !== 2) root.appendChild(el('h1', { text: 'Concurrency simulator' }));
  root.appendChild(el('p', { class: 'muted', text: 'Identical tasks, each an I/O wait and then CPU work, flowing through three models side by side. Blue is waiting on I/O (the loop is free), orange is CPU work, red is copying data to a worker.' }));

  // The saved sliders (parseWebviewState checked them against SIMULATOR_RANGES), else the defaults.
  const saved = host.state.sim;
  const input: SimulationInput = saved
    ? { ...saved }
    : { tasks: SIMULATOR_DEFAULTS.tasks, ioShare: SIMULATOR_DEFAULTS.ioShare, workers: SIMULATOR_DEFAULTS.workers };
  const controls = el('div', 'controls');
  const slider = (key: 'tasks' | 'ioShare' | 'workers', label: string, format: (v: number) => string): void => {
    const r = SIMULATOR_RANGES[key];
    const id = `sim-${key}`;
    const input_ = el('input', { attrs: { type: 'range', id, min: r.min, max: r.max, step: r.step, value: input[key] } });
    const out = el('output', { text: format(input[key]), attrs: { for: id, id: `${id}-output` } });
    input_.setAttribute('aria-valuetext', format(input[key]));
    input_.addEventListener('input', () => {
      input[key] = Number(input_.value);
      out.textContent = format(input[key]);
      input_.setAttribute('aria-valuetext', format(input[key]));
      host.saveState({ sim: { tasks: input.tasks, ioShare: input.ioShare, workers: input.workers } });
      run();
    });
    // Label, slider and value wrap as one, so a narrow panel never leaves a value on a line of its own.
    controls.appendChild(el('span', 'control', el('label', { attrs: { for: id } }, label), input_, out));
  };
  slider('tasks', 'Tasks', (v) => String(v));
  slider('ioShare', 'I/O share', (v) => formatValue(v, 'share'));
  slider('workers', 'Workers', (v) => String(v));
  controls.appendChild(button('Replay', () => run(), { class: 'btn secondary', attrs: { 'data-action': 'replay' } }));
  root.appendChild(controls);

  root.appendChild(
    el('p', { class: 'legend' }, el('span', {}, el('span', 'swatch io'), 'I/O wait'), el('span', {}, el('span', 'swatch cpu'), 'CPU work'), el('span', {}, el('span', 'swatch copy'), 'Copy / setup')),
  );
  const canvas = el('canvas', { attrs: { role: 'img', id: 'sim-canvas' } }, 'The schedule of each model; the results table follows.');
  const box = el('div', { class: 'sim-canvas-box' }, canvas);
  root.appendChild(box);
  const results = el('div', { class: 'sim-results', attrs: { 'aria-live': 'polite' } });
  root.appendChild(results);
  const caveat = el('p', { class: 'muted' });
  root.appendChild(caveat);

  let sim: Simulation = simulate(input);
  let started = 0;
  let frame = 0;
  /** How far the current animation has got, 0..1; 1 when it is over (or never ran). */
  let progress = 1;

  const paint = (): void => drawSimulation(canvas, sim, readTheme(), progress);
  const tick = (now: number): void => {
    if (!canvas.isConnected) return;
    progress = Math.min(1, (now - started) / ANIMATION_MS);
    paint();
    if (progress < 1) frame = requestAnimationFrame(tick);
  };

  function run(): void {
    sim = simulate(input);
    results.replaceChildren(resultsTable(sim));
    caveat.textContent = sim.caveat;
    canvas.setAttribute('aria-label', describe(sim));
    box.style.height = `${canvasHeight(sim)}px`;
    cancelAnimationFrame(frame);
    if (prefersReducedMotion() || !canvas.isConnected) {
      progress = 1;
      paint();
      return;
    }
    progress = 0;
    started = performance.now();
    frame = requestAnimationFrame(tick);
  }

  // Sized and first drawn once on the page; repainted where it is when resized or re-themed.
  attach({ box, canvas, paint });
  requestAnimationFrame(run);
  results.replaceChildren(resultsTable(sim));
  caveat.textContent = sim.caveat;
  canvas.setAttribute('aria-label', describe(sim));
  box.style.height = `${canvasHeight(sim)}px`;
  return root;
}

const LANE_GAP = 2;
const HEADER_H = 20;
const AXIS_H = 22;
const LABEL_W = 74;

function laneHeight(workers: number): number {
  return workers <= 4 ? 16 : workers <= 8 ? 11 : 7;
}

function canvasHeight(sim: Simulation): number {
  const lane = laneHeight(sim.input.workers) + LANE_GAP;
  return SIM_MODELS.reduce((h, m) => h + HEADER_H + sim.models[m].threads.length * lane + 8, 0) + AXIS_H;
}

function describe(sim: Simulation): string {
  const parts = SIM_MODELS.map((m) => `${MODEL_TITLES[m]}: ${formatValue(sim.models[m].makespanMs, 'ms')}, ${formatValue(sim.models[m].speedup, 'speedup')}`);
  return `Simulated schedules of ${sim.input.tasks} tasks, ${formatValue(sim.input.ioShare, 'share')} I/O, ${sim.input.workers} workers. ${parts.join('; ')}.`;
}

function resultsTable(sim: Simulation): HTMLElement {
  const table = el('table', { class: 'sim-table', attrs: { id: 'sim-table' } });
  table.appendChild(el('caption', { text: `${sim.input.tasks} tasks of ${formatValue(sim.input.taskMs, 'ms')}, ${formatValue(sim.input.ioShare, 'share')} of each waiting on I/O, ${sim.input.workers} workers` }));
  const head = el('tr');
  for (const c of ['Model', 'Makespan', 'Throughput', 'Speedup', 'Main thread blocked']) head.appendChild(el('th', { text: c, attrs: { scope: 'col' } }));
  table.appendChild(el('thead', {}, head));
  const body = el('tbody');
  for (const m of SIM_MODELS) {
    const r = sim.models[m];
    body.appendChild(
      el(
        'tr',
        { attrs: { 'data-model': m } },
        el('th', { text: MODEL_TITLES[m], attrs: { scope: 'row' } }),
        el('td', { class: 'num makespan', text: formatValue(r.makespanMs, 'ms') }),
        el('td', { class: 'num', text: `${formatValue(r.throughput, 'count')} tasks/s` }),
        el('td', { class: 'num', text: formatValue(r.speedup, 'speedup') }),
        el('td', { class: 'num', text: formatValue(r.mainBlockedShare, 'share') }),
      ),
    );
  }
  table.appendChild(body);
  return table;
}

/** Draws every model's lanes up to `progress` (0..1) of the longest makespan, on one shared time scale. */
function drawSimulation(canvas: HTMLCanvasElement, sim: Simulation, theme: Theme, progress: number): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (!w || !h) return;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const span = Math.max(1, ...SIM_MODELS.map((m) => sim.models[m].makespanMs));
  const now = span * progress;
  const plotW = w - LABEL_W - 12;
  const xOf = (ms: number): number => LABEL_W + (ms / span) * plotW;
  const laneH = laneHeight(sim.input.workers);
  const colors = { io: theme.colors.blue, cpu: theme.colors.orange, copy: theme.colors.red };
  ctx.font = `${Math.round(theme.fontSize * 0.92)}px ${theme.fontFamily}`;
  ctx.textBaseline = 'middle';

  let y = 0;
  for (const m of SIM_MODELS) {
    const r = sim.models[m];
    ctx.fillStyle = theme.text;
    ctx.textAlign = 'left';
    ctx.fillText(`${MODEL_TITLES[m]} — ${formatValue(r.makespanMs, 'ms')}${r.speedup !== 1 ? ` (${formatValue(r.speedup, 'speedup')})` : ''}`, 4, y + HEADER_H / 2);
    y += HEADER_H;
    r.threads.forEach((thread, lane) => {
      const top = y + lane * (laneH + LANE_GAP);
      ctx.fillStyle = withAlpha(theme.muted, 0.1);
      ctx.fillRect(LABEL_W, top, plotW, laneH);
      if (laneH >= 10 || lane === 0 || lane === r.threads.length - 1) {
        ctx.fillStyle = theme.muted;
        ctx.textAlign = 'right';
        ctx.fillText(thread, LABEL_W - 6, top + laneH / 2);
      }
      for (const b of r.blocks) {
        if (b.thread !== thread || b.startMs >= now) continue;
        const end = Math.min(b.endMs, now);
        const x0 = xOf(b.startMs);
        const x1 = Math.max(x0 + 1, xOf(end));
        // I/O waits overlap (the loop is free meanwhile): a thin translucent band under the lane's work.
        if (b.kind === 'io') {
          ctx.fillStyle = withAlpha(colors.io, 0.55);
          ctx.fillRect(x0, top + laneH * 0.65, x1 - x0, laneH * 0.35);
        } else {
          ctx.fillStyle = colors[b.kind];
          ctx.fillRect(x0, top, x1 - x0, laneH * (b.thread === 'main' ? 0.62 : 1));
          // A hairline between consecutive tasks, so a run of blocks reads as tasks.
          if (x1 - x0 > 3) {
            ctx.fillStyle = withAlpha(theme.background, 0.9);
            ctx.fillRect(x1 - 0.75, top, 0.75, laneH * (b.thread === 'main' ? 0.62 : 1));
          }
        }
      }
    });
    y += r.threads.length * (laneH + LANE_GAP) + 8;
  }
  // Time axis and the cursor.
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  ctx.moveTo(LABEL_W, y + 2);
  ctx.lineTo(LABEL_W + plotW, y + 2);
  ctx.stroke();
  ctx.fillStyle = theme.muted;
  for (let k = 0; k <= 4; k++) {
    const ms = (span * k) / 4;
    ctx.textAlign = k === 0 ? 'left' : k === 4 ? 'right' : 'center';
    ctx.fillText(formatValue(ms, 'ms'), xOf(ms), y + 12);
  }
  if (progress < 1) {
    ctx.strokeStyle = theme.text;
    ctx.beginPath();
    ctx.moveTo(xOf(now), 0);
    ctx.lineTo(xOf(now), y);
    ctx.stroke();
  }
}
