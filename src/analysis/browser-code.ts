// Browser code among a service's sources: a file that touches the page (`document.…`, `window.…`) and nothing of
// Node's. Its click, keydown and socket.io-client listeners run in a browser tab, not on the service's event loop, so
// they are not entries (hot-paths.ts). Etherpad keeps its editor's browser code in src/static/js beside the changeset
// code its server runs: the nine findings that came from browser listeners there were all judged minor or harmless.
// Code that checks `typeof window` runs in both and is not browser code; neither is a file that imports a Node module
// or reads `process`, `Buffer` or `__dirname`.
import { ts } from './typescript';
import type { Scope } from './bindings';

export interface RuntimeEvidence {
  /** A global `document` or `window` is read. */
  page: boolean;
  /** Something only Node has: a built-in module, `process`, `Buffer`, `__dirname`, or a `typeof window` guard. */
  node: boolean;
}

const PAGE_GLOBALS = new Set(['document', 'window']);
const NODE_GLOBALS = new Set(['process', 'Buffer', '__dirname', '__filename']);

/** `document.getElementById(...)`, `process.env.X`: the base of a property read, when the file does not declare it. */
export function notePropertyBase(evidence: RuntimeEvidence, node: ts.PropertyAccessExpression, scope: Scope): void {
  const base = node.expression;
  if (!ts.isIdentifier(base) || scope.lookup(base.text) !== undefined) return;
  if (PAGE_GLOBALS.has(base.text)) evidence.page = true;
  else if (NODE_GLOBALS.has(base.text)) evidence.node = true;
}

/** `typeof window !== 'undefined'`: code written to run in both. */
export function noteTypeofGuard(evidence: RuntimeEvidence, node: ts.TypeOfExpression): void {
  if (ts.isIdentifier(node.expression) && PAGE_GLOBALS.has(node.expression.text)) evidence.node = true;
}

export function isBrowserOnly(evidence: RuntimeEvidence): boolean {
  return evidence.page && !evidence.node;
}
