'use strict';
// Just enough of the `vscode` module for activate() to run outside VS Code, for timing activation.
// Anything not spelled out is a callable, constructible proxy that returns more of the same.
const path = require('node:path');

const anything = () =>
  new Proxy(function stub() {}, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : anything()),
    set: () => true,
    apply: () => anything(),
    construct: () => anything(),
  });

class Uri {
  constructor(fsPath) {
    this.fsPath = fsPath;
    this.scheme = 'file';
  }
  static file(p) {
    return new Uri(p);
  }
  static joinPath(base, ...parts) {
    return new Uri(path.join(base.fsPath, ...parts));
  }
  static from(parts) {
    const u = new Uri(parts.path ?? '');
    u.scheme = parts.scheme ?? 'file';
    return u;
  }
  toString() {
    return `file://${this.fsPath}`;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (l) => {
      this.listeners.push(l);
      return { dispose() {} };
    };
  }
  fire(v) {
    for (const l of this.listeners) l(v);
  }
  dispose() {}
}

const disposable = () => ({ dispose() {} });
class Disposable {
  static from(...items) {
    return { dispose: () => items.forEach((d) => d?.dispose?.()) };
  }
}
const config = { get: (_key, fallback) => fallback };

module.exports = new Proxy(
  {
    Uri,
    EventEmitter,
    Disposable,
    workspace: new Proxy(
      { workspaceFolders: undefined, isTrusted: true, getConfiguration: () => config },
      { get: (t, k) => (k in t ? t[k] : k.startsWith('onDid') ? disposable : anything()) },
    ),
    window: new Proxy({ activeTextEditor: undefined }, { get: (t, k) => (k in t ? t[k] : anything()) }),
    languages: new Proxy({}, { get: () => () => ({ dispose() {}, clear() {}, set() {} }) }),
    commands: { registerCommand: disposable, executeCommand: async () => undefined },
    // Bundlers copy a module's own properties when they import it, so every name used must be one.
    ...Object.fromEntries(
      ['CodeActionKind', 'StatusBarAlignment', 'ProgressLocation', 'DiagnosticSeverity', 'ViewColumn', 'CodeLens', 'Range', 'Position', 'CodeAction', 'WorkspaceEdit', 'MarkdownString', 'Diagnostic', 'DiagnosticRelatedInformation', 'Location', 'TabInputText'].map((k) => [k, anything()]),
    ),
  },
  { get: (t, k) => (k in t ? t[k] : anything()) },
);
