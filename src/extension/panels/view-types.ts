// The editor's webview panels: one per view kind, each with its own view type, so VS Code can restore
// each one after a reload through its own serializer (and activate us for it with onWebviewPanel:<type>).
// No `vscode` import: the manifest test reads these to check the activation events.
import type { PanelKind } from '../../report/webview-protocol';

/** The views that get a panel of their own. `report` (every view on one page) is only the exported file. */
export const EDITOR_PANEL_KINDS = ['profile', 'bench', 'tree', 'simulator'] as const satisfies readonly PanelKind[];
export type EditorPanelKind = (typeof EDITOR_PANEL_KINDS)[number];

export const VIEW_TYPES: Readonly<Record<EditorPanelKind, string>> = {
  profile: 'concurrencyLens.profileReport',
  bench: 'concurrencyLens.benchmarks',
  tree: 'concurrencyLens.decisionTree',
  simulator: 'concurrencyLens.simulator',
};

export const PANEL_TITLES: Readonly<Record<EditorPanelKind, string>> = {
  profile: 'Concurrency Lens: Profile Report',
  bench: 'Concurrency Lens: Benchmarks',
  tree: 'Concurrency Lens: Recommendation',
  simulator: 'Concurrency Lens: Concurrency Simulator',
};

/** 0x's flamegraph page: a panel of its own (see flamegraph-panel.ts), never restored after a reload. */
export const FLAMEGRAPH_VIEW_TYPE = 'concurrencyLens.flamegraph';

export const isEditorPanelKind = (kind: string): kind is EditorPanelKind => (EDITOR_PANEL_KINDS as readonly string[]).includes(kind);
