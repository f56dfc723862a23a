import type { LensDocument } from '../report/lens-document';
import { el } from './dom';
import type { Host } from './messaging';
export function treePage(_doc: LensDocument | null, _host: Host, _opts: { headingLevel?: 1 | 2 } = {}): HTMLElement {
  return el('p', { text: 'tree: placeholder' });
}
