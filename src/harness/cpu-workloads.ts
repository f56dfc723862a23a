// The two CPU workloads, the same code on the main thread, in worker threads and in child processes.
// Items are generated from their index, so a task is just a range: no input data is copied to workers,
// and the speedup measured is the computation's, not the messaging's (the serialization suite measures that).
import { createHash } from 'node:crypto';
import type { CpuWorkload } from './result-types';

// The seed article's vocabulary and synthetic text (Python's tokenize_batch benchmark).
const VOCAB = new Map(
  'the a an is was were been be have has had do does did will would shall should may might can could of in to for on with at by from as into about between'
    .split(' ')
    .map((w, i) => [w, i] as const),
);
const BASE_TEXT = 'The quick model was trained on a large dataset of text from the internet with careful filtering';
const WORD = /\b\w+\b/g;

export function syntheticText(i: number): string {
  return `${BASE_TEXT} sample ${i}`;
}

/** Lower-cases, splits on word boundaries and maps words to vocabulary ids (unknown words to one id past the end). */
export function tokenIds(text: string): number[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => VOCAB.get(w) ?? VOCAB.size);
}

/** Tokenises items [from, to); returns a checksum of their ids. */
export function tokenizeRange(from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    let h = 0;
    for (const id of tokenIds(syntheticText(i))) h = (Math.imul(h, 31) + id) | 0;
    sum = (sum + h) | 0;
  }
  return sum >>> 0;
}

// 16 KiB per item: the size of a small document or a chunk of a file being fingerprinted.
const BLOCK = Buffer.alloc(16 * 1024, 'concurrency lens ');

/** SHA-256 of one block per item (salted by the index); returns a checksum of the digests. */
export function hashRange(from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const digest = createHash('sha256').update(String(i)).update(BLOCK).digest();
    sum = (sum + digest.readInt32LE(0)) | 0;
  }
  return sum >>> 0;
}

export function runWorkload(workload: CpuWorkload, from: number, to: number): number {
  return workload === 'tokenize' ? tokenizeRange(from, to) : hashRange(from, to);
}

/** Splits [0, items) into `chunks` contiguous ranges of near-equal size. */
export function chunkRanges(items: number, chunks: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let c = 0; c < chunks; c++) {
    const from = Math.floor((items * c) / chunks);
    const to = Math.floor((items * (c + 1)) / chunks);
    if (to > from) out.push([from, to]);
  }
  return out;
}

/** Chunk checksums combine by addition, so the total does not depend on which worker finished first. */
export function combineChecksums(parts: readonly number[]): number {
  let sum = 0;
  for (const p of parts) sum = (sum + p) | 0;
  return sum >>> 0;
}
