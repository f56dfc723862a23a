// Stored documents: list them, show one as an HTML page, upload new ones.
import fs, { type Dirent } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { config } from '../config.js';
import { readTemplate, render } from '../lib/render.js';
import { HttpError, sendJson, type Request } from '../lib/router.js';
import { countTokens } from '../lib/tokenizer.js';

const SAFE_NAME = /^[\w-]+\.(md|txt|html)$/;
const docsDir = path.join(config.dataDir, 'docs');
const uploadsDir = path.join(config.dataDir, 'uploads');

function assertSafeName(name: string): void {
  if (!SAFE_NAME.test(name)) throw new HttpError(400, `bad file name: ${name}`);
}

export async function readDocument(name: string): Promise<string> {
  assertSafeName(name);
  const text = await fs.promises.readFile(path.join(docsDir, name), 'utf8');
  return text;
}

/** The HTML page for one document. */
export function showPage(name: string, text: string): string {
  const template = readTemplate('document');
  return render(template, { title: name, words: String(countTokens(text)), body: text });
}

/** GET /files: the names of the stored documents. */
export function listFiles(_req: Request, res: ServerResponse): void {
  const dir = fs.opendirSync(docsDir);
  const names: string[] = [];
  let entry: Dirent | null;
  while ((entry = dir.readSync()) !== null) {
    if (entry.isFile()) names.push(entry.name);
  }
  dir.closeSync();
  sendJson(res, 200, { files: names.sort() });
}

/** POST /files/:name: stores an upload compressed, one gzip member per chunk as the chunks arrive. */
export function uploadFile(req: Request, res: ServerResponse): void {
  assertSafeName(req.params.name);
  const parts: Buffer[] = [];
  req.on('data', (chunk: Buffer) => parts.push(gzipSync(chunk)));
  req.on('end', () => {
    fs.promises.writeFile(path.join(uploadsDir, `${req.params.name}.gz`), Buffer.concat(parts)).then(
      () => sendJson(res, 201, { stored: req.params.name }),
      (err: unknown) => sendJson(res, 500, { error: String(err) }),
    );
  });
}
