import type { BenchResult } from '../harness/result-types';
import { el } from './dom';
import type { Host } from './messaging';
export function serializationExplorer(_bench: BenchResult, _host: Host): HTMLElement {
  return el('p', { text: 'explorer: placeholder' });
}
