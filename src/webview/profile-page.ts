// The profile report: the verdict first (what the workload is and what to change, with the lines as
// jump-to-source buttons), then the four charts over the run, the hotspot table and the notes.
import type { LensDocument } from '../report/lens-document';
import type { ProfileReport } from '../report/profile-report';
import { formatValue } from '../report/views/format';
import { HOTSPOT_ROWS, profileView, scopeWords, type HotspotRow, type ProfileView, type VerdictView } from '../report/views/profile-view';
import { commandButton, emptyState, sourceLink } from './actions';
import { renderChart } from './chart-render';
import { button, el, section } from './dom';
import type { Host } from './messaging';

/** Charts that read better across the whole width: the time series. */
const WIDE_CHARTS = new Set(['loop-delay', 'utilisation']);

export function noProfile(host: Host): HTMLElement {
  return emptyState(host, 'No profile yet. Profile a workload to see whether it waits, computes or copies, and which concurrency model fits.', 'concurrency-lens profile SCRIPT', {
    label: 'Profile workload',
    message: { type: 'runProfile' },
  });
}

export function profilePage(doc: LensDocument | null, host: Host, opts: { headingLevel?: 1 | 2 } = {}): HTMLElement {
  const root = el('div', { class: 'view view-profile', attrs: { 'data-view': 'profile' } });
  if (opts.headingLevel !== 2) root.appendChild(el('h1', { text: 'Profile' }));
  if (!doc?.profile) {
    root.appendChild(noProfile(host));
    return root;
  }
  const view = profileView(doc.profile);
  root.appendChild(verdictHeader(view.verdict, host));
  root.appendChild(runLine(view, doc.profile, host));
  // In a panel: the other views of the same report, and the export. (The report page has them all already.)
  if (host.interactive && opts.headingLevel !== 2) {
    root.appendChild(
      el(
        'p',
        'tree-toolbar',
        commandButton(host, 'Show the decision path', { type: 'showPanel', panel: 'tree' }, true),
        commandButton(host, 'Export report', { type: 'exportReport' }, true),
      ),
    );
  }

  const charts = section('Over the run', 'profile-charts');
  const grid = el('div', 'charts');
  for (const spec of view.charts) {
    const { figure } = renderChart(spec);
    if (WIDE_CHARTS.has(spec.id)) figure.classList.add('wide');
    grid.appendChild(figure);
  }
  charts.body.appendChild(grid);
  root.appendChild(charts.root);

  root.appendChild(hotspotSection(view.hotspots, host));
  if (view.staticFindings.length || view.staticScope.elsewhere) root.appendChild(staticSection(view, host));
  if (view.notes.length) {
    const notes = section('Notes', 'profile-notes');
    notes.body.appendChild(el('ul', { class: 'notes' }, ...view.notes.map((n) => el('li', { text: n }))));
    root.appendChild(notes.root);
  }
  return root;
}

/** The verdict block: also the top of the decision-tree view and of the exported report. */
export function verdictHeader(v: VerdictView, host: Host): HTMLElement {
  const box = el('header', { class: `verdict type-${v.type}${v.alreadyRight ? ' already-right' : ''}`, attrs: { 'aria-label': 'Verdict' } });
  box.appendChild(el('p', { class: 'headline', text: v.headline }));
  box.appendChild(
    el(
      'p',
      'meta',
      el('span', { class: 'badge', text: v.type }),
      v.closestCall
        ? el('span', {
            class: 'badge margin',
            text: `closest call: step ${v.closestCall.step}, ${v.closestCall.margin.side === 'unmeasured' ? 'not measured' : `margin ${v.closestCall.margin.distanceText}`}`,
            attrs: { title: `Step ${v.closestCall.step} (${v.closestCall.question}): the deciding measurement was ${v.closestCall.margin.text}. Every other step was further from changing its answer.` },
          })
        : null,
      el('span', { class: 'badge', text: `model: ${v.model}` }),
      v.alreadyRight ? el('span', { class: 'badge', text: 'already the right model' }) : null,
    ),
  );
  box.appendChild(el('h2', { text: v.title }));
  box.appendChild(el('p', { text: v.summary }));
  if (v.lines.length) {
    box.appendChild(el('h3', { text: 'Lines to change' }));
    const list = el('ul', 'lines-to-change');
    for (const line of v.lines) {
      list.appendChild(
        el(
          'li',
          {},
          sourceLink(host, line.file, line.line),
          line.function ? el('code', { class: 'fn', text: ` ${line.function}` }) : null,
          el('span', { class: 'why', text: `— ${line.why}` }),
          line.source !== 'runtime' ? el('span', { class: 'badge', text: line.source === 'both' ? 'profile + analysis' : 'analysis' }) : null,
        ),
      );
    }
    box.appendChild(list);
  }
  if (v.idiom.code) {
    box.appendChild(el('h3', { text: v.idiom.title }));
    box.appendChild(el('pre', {}, el('code', { class: 'language-js', text: v.idiom.code })));
  }
  return box;
}

