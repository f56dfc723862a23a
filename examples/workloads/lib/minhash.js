'use strict';
// MinHash signatures for near-duplicate detection, the step that deduplicates a crawl before it is
// chunked and embedded: a document becomes the set of hashes of its word 3-shingles, and its signature
// the minimum of each of K seeded hash functions over that set. Two documents' signatures agree in about
// as many places as their shingle sets overlap (Jaccard similarity). Pure integer arithmetic: all CPU.

const K = 64;
const SHINGLE = 3;

/** Odd multipliers and offsets of the K hash functions, from a fixed seed. */
function hashFamily(k = K, seed = 0x9e3779b9) {
  const a = new Uint32Array(k);
  const b = new Uint32Array(k);
  let s = seed >>> 0;
  for (let i = 0; i < k; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s | 1;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    b[i] = s;
  }
  return { a, b };
}

/** FNV-1a of the words [from, from + SHINGLE) of `words`, joined by spaces. */
function shingleHash(words, from) {
  let h = 0x811c9dc5;
  for (let w = from; w < from + SHINGLE; w++) {
    const word = words[w];
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 32, 16777619);
  }
  return h >>> 0;
}

function minhashSignature(text, family, signature = new Uint32Array(family.a.length)) {
  const words = text.split(' ');
  const { a, b } = family;
  signature.fill(0xffffffff);
  for (let w = 0; w + SHINGLE <= words.length; w++) {
    const x = shingleHash(words, w);
    for (let i = 0; i < a.length; i++) {
      const h = (Math.imul(a[i], x) + b[i]) >>> 0; // MINHASH HOT LINE
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

module.exports = { K, hashFamily, minhashSignature };
