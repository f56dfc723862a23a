// Import statements into bindings: `import a.b.c` binds `a`, `import a.b as z` binds `z`, `from x import y as z`
// binds `z` to a project module's export, a submodule of a package or a library member, relative imports go up from
// this file's package, and `from x import *` adds x to the file's star exports for the linker. A module of the
// project is found by the resolver the walker was given (module-resolver.ts); anything else is a library.
import type { Binding } from '../bindings';
import { AI_TOOL_FRAMEWORKS } from './entry-patterns';
import { field, fields, textOf, type PyNode } from './syntax-tree';
import type { PyCtx, PythonWalker } from './walker';

/** `import a.b.c` binds `a`; `import a.b as z` binds `z` to `a.b`. */
export function declareImport(w: PythonWalker, st: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
  for (const n of fields(st, 'name')) {
    if (n.type === 'aliased_import') {
      const dotted = textOf(w.tree, field(n, 'name')!);
      const alias = textOf(w.tree, field(n, 'alias')!);
      w.declareName(ctx, alias, moduleBinding(w, dotted, 0), moduleLevel);
    } else {
      const dotted = textOf(w.tree, n);
      const first = dotted.split('.')[0];
      w.declareName(ctx, first, moduleBinding(w, first, 0), moduleLevel);
      noteFramework(w, first);
    }
  }
}

/** `from x import y as z`, `from . import y`, `from ..core import *`. */
export function declareFromImport(w: PythonWalker, st: PyNode, ctx: PyCtx, moduleLevel: boolean): void {
  const moduleNode = field(st, 'module_name');
  if (!moduleNode) return;
  let level = 0;
  let dotted = textOf(w.tree, moduleNode);
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.children.find((c) => c.type === 'import_prefix');
    level = prefix ? prefix.end - prefix.start : 0;
    const inner = moduleNode.children.find((c) => c.type === 'dotted_name');
    dotted = inner ? textOf(w.tree, inner) : '';
  }
  if (level === 0) noteFramework(w, dotted.split('.')[0]);
  const target = level > 0 || dotted !== '' ? w.opts.resolveModule(dotted, w.file, level) : undefined;
  if (st.children.some((c) => c.type === 'wildcard_import')) {
    if (target && moduleLevel) w.facts.starExports.push(target);
    return;
  }
  for (const n of fields(st, 'name')) {
    const nameNode = n.type === 'aliased_import' ? field(n, 'name')! : n;
    const name = textOf(w.tree, nameNode);
    const local = n.type === 'aliased_import' ? textOf(w.tree, field(n, 'alias')!) : name;
    let b: Binding;
    if (level > 0 || target) {
      // A submodule of the package (`from . import routes`), else a name the module defines.
      const sub = w.opts.resolveModule(dotted === '' ? name : `${dotted}.${name}`, w.file, level);
      if (sub && sub !== target) b = { kind: 'project-module', file: sub };
      else if (target) b = { kind: 'project-export', file: target, name };
      else b = { kind: 'opaque' };
    } else {
      b = { kind: 'package-member', module: dotted, name };
    }
    w.declareName(ctx, local, b, moduleLevel);
  }
}

/** A module imported by its dotted name: a file of the project, else a library. */
function moduleBinding(w: PythonWalker, dotted: string, level: number): Binding {
  const file = w.opts.resolveModule(dotted, w.file, level);
  return file ? { kind: 'project-module', file } : { kind: 'package', module: dotted };
}

/** Frameworks whose import changes what a decorator means in the file: Sanic's plain `def` handlers, AI tools. */
function noteFramework(w: PythonWalker, topLevel: string): void {
  if (topLevel === 'sanic') w.importsSanic = true;
  if (AI_TOOL_FRAMEWORKS.has(topLevel)) w.importsAiToolFramework = true;
}