function runLine(view: ProfileView, report: ProfileReport, host: Host): HTMLElement {
  const p = el('div', 'run-line');
  p.appendChild(el('p', { class: 'muted', text: `${view.run.command} · ${formatValue(view.run.wallMs, 'ms')} · exit ${view.run.exitCode ?? 'signal'}` }));
  const flame = report.flamegraph;
  if (flame?.htmlFile) {
    if (host.interactive) {
      p.appendChild(
        el(
          'p',
          {},
          commandButton(host, 'Open flamegraph', { type: 'openFlamegraph', where: 'editor' }),
          commandButton(host, 'Open flamegraph in browser', { type: 'openFlamegraph', where: 'external' }, true),
        ),
      );
    } else {
      p.appendChild(el('p', { class: 'muted' }, 'Flamegraph: ', el('code', { text: flame.htmlFile })));
    }
  } else if (flame?.error) {
    p.appendChild(el('p', { class: 'muted', text: `No flamegraph: ${flame.error}` }));
  }
  return p;
}

function hotspotSection(rows: HotspotRow[], host: Host): HTMLElement {
  const s = section('Hotspots', 'profile-hotspots');
  if (!rows.length) {
    s.body.appendChild(el('p', { class: 'muted', text: 'No line of the workload took a noticeable share of the CPU.' }));
    return s.root;
  }
  s.body.appendChild(el('p', { class: 'muted', text: host.interactive ? 'Where the main thread and workers spent their time. Each location opens the line in the editor.' : 'Where the main thread and workers spent their time.' }));
  const table = el('table', { class: 'hotspots', attrs: { id: 'hotspot-table' } });
  // A column that says the same on every row is said once in the caption instead, so the table fits a
  // panel beside the code.
  const showThread = rows.some((h) => h.thread !== 'main' || h.process !== 'workload');
  // Whose process: a child's time is the workload's doing; another process's (a launcher, a load client) is not.
  const threadOf = (h: HotspotRow): string => (h.process === 'workload' ? h.thread : h.process === 'child' ? `child process, ${h.thread}` : 'other process');
  const analysisOf = (h: HotspotRow): string => h.staticRule ?? (h.source === 'both' ? 'also found' : '—');
  const showAnalysis = rows.some((h) => analysisOf(h) !== '—');
  const caption = `Hotspots by self time${showThread ? '' : ', all on the main thread'}${showAnalysis ? '' : '; none matches a static finding'}`;
  table.appendChild(el('caption', { text: caption }));
  const columns: [string, boolean, boolean][] = [
    ['Location', false, true],
    ['Function', false, true],
    ['Self', true, true],
    ['In long stalls', true, true],
    ['Share of run', true, true],
    ['Through', false, true],
    ['Thread', false, showThread],
    ['Analysis', false, showAnalysis],
  ];
  const head = el('tr');
  for (const [c, num, shown] of columns) if (shown) head.appendChild(el('th', { text: c, class: num ? 'num' : undefined, attrs: { scope: 'col' } }));
  table.appendChild(el('thead', {}, head));
  const body = el('tbody');
  rows.forEach((h, i) => {
    // The first HOTSPOT_ROWS rows show; the rest wait behind "Show all", so no row is ever cut in half.
    const tr = el('tr', { attrs: { 'data-file': h.file, 'data-line': h.line, hidden: i >= HOTSPOT_ROWS } });
    // The row's header cell is its location: a button in a panel, so the whole table works from the keyboard.
    tr.appendChild(el('th', { attrs: { scope: 'row' } }, sourceLink(host, h.file, h.line, h.column)));
    tr.appendChild(el('td', { class: 'fn' }, el('code', { text: h.function })));
    tr.appendChild(el('td', { class: 'num', text: formatValue(h.selfMs, 'ms') }));
    tr.appendChild(el('td', { class: 'num', text: formatValue(h.blockedMs, 'ms') }));
    tr.appendChild(el('td', { class: 'num', text: formatValue(h.shareOfWall, 'share') }));
    tr.appendChild(el('td', { text: h.via || '—' }));
    if (showThread) tr.appendChild(el('td', { text: threadOf(h) }));
    if (showAnalysis) tr.appendChild(el('td', { text: analysisOf(h) }));
    body.appendChild(tr);
  });
  table.appendChild(body);
  s.body.appendChild(el('div', 'table-wide', table));
  if (rows.length > HOTSPOT_ROWS) {
    const more = button(`Show all ${rows.length} hotspots`, () => {
      const open = more.getAttribute('aria-expanded') === 'true';
      body.querySelectorAll<HTMLTableRowElement>('tr').forEach((tr, i) => (tr.hidden = open && i >= HOTSPOT_ROWS));
      more.setAttribute('aria-expanded', String(!open));
      more.textContent = open ? `Show all ${rows.length} hotspots` : `Show the top ${HOTSPOT_ROWS} only`;
    }, { class: 'btn secondary show-all', attrs: { 'aria-expanded': 'false', 'aria-controls': 'hotspot-table' } });
    s.body.appendChild(el('p', {}, more));
  }
  return s.root;
}

