// The exported report: every view on one page, with a small navigation. The header says what was
// profiled and when; the sections are the panels' own views with their headings one level down.
import type { LensDocument } from '../report/lens-document';
import { benchPage } from './bench-page';
import { el } from './dom';
import type { Host } from './messaging';
import { profilePage } from './profile-page';
import { simulatorPage } from './simulator-page';
import { treePage } from './tree-page';

const PARTS = [
  { id: 'profile', title: 'Profile', draw: (doc: LensDocument | null, host: Host) => profilePage(doc, host, { headingLevel: 2 }) },
  { id: 'tree', title: 'Decision tree', draw: (doc: LensDocument | null, host: Host) => treePage(doc, host, { headingLevel: 2 }) },
  { id: 'bench', title: 'Benchmarks', draw: (doc: LensDocument | null, host: Host) => benchPage(doc, host, { headingLevel: 2 }) },
  { id: 'simulator', title: 'Simulator', draw: (_doc: LensDocument | null, host: Host) => simulatorPage(host, { headingLevel: 2 }) },
] as const;

export function reportPage(doc: LensDocument | null, host: Host): HTMLElement {
  const root = el('div', { class: 'view view-report', attrs: { 'data-view': 'report' } });
  const header = el('header', 'report-header', el('h1', { text: 'Concurrency Lens report' }));
  if (doc) {
    const what = doc.profile ? doc.profile.command.join(' ') : 'no profile';
    header.appendChild(el('p', { class: 'muted', text: `${what} · ${new Date(doc.createdAt).toLocaleString()} · concurrency-lens ${doc.version}` }));
  }
  root.appendChild(header);
  const nav = el('nav', { class: 'report-nav', attrs: { 'aria-label': 'Sections' } });
  for (const p of PARTS) nav.appendChild(el('a', { text: p.title, attrs: { href: `#${p.id}` } }));
  root.appendChild(nav);
  for (const p of PARTS) {
    const s = el('section', { class: 'report-part', attrs: { id: p.id, 'aria-labelledby': `${p.id}-title` } });
    s.appendChild(el('h1', { text: p.title, attrs: { id: `${p.id}-title` } }));
    s.appendChild(p.draw(doc, host));
    root.appendChild(s);
  }
  return root;
}
