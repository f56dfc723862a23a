'use strict';
// A small byte-pair-encoding (BPE) style tokenizer, the kind of code that turns text into model input
// ids before every embedding or completion call. Three steps per text, all plain CPU work:
//   1. split into words and punctuation with a regular expression;
//   2. look each word up in a whole-word vocabulary (a Map);
//   3. split words that are not in it into characters and apply merge rules, lowest rank first,
//      until no rule applies (the BPE merge loop).
// Real tokenizers cache step 3 per word; this one deliberately does not, so every text costs the same.

const PRE_TOKENIZE = /\w+|[^\w\s]/g;

class BpeTokenizer {
  /**
   * @param {object} tables
   * @param {string[]} tables.words  whole words with their own id, in id order
   * @param {string[]} tables.pieces sub-word pieces, most useful first; each becomes a chain of merge rules
   */
  constructor({ words, pieces }) {
    this.wordIds = new Map(words.map((word, i) => [word, i]));
    this.pieceIds = new Map();
    this.mergeRanks = new Map();
    for (const piece of pieces) {
      // "tra" is reached by the merges "t r" then "tr a"; a rule shared by two pieces keeps its first rank.
      for (let end = 2; end <= piece.length; end++) {
        const key = `${piece.slice(0, end - 1)} ${piece[end - 1]}`;
        if (!this.mergeRanks.has(key)) this.mergeRanks.set(key, this.mergeRanks.size);
      }
      for (let end = 1; end <= piece.length; end++) this.addPiece(piece.slice(0, end));
    }
    // Pieces no rule produces (other characters, digits, punctuation) fall back to one id per UTF-16 unit.
    this.fallbackBase = words.length + this.pieceIds.size;
  }

  /** Token ids are 0 .. vocabularySize - 1. */
  get vocabularySize() {
    return this.fallbackBase + 256;
  }

  addPiece(piece) {
    if (!this.pieceIds.has(piece)) this.pieceIds.set(piece, this.wordIds.size + this.pieceIds.size);
  }

  /** Token ids for `text`, appended to `out` (pass an array to reuse it). */
  encode(text, out = []) {
    PRE_TOKENIZE.lastIndex = 0;
    let match;
    while ((match = PRE_TOKENIZE.exec(text)) !== null) this.encodeWord(match[0], out);
    return out;
  }

  encodeWord(word, out) {
    const known = this.wordIds.get(word);
    if (known !== undefined) {
      out.push(known);
      return;
    }
    const parts = Array.from(word);
    // The BPE merge loop: merge the adjacent pair with the lowest-ranked rule until none applies.
    while (parts.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.mergeRanks.get(`${parts[i]} ${parts[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      parts.splice(best, 2, parts[best] + parts[best + 1]);
    }
    for (const part of parts) {
      const id = this.pieceIds.get(part);
      if (id !== undefined) out.push(id);
      else for (let i = 0; i < part.length; i++) out.push(this.fallbackBase + (part.charCodeAt(i) & 0xff));
    }
  }
}

module.exports = { BpeTokenizer };
