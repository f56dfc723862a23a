// The exported report: one self-contained HTML page (the webview bundle and the document inline, every
// view on one page), plus the same document as Markdown and JSON. Shared by the CLI's `report` and the
// extension's "Export Report", so nothing here knows about either. Files are read and written
// asynchronously: the editor runs this on the extension host's loop, and the page is hundreds of KB.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { LensDocument } from './lens-document';
import { renderReportMarkdown } from './report-markdown';
import type { WebviewAssets } from './webview-assets';
import { newNonce, renderWebviewHtml } from './webview-html';

export interface ReportFiles {
  html?: string;
  markdown?: string;
  json?: string;
}

/** A write that failed, with the files written before it (they are complete: each is renamed into place). */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  constructor(
    readonly file: string,
    readonly written: string[],
    cause: unknown,
  ) {
    super(`could not write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function renderReportHtml(doc: LensDocument, assets: WebviewAssets): string {
  return renderWebviewHtml({ title: reportTitle(doc), panel: 'report', nonce: newNonce(), assets: { kind: 'inline', ...assets }, document: doc });
}

/** "Concurrency Lens report: rag-pipeline.js", naming the workload, so several open tabs tell themselves apart. */
export function reportTitle(doc: LensDocument): string {
  const workload = doc.profile ? workloadName(doc.profile.command) : undefined;
  return workload ? `Concurrency Lens report: ${workload}` : 'Concurrency Lens report: benchmarks';
}

/** The script's file name when the command runs one; the command line otherwise. */
function workloadName(command: string[]): string {
  const script = command.find((a) => /\.[cm]?[jt]s$/i.test(a));
  return script ? path.basename(script) : command.join(' ');
}

/**
 * Writes the files asked for (paths as given, parent folders created) and returns them in that order.
 * Everything is rendered before the first write, and each file is written beside its place and renamed,
 * so a reader never sees half a report.
 */
export async function writeReportFiles(doc: LensDocument, assets: WebviewAssets, out: ReportFiles): Promise<string[]> {
  const contents: [string, () => string][] = [];
  if (out.html !== undefined) contents.push([out.html, () => renderReportHtml(doc, assets)]);
  if (out.markdown !== undefined)
    contents.push([out.markdown, () => renderReportMarkdown(doc, out.html !== undefined ? { htmlFile: path.basename(out.html) } : {})]);
  if (out.json !== undefined) contents.push([out.json, () => `${JSON.stringify(doc, null, 2)}\n`]);
  const rendered = contents.map(([file, render]) => [file, render()] as const);
  const written: string[] = [];
  for (const [file, text] of rendered) {
    try {
      await writeAtomically(file, text);
    } catch (e) {
      throw new ReportWriteError(file, written, e);
    }
    written.push(file);
  }
  return written;
}

/**
 * The files among `out` that exist and are not an earlier export of ours: what writing would destroy.
 * The editor names the Markdown and JSON after the HTML the user chose, so `package.html` would replace
 * `package.json` without this check.
 */
export async function filesNotFromUs(out: ReportFiles): Promise<string[]> {
  const ours: [string | undefined, (text: string) => boolean][] = [
    [out.html, (t) => t.includes('<body data-panel="report" data-mode="export">')],
    [out.markdown, (t) => t.startsWith('## Concurrency Lens')],
    [out.json, (t) => /^\{\s*"tool": "concurrency-lens",\s*"version": "[^"]*",\s*"kind": "report"/.test(t)],
  ];
  const foreign: string[] = [];
  for (const [file, isOurs] of ours) {
    if (file === undefined) continue;
    const start = await readStart(file);
    if (start !== undefined && !isOurs(start)) foreign.push(file);
  }
  return foreign;
}

/** The first 64 KiB of a file; '' for a folder or an unreadable file (not ours); undefined when there is none. */
async function readStart(file: string): Promise<string | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : '';
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch {
    return ''; // a folder (EISDIR on read) or an unreadable file: not ours
  } finally {
    await handle.close();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, text);
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
}
