// A chart's numbers as a real table, behind a "Show data" disclosure: what a screen reader gets instead
// of the canvas, and what anyone can read exact values from.
import type { TableSpec } from '../report/views/chart-spec';
import { el } from './dom';

const cellText = (v: string | number): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000)) : v);

export function renderDataTable(spec: TableSpec, id: string): HTMLDetailsElement {
  const table = el('table', { class: 'data-table', attrs: { id } });
  table.appendChild(el('caption', { text: spec.caption }));
  const headRow = el('tr');
  for (const c of spec.columns) headRow.appendChild(el('th', { text: c, attrs: { scope: 'col' } }));
  table.appendChild(el('thead', {}, headRow));
  const body = el('tbody');
  for (const row of spec.rows) {
    const tr = el('tr');
    row.forEach((v, i) => tr.appendChild(i === 0 ? el('th', { text: cellText(v), attrs: { scope: 'row' } }) : el('td', { text: cellText(v), class: typeof v === 'number' ? 'num' : undefined })));
    body.appendChild(tr);
  }
  table.appendChild(body);
  return el('details', { class: 'show-data' }, el('summary', { text: `Show data (${spec.rows.length} rows)` }), el('div', 'table-scroll', table));
}
