// GET /search?q=...&title=...: keyword lookup for plain queries, vector search for everything else.
import type { ServerResponse } from 'node:http';
import { config } from '../config.js';
import { HttpError, sendJson, type Request } from '../lib/router.js';
import { isPlainQuery, keywords } from '../lib/tokenizer.js';
import { pool } from '../workers/pool.js';

export interface IndexedDoc {
  id: string;
  title: string;
  words: string[];
}

interface Hit {
  id: string;
  title: string;
  score: number;
}

const MAX_DOCS = 16_384;
const docs: IndexedDoc[] = [];
const byWord = new Map<string, Set<number>>();

/** Every document vector, row after row, in shared memory: the embedding workers read it in place. */
export const matrix = new Float32Array(new SharedArrayBuffer(MAX_DOCS * config.dims * Float32Array.BYTES_PER_ELEMENT));

/** Fills the index from the saved copy; called once at startup. */
export function loadIndex(saved: Array<IndexedDoc & { vector: number[] }>): void {
  for (const { vector, ...doc } of saved) addToIndex(doc, vector);
}

export function addToIndex(doc: IndexedDoc, vector: ArrayLike<number>): void {
  if (docs.length === MAX_DOCS) throw new Error('index is full');
  const row = docs.push(doc) - 1;
  matrix.set(vector, row * config.dims);
  for (const word of doc.words) {
    let rows = byWord.get(word);
    if (!rows) byWord.set(word, (rows = new Set()));
    rows.add(row);
  }
}

/** Copies the document vectors into `target`; returns the number of rows copied. */
export function copyVectorsInto(target: Float32Array): number {
  const rows = Math.min(docs.length, Math.floor(target.length / config.dims));
  target.set(matrix.subarray(0, rows * config.dims));
  return rows;
}

function keywordSearch(q: string): Hit[] {
  const counts = new Map<number, number>();
  for (const word of keywords(q)) {
    for (const row of byWord.get(word) ?? []) counts.set(row, (counts.get(row) ?? 0) + 1);
  }
  return [...counts].map(([row, score]) => ({ id: docs[row].id, title: docs[row].title, score }));
}

async function vectorSearch(q: string): Promise<Hit[]> {
  const [queryVector] = await pool.embed([q]);
  const scores = await pool.score(queryVector, docs.length);
  return docs.map((doc, row) => ({ id: doc.id, title: doc.title, score: scores[row] }));
}

export async function searchHandler(req: Request, res: ServerResponse): Promise<void> {
  const q = (req.query.q ?? '').trim();
  if (!q) throw new HttpError(400, 'missing q');
  // Optional title filter: power users pass a regular expression.
  const titleFilter = req.query.title ? new RegExp(req.query.title, 'i') : null;
  const hits = isPlainQuery(q) ? keywordSearch(q) : await vectorSearch(q);
  const results = hits
    .filter((hit) => !titleFilter || titleFilter.test(hit.title))
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
  sendJson(res, 200, { q, results });
}
