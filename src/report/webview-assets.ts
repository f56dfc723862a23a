// The built webview bundle (dist/webview/main.js and main.css), read as text so an exported report can
// carry it inline. Found from the package root, since the code asking runs from dist/ (the CLI and
// extension bundles) or from out/src/report/ (the tsc output the tests import), at different depths.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WebviewAssets {
  script: string;
  style: string;
}

const PACKAGE_NAME = 'concurrency-lens';

/** The folder holding this package's package.json, found by walking up from `startDir`. */
export function packageRoot(startDir: string = __dirname): string {
  for (let dir = startDir; ; ) {
    if (isOurPackageJson(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${startDir}`);
    dir = parent;
  }
}

function isOurPackageJson(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

export function webviewDistDir(startDir?: string): string {
  return path.join(packageRoot(startDir), 'dist', 'webview');
}

/** Both files of the bundle, or an error that says how to make them: a page without them would be blank. */
export function readWebviewAssets(distDir: string): WebviewAssets {
  const read = (name: string): string => {
    const file = path.join(distDir, name);
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (text.trim() === '') throw new Error('empty');
      return text;
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message;
      throw new Error(`the webview bundle is missing: run npm run build (${file}: ${why})`);
    }
  };
  return { script: withoutSourceMapLink(read('main.js')), style: withoutSourceMapLink(read('main.css')) };
}

/** A development build links its source map; inlined into a standalone page the link points nowhere. */
function withoutSourceMapLink(code: string): string {
  return code.replace(/\n?\/[*/]# sourceMappingURL=[^\n]*\s*$/, '\n');
}
