// This package's own package.json, found at run time by walking up from the code asking: the bundles
// (dist/cli.js, dist/extension.js) and the tsc output the tests import (out/src/...) sit at different
// depths. The CLI reads its version there; the export finds the webview bundle and the examples from it.
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'concurrency-lens';

/** The nearest package.json named concurrency-lens above `startDir`, with its folder. */
export function ownPackageJson(startDir: string = __dirname): { dir: string; pkg: Record<string, unknown> } {
  for (let dir = startDir; ; ) {
    const pkg = tryReadJson(path.join(dir, 'package.json'));
    if (pkg?.name === PACKAGE_NAME) return { dir, pkg };
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${startDir}`);
    dir = parent;
  }
}

/** The folder holding this package's package.json. */
export function packageRoot(startDir: string = __dirname): string {
  return ownPackageJson(startDir).dir;
}

function tryReadJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
