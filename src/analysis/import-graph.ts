// Which files can change the findings of a few given files, from their imports alone: the editor's first
// pass analyses these before the whole workspace (Analyzer.analyzeFocus). A function in a file is hot when an
// entry reaches it through calls, and a call across files follows an import, so every file on such a chain
// imports the focus file, directly or through others (the reverse closure); the summaries of what a focus
// file calls (can this promise fail? does this helper block?) come from what it imports (the forward closure).
// The scan is a regular expression over the text, not a parse: it must cost far less than analysing the files it
// picks. A specifier it finds in a comment or a string only adds a file (safe); one it misses leaves a file out.
const SPECIFIER = /\bfrom\s*(['"])([^'"\n]+)\1|\brequire\s*\(\s*(['"])([^'"\n]+)\3\s*\)|\bimport\s*\(\s*(['"])([^'"\n]+)\5|\bimport\s+(['"])([^'"\n]+)\7/g;

/** The module specifiers a file names: `import … from`/`export … from`, side-effect imports, `require()`, `import()`. */
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) out.push(m[2] ?? m[4] ?? m[6] ?? m[8]);
  return out;
}

/**
 * The focus files, every file that imports one of them directly or indirectly, and every file they import
 * directly or indirectly, while the files' total `size` stays within `budget` (the focus files always count).
 * Nearest first, and importers before imports: the importers, level by level outwards, are where the entries that
 * make the focus files' code hot are; of the imports, the direct ones (which resolve what a focus file calls) come
 * with the first level of importers, the rest (what those call in turn) last. `complete` is false when the budget
 * left some out. `imports` maps each file to the project files it imports (resolved).
 */
export function relatedFiles(
  focus: Iterable<string>,
  imports: ReadonlyMap<string, readonly string[]>,
  budget = Infinity,
  size: (file: string) => number = () => 1,
): { files: Set<string>; complete: boolean } {
  const importers = new Map<string, string[]>();
  for (const [from, targets] of imports) {
    for (const to of targets) {
      const list = importers.get(to);
      if (list) list.push(from);
      else importers.set(to, [from]);
    }
  }
  const files = new Set<string>();
  let used = 0;
  for (const f of focus) {
    if (files.has(f)) continue;
    files.add(f);
    used += size(f);
  }
  let complete = true;
  const add = (f: string): boolean => {
    const s = size(f);
    if (used + s > budget) return (complete = false);
    files.add(f);
    used += s;
    return true;
  };
  const walk = (edges: ReadonlyMap<string, readonly string[]>) => ({ edges, level: [...files], seen: new Set(files) });
  /** One level further out; false when there is nothing further. */
  const step = (w: ReturnType<typeof walk>): boolean => {
    const next: string[] = [];
    for (const from of w.level) {
      for (const to of w.edges.get(from) ?? []) {
        if (w.seen.has(to)) continue;
        w.seen.add(to);
        if (files.has(to) || add(to)) next.push(to);
      }
    }
    w.level = next;
    return next.length > 0;
  };
  const up = walk(importers);
  const down = walk(imports);
  let more = step(up);
  step(down);
  while (more) more = step(up);
  while (step(down));
  return { files, complete };
}