function staticSection(view: ProfileView, host: Host): HTMLElement {
  const rows = view.staticFindings;
  const { folder, elsewhere, script } = view.staticScope;
  const where = script !== undefined ? scopeWords(view.staticScope) : folder === '.' ? 'the workload’s folder' : `the workload’s folder, ${folder}/`;
  const s = section(`Static findings (${rows.length})`, 'profile-static');
  // Say what the count covers: the editor's report carries the whole workspace's findings, and only the
  // files the workload loads (else its folder) are listed here.
  const rest = elsewhere ? ` ${elsewhere} more elsewhere in the workspace are not listed${host.interactive ? ' (the Problems panel has them)' : ''}.` : '';
  s.body.appendChild(el('p', { class: 'muted static-scope', text: `${rows.length} ${rows.length === 1 ? 'finding' : 'findings'} in ${where}.${rest}` }));
  if (!rows.length) return s.root;
  const details = el('details', {}, el('summary', { text: `What the analyser found in ${where}` }));
  const table = el('table', { class: 'static-findings' });
  table.appendChild(el('caption', { text: 'Static findings, with the profile’s time where a hotspot matches' }));
  const head = el('tr');
  for (const c of ['Location', 'Rule', 'Severity', 'Message', 'Measured']) head.appendChild(el('th', { text: c, attrs: { scope: 'col' } }));
  table.appendChild(el('thead', {}, head));
  const body = el('tbody');
  for (const f of rows) {
    body.appendChild(
      el(
        'tr',
        {},
        el('th', { attrs: { scope: 'row' } }, sourceLink(host, f.file, f.line, f.column)),
        el('td', {}, el('code', { text: f.rule })),
        el('td', { text: f.severity }),
        el('td', { text: f.message }),
        el('td', { class: 'num', text: f.runtimeMs === undefined ? '—' : formatValue(f.runtimeMs, 'ms') }),
      ),
    );
  }
  table.appendChild(body);
  details.appendChild(el('div', 'table-wide', table));
  s.body.appendChild(details);
  return s.root;
}

