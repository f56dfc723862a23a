// Writes a throw-away project to a temp folder for tests that need files the fixtures cannot hold
// (binary, multi-megabyte) or that edit files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function tempProject(files: Record<string, string | Buffer>): { dir: string; file: (rel: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return { dir, file: (rel) => path.join(dir, rel), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
