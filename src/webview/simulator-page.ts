import { el } from './dom';
import type { Host } from './messaging';
export function simulatorPage(_host: Host, _opts: { headingLevel?: 1 | 2 } = {}): HTMLElement {
  return el('p', { text: 'simulator: placeholder' });
}
