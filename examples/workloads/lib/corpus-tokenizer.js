'use strict';
// The tokenizer every workload shares, with tables made for the synthetic corpus: the 3,000 commonest
// corpus words get their own id (about two words in three hit this), the rest go through the BPE merge
// loop on the corpus syllables. Building it takes a few milliseconds, so each worker thread builds its
// own copy instead of being sent one.
const { SYLLABLES, VOCABULARY } = require('./corpus');
const { BpeTokenizer } = require('./tokenizer');

const WHOLE_WORDS = 3000;

function createCorpusTokenizer() {
  return new BpeTokenizer({ words: VOCABULARY.slice(0, WHOLE_WORDS), pieces: SYLLABLES });
}

module.exports = { createCorpusTokenizer };
