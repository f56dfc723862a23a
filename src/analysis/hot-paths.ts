// Links the per-file facts into one call graph, finds the hot-path entries, walks everything reachable
// from them (across files, shortest chain first) and turns the candidates in hot functions into findings.
import * as path from 'node:path';
import type { Binding } from './bindings';
import type { FileFacts, FunctionFact } from './file-facts';
import { ENTRY_SYMBOLS, ENTRY_WHERE } from './entry-patterns';
import type { ChainStep, EntryKind, Finding, Severity } from './findings';
import { ruleInfo } from './rules';
import { toPosix } from './source-files';

interface FnNode {
  fact: FunctionFact;
  file: FileFacts;
}

interface Edge {
  to: string;
  line: number;
}

interface Incoming {
  from: string;
  kind: 'call' | 'nested' | 'reference';
}

/** Entry kinds in the order their chains are preferred when several reach the same function. */
const ENTRY_PRIORITY: EntryKind[] = ['request-handler', 'event-handler', 'stream-handler', 'timer', 'custom', 'promise-callback', 'async-function'];

export interface LinkOptions {
  cwd: string;
  severity?: Record<string, Severity | 'off'>;
}

export function computeFindings(files: Map<string, FileFacts>, options: LinkOptions): Finding[] {
  return new ProjectGraph(files).findings(options);
}

export class ProjectGraph {
  private readonly fns = new Map<string, FnNode>();
  private readonly out = new Map<string, Edge[]>();
  private readonly incoming = new Map<string, Incoming[]>();
  private readonly workerFiles = new Set<string>();
  private readonly entries = new Map<string, EntryKind>();

  constructor(private readonly files: Map<string, FileFacts>) {
    for (const f of files.values()) {
      for (const fact of f.functions) this.fns.set(fact.id, { fact, file: f });
      if (f.importsWorkerApi) this.workerFiles.add(f.file);
      for (const t of f.workerTargets) this.workerFiles.add(t);
    }
    for (const f of files.values()) {
      for (const e of f.edges) {
        const to = this.resolveFn(e.to);
        if (!to || to === e.from) continue;
        let list = this.out.get(e.from);
        if (!list) this.out.set(e.from, (list = []));
        list.push({ to, line: e.line });
        let inc = this.incoming.get(to);
        if (!inc) this.incoming.set(to, (inc = []));
        inc.push({ from: e.from, kind: e.kind });
      }
    }
    this.findEntries();
  }

  private findEntries(): void {
    const add = (id: string, kind: EntryKind): void => {
      const node = this.fns.get(id);
      if (!node || this.workerFiles.has(node.file.file)) return;
      const prev = this.entries.get(id);
      if (!prev || ENTRY_PRIORITY.indexOf(kind) < ENTRY_PRIORITY.indexOf(prev)) this.entries.set(id, kind);
    };
    for (const f of this.files.values()) {
      for (const fact of f.functions) if (fact.entry) add(fact.id, fact.entry);
      for (const ref of f.entryRefs) {
        const id = this.resolveFn(ref.target);
        if (id) add(id, ref.kind);
      }
    }
    const startup = this.startupOnly();
    for (const { fact } of this.fns.values()) {
      if (fact.isAsync && !this.entries.has(fact.id) && !startup.has(fact.id)) add(fact.id, 'async-function');
    }
  }

