// The modules a Python file imports, from its text alone, for the editor's first pass (Analyzer.analyzeFocus picks
// the files related to the open ones by imports, before anything is parsed). A regular expression per line, like
// ../import-graph.ts for JavaScript: a match in a string only adds a file, which is safe.
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([\w., \t]*)/gm;
const IMPORT = /^[ \t]*import[ \t]+([\w., \t]+)/gm;

export interface PythonImport {
  dotted: string;
  /** Leading dots of a relative import. */
  level: number;
}

/** Every module a file may import: `import a.b` gives `a.b`; `from .x import y` gives `.x` and `.x.y` (y may be a submodule). */
export function pythonImports(text: string): PythonImport[] {
  const out: PythonImport[] = [];
  for (const m of text.matchAll(FROM_IMPORT)) {
    const level = m[1].length;
    const base = m[2];
    out.push({ dotted: base, level });
    for (const name of m[3].split(',').map((s) => s.trim().split(/\s+/)[0]).filter((s) => /^\w+$/.test(s))) {
      out.push({ dotted: base ? `${base}.${name}` : name, level });
    }
  }
  for (const m of text.matchAll(IMPORT)) {
    for (const part of m[1].split(',')) {
      const dotted = part.trim().split(/\s+/)[0];
      if (dotted) out.push({ dotted, level: 0 });
    }
  }
  return out.filter((i) => i.level > 0 || i.dotted !== '');
}
