// Which view a panel kind draws. `report` is every view on one page (the exported file).
import type { LensDocument } from '../report/lens-document';
import type { PanelKind } from '../report/webview-protocol';
import { benchPage } from './bench-page';
import type { Host } from './messaging';
import { profilePage } from './profile-page';
import { reportPage } from './report-page';
import { simulatorPage } from './simulator-page';
import { treePage } from './tree-page';

export function renderView(panel: PanelKind, doc: LensDocument | null, host: Host): HTMLElement {
  switch (panel) {
    case 'profile':
      return profilePage(doc, host);
    case 'bench':
      return benchPage(doc, host);
    case 'tree':
      return treePage(doc, host);
    case 'simulator':
      return simulatorPage(host);
    case 'report':
      return reportPage(doc, host);
  }
}
