// The built webview bundle (dist/webview/main.js and main.css), read as text so an exported report can
// carry it inline. Found from the package root (package-root.ts). Read asynchronously: the editor's export
// runs on the extension host's loop, and the bundle is hundreds of KB.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { packageRoot } from './package-root';

export interface WebviewAssets {
  script: string;
  style: string;
}

export function webviewDistDir(startDir?: string): string {
  return path.join(packageRoot(startDir), 'dist', 'webview');
}

/** Both files of the bundle, or an error that says how to make them: a page without them would be blank. */
export async function readWebviewAssets(distDir: string): Promise<WebviewAssets> {
  const read = async (name: string): Promise<string> => {
    const file = path.join(distDir, name);
    try {
      const text = await fs.readFile(file, 'utf8');
      if (text.trim() === '') throw new Error('empty');
      return text;
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (e as Error).message;
      throw new Error(`the webview bundle is missing: run npm run build (${file}: ${why})`);
    }
  };
  // Both read at once, but the error named in a fixed order (the script first): Promise.all would name whichever
  // read failed first in time, and a missing bundle would be reported differently from run to run.
  const [script, style] = await Promise.allSettled([read('main.js'), read('main.css')]);
  if (script.status === 'rejected') throw script.reason;
  if (style.status === 'rejected') throw style.reason;
  return { script: withoutSourceMapLink(script.value), style: withoutSourceMapLink(style.value) };
}

/** A development build links its source map; inlined into a standalone page the link points nowhere. */
function withoutSourceMapLink(code: string): string {
  return code.replace(/\n?\/[*/]# sourceMappingURL=[^\n]*\s*$/, '\n');
}
