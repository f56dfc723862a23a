// POST /embed            vectors for a batch of texts (cached)
// POST /embed/documents  chunk, embed and index new documents
// POST /embed/rerank     score the whole corpus against a query
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Worker } from 'node:worker_threads';
import { marked } from 'marked';
import { config } from '../config.js';
import { auditLog } from '../lib/audit-log.js';
import { newRequestId, verifyApiKeyAsync } from '../lib/auth.js';
import { embeddings } from '../lib/cache.js';
import { HttpError, readJson, sendJson, type Request } from '../lib/router.js';
import { chunk, keywords } from '../lib/tokenizer.js';
import { pool } from '../workers/pool.js';
import { addToIndex, copyVectorsInto } from './search.js';

interface Doc {
  id: string;
  title: string;
  text: string;
  /** Set for documents uploaded as Markdown: up to the 64 MB body limit. */
  markdown?: string;
}

/** The words of a Markdown document: rendered to HTML, then stripped of its tags. */
function markdownText(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return html.replace(/<[^>]*>/g, ' ');
}

function apiKey(req: Request): string | undefined {
  const value = req.headers['x-api-key'];
  return Array.isArray(value) ? value[0] : value;
}

export async function embedHandler(req: Request, res: ServerResponse): Promise<void> {
  if (!(await verifyApiKeyAsync(apiKey(req)))) throw new HttpError(401, 'invalid API key');
  const requestId = await newRequestId();
  const { texts } = await readJson<{ texts: string[] }>(req);

  // Serve what we can from the cache and embed the rest in one worker round trip.
  const keys = texts.map((text) => createHash('sha256').update(text).digest('hex'));
  const vectors: Float32Array[] = [];
  const todo: number[] = [];
  keys.forEach((key, i) => {
    const hit = embeddings.get(key);
    if (hit) vectors[i] = hit;
    else todo.push(i);
  });
  if (todo.length > 0) {
    const fresh = await pool.embed(todo.map((i) => texts[i]));
    todo.forEach((i, j) => {
      vectors[i] = fresh[j];
      embeddings.addSync(keys[i], fresh[j]);
    });
  }

  auditLog
    .write({ requestId, route: '/embed', texts: texts.length, cached: texts.length - todo.length })
    .catch((err) => console.warn('audit log:', err));
  sendJson(res, 200, { dims: config.dims, vectors: vectors.map((v) => Array.from(v)) });
}

async function embedDocument(doc: Doc): Promise<string> {
  const text = doc.markdown !== undefined ? markdownText(doc.markdown) : doc.text;
  const vectors = await pool.embed(chunk(text));
  // One row per document: the mean of its chunk vectors.
  const mean = new Float32Array(config.dims);
  for (const v of vectors) v.forEach((x, i) => (mean[i] += x / vectors.length));
  addToIndex({ id: doc.id, title: doc.title, words: keywords(text) }, mean);
  return doc.id;
}

async function indexDocuments(docs: Doc[]): Promise<string[]> {
  return await Promise.all(docs.map((doc) => embedDocument(doc)));
}

export async function indexHandler(req: Request, res: ServerResponse): Promise<void> {
  if (!(await verifyApiKeyAsync(apiKey(req)))) throw new HttpError(401, 'invalid API key');
  const { docs } = await readJson<{ docs: Doc[] }>(req, 64 << 20);
  // A document sent twice in one batch is indexed once: its last copy wins.
  const latest = docs.reduce((byId, doc) => ({ ...byId, [doc.id]: doc }), {} as Record<string, Doc>);
  const ids = await indexDocuments(Object.values(latest));
  // The titles indexed, each once, for the client's confirmation message.
  const titles: string[] = [];
  for (const doc of docs) if (!titles.includes(doc.title)) titles.push(doc.title);
  sendJson(res, 201, { indexed: ids, titles });
}

export async function rerankHandler(req: Request, res: ServerResponse): Promise<void> {
  const { query, top = 20 } = await readJson<{ query: string; top?: number }>(req);
  const worker = new Worker(new URL('../workers/rerank-worker.js', import.meta.url), {
    workerData: { dims: config.dims, top },
  });
  try {
    // The rerank worker takes its own copy of the corpus, so it never sees a half-written row.
    const corpus = new Float32Array(1 << 22);
    const rows = copyVectorsInto(corpus);
    worker.postMessage(corpus);
    const [queryVector] = await pool.embed([query]);
    const reply = once(worker, 'message');
    worker.postMessage(queryVector, [queryVector.buffer]);
    const [ranked] = await reply;
    sendJson(res, 200, { rows, ranked });
  } finally {
    await worker.terminate();
  }
}
