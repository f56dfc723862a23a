// The messages between the extension and its webviews: discriminated unions on `type`. The webview's
// messages are untrusted input (a webview is a web page), so the extension validates every one with
// `parseWebviewMessage` before acting on it.
import type { LensDocument } from './lens-document';
import { COMPUTE_NS_RANGE } from './views/serialization-explorer';
import { SIMULATOR_RANGES } from './views/simulator-model';

/** Which view a panel shows. `report` is every view on one page: the exported HTML. */
export const PANEL_KINDS = ['profile', 'bench', 'tree', 'simulator', 'report'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** Extension → webview. */
export type ToWebview =
  | { type: 'show'; panel: PanelKind; document: LensDocument | null }
  /** A long job (profile, bench) started or ended in the extension: the panel says so. */
  | { type: 'busy'; text: string | null };

/** Webview → extension. */
export type FromWebview =
  /** The page loaded and listens: send it the document. */
  | { type: 'ready'; panel: PanelKind }
  /** A hotspot or a line to change was activated: open it in the editor. `file` as the report gives it. */
  | { type: 'openSource'; file: string; line: number; column?: number }
  | { type: 'openFlamegraph'; where: 'editor' | 'external' }
  | { type: 'runProfile' }
  | { type: 'runBenchmarks' }
  | { type: 'exportReport' }
  /** Switch this panel to another view (the tree's "see the charts" links). */
  | { type: 'showPanel'; panel: PanelKind };

/** What a webview keeps in `vscode.setState`: enough to restore it after a reload, never the report itself. */
export interface WebviewState {
  panel: PanelKind;
  /** Guided mode of the decision tree: the user's answers so far, by node id. */
  answers?: Record<string, 'yes' | 'no'>;
  /** The serialisation explorer's compute-per-byte setting, within COMPUTE_NS_RANGE. */
  computeNsPerByte?: number;
  /** The simulator's sliders, each within its SIMULATOR_RANGES entry and on its step. */
  sim?: { tasks: number; ioShare: number; workers: number };
  /** The decision tree with a profile: the measured path, or the reader answering the questions (guided). */
  treeMode?: 'measured' | 'guided';
}

const isPanel = (x: unknown): x is PanelKind => typeof x === 'string' && (PANEL_KINDS as readonly string[]).includes(x);
const isLine = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x < 10_000_000;
/** A file path as reports give them: relative or absolute, no NUL, not a URL with a scheme other than file. */
const isFilePath = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length < 4096 && !x.includes('\0') && !/^[a-z][a-z0-9+.-]+:\/\//i.test(x);

/** The message if it is one of `FromWebview` with valid fields (extra fields dropped); otherwise undefined. */
export function parseWebviewMessage(raw: unknown): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return isPanel(m.panel) ? { type: 'ready', panel: m.panel } : undefined;
    case 'openSource':
      if (!isFilePath(m.file) || !isLine(m.line)) return undefined;
      if (m.column !== undefined && !isLine(m.column)) return undefined;
      return m.column === undefined ? { type: 'openSource', file: m.file, line: m.line } : { type: 'openSource', file: m.file, line: m.line, column: m.column };
    case 'openFlamegraph':
      return m.where === 'editor' || m.where === 'external' ? { type: 'openFlamegraph', where: m.where } : undefined;
    case 'runProfile':
    case 'runBenchmarks':
    case 'exportReport':
      return { type: m.type };
    case 'showPanel':
      return isPanel(m.panel) ? { type: 'showPanel', panel: m.panel } : undefined;
    default:
      return undefined;
  }
}

/** The restorable part of a webview's saved state; anything else (or garbage) gives the fallback panel. */
export function parseWebviewState(raw: unknown, fallback: PanelKind): WebviewState {
  const s = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const state: WebviewState = { panel: isPanel(s.panel) ? s.panel : fallback };
  if (typeof s.answers === 'object' && s.answers !== null) {
    const answers = Object.fromEntries(Object.entries(s.answers).filter(([k, v]) => /^[a-z0-9-]{1,64}$/.test(k) && (v === 'yes' || v === 'no'))) as Record<string, 'yes' | 'no'>;
    if (Object.keys(answers).length) state.answers = answers;
  }
  // Out of the slider's range is not a setting the page could have saved: dropped, so the default shows.
  if (typeof s.computeNsPerByte === 'number' && s.computeNsPerByte >= COMPUTE_NS_RANGE.min && s.computeNsPerByte <= COMPUTE_NS_RANGE.max) state.computeNsPerByte = s.computeNsPerByte;
  const sim = parseSimSettings(s.sim);
  if (sim) state.sim = sim;
  if (s.treeMode === 'measured' || s.treeMode === 'guided') state.treeMode = s.treeMode;
  return state;
}

/** A slider's value: a number within its range and on one of its steps (as an input[type=range] gives it). */
function onSlider(x: unknown, r: { min: number; max: number; step: number }): x is number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < r.min || x > r.max) return false;
  const steps = (x - r.min) / r.step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** The simulator's three sliders, all valid, or nothing (extra fields dropped). */
function parseSimSettings(raw: unknown): WebviewState['sim'] {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { tasks, ioShare, workers } = raw as Record<string, unknown>;
  if (!onSlider(tasks, SIMULATOR_RANGES.tasks) || !Number.isInteger(tasks)) return undefined;
  if (!onSlider(workers, SIMULATOR_RANGES.workers) || !Number.isInteger(workers)) return undefined;
  if (!onSlider(ioShare, SIMULATOR_RANGES.ioShare)) return undefined;
  return { tasks, ioShare, workers };
}
