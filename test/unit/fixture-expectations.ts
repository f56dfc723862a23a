// Reads `// @expect rule-id[, rule-id]` markers from fixture sources, so each fixture states its own
// expected findings next to the line they belong to and the tests stay right when lines move.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

export interface Expected {
  file: string;
  line: number;
  rule: string;
}

export function readExpectations(dir: string, tags: string[] = ['expect']): Expected[] {
  const out: Expected[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const lines = fs.readFileSync(full, 'utf8').split('\n');
        lines.forEach((text, i) => {
          const m = /@(expect(?:-[a-z]+)?) ([a-z0-9, -]+)$/.exec(text.trimEnd());
          if (!m || !tags.includes(m[1])) return;
          for (const rule of m[2].split(',').map((s) => s.trim()).filter(Boolean)) {
            out.push({ file: path.relative(dir, full).split(path.sep).join('/'), line: i + 1, rule });
          }
        });
      }
    }
  };
  walk(dir);
  return out.sort(compare);
}

export function compare(a: Expected, b: Expected): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}

export function key(e: Expected): string {
  return `${e.file}:${e.line} ${e.rule}`;
}