  /**
   * Functions that only ever run as part of start-up: every caller is module top level, a worker file, or
   * itself start-up-only, and none hands the function over to run later. Computed as the largest such set,
   * so `main()` → `loadConfig()` → `readSeed()` are all start-up code, however deep.
   */
  private startupOnly(): Set<string> {
    const isTop = (id: string): boolean => id.endsWith('#top');
    const inWorker = (id: string): boolean => {
      const node = this.fns.get(id);
      return node !== undefined && this.workerFiles.has(node.file.file);
    };
    const candidates = new Set<string>();
    for (const [id, callers] of this.incoming) {
      if (this.entries.has(id) || callers.length === 0) continue;
      if (callers.every((c) => c.kind !== 'reference' || inWorker(c.from))) candidates.add(id);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of candidates) {
        const ok = this.incoming.get(id)!.every((c) => isTop(c.from) || inWorker(c.from) || candidates.has(c.from));
        if (!ok) {
          candidates.delete(id);
          changed = true;
        }
      }
    }
    return candidates;
  }

  /** Multi-source breadth-first search: every hot function gets the shortest chain back to an entry. */
  private walk(): Map<string, { parent?: string; line?: number; entry: EntryKind }> {
    const seen = new Map<string, { parent?: string; line?: number; entry: EntryKind }>();
    const queue: string[] = [];
    const ordered = [...this.entries].sort((a, b) => ENTRY_PRIORITY.indexOf(a[1]) - ENTRY_PRIORITY.indexOf(b[1]));
    for (const [id, kind] of ordered) {
      seen.set(id, { entry: kind });
      queue.push(id);
    }
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i];
      const here = seen.get(id)!;
      for (const e of this.out.get(id) ?? []) {
        if (seen.has(e.to)) continue;
        const node = this.fns.get(e.to);
        if (!node || this.workerFiles.has(node.file.file)) continue;
        seen.set(e.to, { parent: id, line: e.line, entry: here.entry });
        queue.push(e.to);
      }
    }
    return seen;
  }

  findings(options: LinkOptions): Finding[] {
    const hot = this.walk();
    const findings: Finding[] = [];
    const rel = (file: string): string => toPosix(path.relative(options.cwd, file)) || path.basename(file);
    for (const f of this.files.values()) {
      if (this.workerFiles.has(f.file)) continue;
      for (const c of f.candidates) {
        const state = hot.get(c.fnId);
        if (!state) continue;
        if (c.requiresPromiseTarget) {
          const target = this.resolveFn(c.requiresPromiseTarget);
          if (!target || !this.fns.get(target)?.fact.returnsPromise) continue;
        }
        if (c.confirm) {
          c.confirmed ??= c.confirm();
          if (!c.confirmed) continue;
        }
        const info = ruleInfo(c.rule);
        const override = options.severity?.[c.rule];
        if (override === 'off') continue;
        const chain = this.chainTo(c.fnId, c.line, hot, rel);
        const where = chain.length > 1 ? ENTRY_WHERE[state.entry].indirect : ENTRY_WHERE[state.entry].direct;
        findings.push({
          file: rel(f.file),
          line: c.line,
          column: c.column,
          endLine: c.endLine,
          endColumn: c.endColumn,
          rule: c.rule,
          category: info.category,
          severity: override ?? info.defaultSeverity,
          message: c.message.replace('{where}', where),
          chain,
          entry: state.entry,
        });
      }
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    return findings;
  }

  private chainTo(fnId: string, line: number, hot: ReturnType<ProjectGraph['walk']>, rel: (f: string) => string): ChainStep[] {
    const steps: ChainStep[] = [];
    let id: string | undefined = fnId;
    let stepLine = line;
    while (id) {
      const node = this.fns.get(id)!;
      const state: { parent?: string; line?: number; entry: EntryKind } = hot.get(id)!;
      const isEntry = state.parent === undefined;
      const symbol = isEntry && node.fact.name.startsWith('<') ? ENTRY_SYMBOLS[state.entry] : node.fact.name;
      steps.unshift({ file: rel(node.file.file), line: stepLine, symbol });
      stepLine = state.line ?? 0;
      id = state.parent;
    }
    return steps;
  }

  /** Follows imports, re-exports and members across files down to a function id. */
  resolveFn(b: Binding): string | undefined {
    const r = this.moduleValue(this.resolve(b, 0), 0);
    return r?.kind === 'fn' ? r.id : undefined;
  }

  private classMember(cls: Extract<Binding, { kind: 'class' }>, name: string, depth: number): Binding | undefined {
    const own = cls.methods.get(name) ?? cls.fields.get(name);
    if (own) return this.resolve(own, depth + 1);
    if (!cls.base || depth > 12) return undefined;
    const base = this.moduleValue(this.resolve(cls.base, depth + 1), depth);
    return base?.kind === 'class' ? this.classMember(base, name, depth + 1) : undefined;
  }

  /** A module called or constructed directly is CommonJS `module.exports = function/class`: use that value. */
  private moduleValue(b: Binding | undefined, depth: number): Binding | undefined {
    if (b?.kind !== 'project-module') return b;
    const f = this.files.get(b.file);
    const value = f?.exports.get('module.exports') ?? f?.exports.get('default');
    return value ? this.resolve(value, depth + 1) : undefined;
  }

  private resolve(b: Binding | undefined, depth: number): Binding | undefined {
    if (!b || depth > 12) return undefined;
    switch (b.kind) {
      case 'project-export': {
        const f = this.files.get(b.file);
        if (!f) return undefined;
        const direct = f.exports.get(b.name);
        if (direct) return this.resolve(direct, depth + 1);
        for (const star of f.starExports) {
          const hit = this.resolve({ kind: 'project-export', file: star, name: b.name }, depth + 1);
          if (hit) return hit;
        }
        // `const { get } = require('./cache')` where the module is `module.exports = new Cache()`.
        const value = f.exports.get('default');
        return value && b.name !== 'default' ? this.resolve({ kind: 'member', of: value, name: b.name }, depth + 1) : undefined;
      }
      case 'member': {
        const base = this.resolve(b.of, depth + 1);
        if (!base) return undefined;
        switch (base.kind) {
          case 'object': return this.resolve(base.members.get(b.name), depth + 1);
          case 'class': return this.classMember(base, b.name, depth);
          case 'instance': {
            const cls = this.moduleValue(this.resolve(base.of, depth + 1), depth);
            return cls?.kind === 'class' ? this.classMember(cls, b.name, depth) : undefined;
          }
          case 'project-module': return this.resolve({ kind: 'project-export', file: base.file, name: b.name }, depth + 1);
          default: return undefined;
        }
      }
      default:
        return b;
    }
  }
}
