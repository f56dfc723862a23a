// The benchmark results of this machine: the machine line, the five charts, and the serialisation
// explorer under the serialisation chart.
import type { LensDocument } from '../report/lens-document';
import { benchView } from '../report/views/bench-view';
import { emptyState } from './actions';
import { renderChart } from './chart-render';
import { el, section } from './dom';
import { serializationExplorer } from './explorer';
import type { Host } from './messaging';

export function noBench(host: Host): HTMLElement {
  return emptyState(host, 'No benchmark results for this machine yet. The benchmarks measure worker start-up, CPU scaling, the copy tax and the hybrid pipeline here.', 'concurrency-lens bench --quick', {
    label: 'Run benchmarks',
    message: { type: 'runBenchmarks' },
  });
}

export function benchPage(doc: LensDocument | null, host: Host, opts: { headingLevel?: 1 | 2 } = {}): HTMLElement {
  const root = el('div', { class: 'view view-bench', attrs: { 'data-view': 'bench' } });
  if (opts.headingLevel !== 2) root.appendChild(el('h1', { text: 'Benchmarks' }));
  const bench = doc?.bench;
  if (!bench) {
    root.appendChild(noBench(host));
    return root;
  }
  const view = benchView(bench);
  root.appendChild(el('p', { class: 'machine muted', text: view.machine }));
  if (doc.benchSource?.file) root.appendChild(el('p', { class: 'muted' }, 'From ', el('code', { text: doc.benchSource.file })));

  const grid = el('div', 'charts');
  for (const spec of view.charts) grid.appendChild(renderChart(spec).figure);
  root.appendChild(grid);

  // The explorer models Node's three ways of moving a payload; a Python run's pickle and shared_memory are in the chart.
  if (bench.language !== 'python') {
    const explorer = section('Serialisation cost explorer', 'bench-explorer');
    explorer.root.classList.add('explorer');
    explorer.body.appendChild(serializationExplorer(bench, host));
    root.appendChild(explorer.root);
  }

  if (view.notes.length) {
    const notes = section('Notes', 'bench-notes');
    notes.body.appendChild(el('ul', { class: 'notes' }, ...view.notes.map((n) => el('li', { text: n }))));
    root.appendChild(notes.root);
  }
  return root;
}
