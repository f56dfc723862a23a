// Bindings on their own, without a tree or a scope: what `x.attr` is when `x` is known, what calling a binding makes,
// and a library binding's dotted path. Pure functions over ../bindings.ts, shared by the walk (expression-bindings.ts,
// declarations.ts) and the detectors, which ask for library paths (`requests.get`, `os.path.exists`).
import type { Binding } from '../bindings';
import { pythonConstructor } from './blocking-apis';

/** What `base.attr` refers to: a library member, a class's own method or field, or a member the linker resolves. */
export function memberOf(base: Binding, attr: string): Binding | undefined {
  switch (base.kind) {
    case 'package':
      return { kind: 'package-member', module: base.module, name: attr };
    case 'package-member':
      return { kind: 'package-member', module: base.module, name: `${base.name}.${attr}` };
    case 'node-instance':
      return { kind: 'node-method', module: base.module, className: base.className, name: attr };
    case 'class':
      return base.methods.get(attr) ?? base.fields.get(attr) ?? { kind: 'member', of: base, name: attr };
    case 'instance':
      if (base.of.kind === 'class') {
        const own = base.of.methods.get(attr) ?? base.of.fields.get(attr);
        if (own) return own;
      }
      return { kind: 'member', of: base, name: attr };
    case 'fn':
    case 'project-module':
    case 'project-export':
    case 'member':
      return { kind: 'member', of: base, name: attr };
    default:
      return undefined;
  }
}

/** What calling `b` makes: a catalogued library instance, or an instance of a project class. */
export function instanceOf(b: Binding): Binding | undefined {
  if (b.kind === 'package-member') {
    const { module, name } = splitPath(b);
    const cls = pythonConstructor(module, name);
    return cls ? { kind: 'node-instance', module, className: cls } : undefined;
  }
  if (b.kind === 'class' || b.kind === 'project-export' || b.kind === 'member') return { kind: 'instance', of: b };
  return undefined;
}

/** A library member's module and name: `os.path.exists` is (`os.path`, `exists`), `requests.get` is (`requests`, `get`). */
export function splitPath(b: Extract<Binding, { kind: 'package-member' }>): { module: string; name: string } {
  const full = `${b.module}.${b.name}`;
  const dot = full.lastIndexOf('.');
  return { module: full.slice(0, dot), name: full.slice(dot + 1) };
}

/** The full dotted path of a library binding, or undefined for anything else. */
export function libraryPath(b: Binding | undefined): string | undefined {
  if (b?.kind === 'package') return b.module;
  if (b?.kind === 'package-member') return `${b.module}.${b.name}`;
  return undefined;
}

/** A base class the project defines (here or in another module), whose methods the linker can follow. */
export function isProjectClass(b: Binding): boolean {
  return b.kind === 'class' || b.kind === 'project-export' || b.kind === 'member';
}
