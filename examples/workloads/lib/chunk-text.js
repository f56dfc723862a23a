'use strict';
// Split text into overlapping windows of words, the usual first step before embedding retrieved
// passages: windows small enough to be specific, overlapping so that no sentence is only ever cut in half.

/** Windows of `size` words starting every `size - overlap` words; the last window may be shorter. */
function chunkWords(text, { size, overlap }) {
  if (!(overlap >= 0 && overlap < size)) throw new Error(`overlap must be at least 0 and below size, got ${overlap} and ${size}`);
  const words = text.split(/\s+/).filter(Boolean);
  const chunks = [];
  for (let start = 0; start < words.length; start += size - overlap) {
    chunks.push(words.slice(start, start + size).join(' '));
    if (start + size >= words.length) break;
  }
  return chunks;
}

module.exports = { chunkWords };
