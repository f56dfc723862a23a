'use strict';
// Synthetic text that behaves like natural language where a tokenizer is concerned: words built from a
// fixed set of syllables, drawn with a Zipf-like skew (a few words are very common, most are rare),
// with punctuation and numbers in between. It is generated from a seed, so every run, and every worker
// thread, sees exactly the same text without reading files or passing it around.
const { seededRandom, randomInt } = require('./seeded-random');

/** The syllables words are made of, most common first. The tokenizer's merge rules are built from them. */
const SYLLABLES = [
  'a', 'e', 'i', 'o', 'u', 'an', 'en', 'in', 'on', 'er', 'ar', 'or', 'al', 'el', 'is', 'es', 'at', 'it',
  'ta', 'te', 'ti', 'to', 'ra', 're', 'ri', 'ro', 'la', 'le', 'li', 'lo', 'na', 'ne', 'ni', 'no', 'ma',
  'me', 'mi', 'mo', 'sa', 'se', 'si', 'so', 'ka', 'ke', 'ki', 'ko', 'da', 'de', 'di', 'do', 'pa', 'pe',
  'pi', 'po', 'va', 've', 'vi', 'ba', 'be', 'bi', 'ga', 'ge', 'go', 'tra', 'tre', 'tri', 'pro', 'pre',
  'sta', 'ste', 'sti', 'con', 'com', 'ver', 'tion', 'ment', 'ing', 'ness', 'able', 'ous', 'ive', 'ent',
  'ant', 'est', 'ist', 'ure', 'ord', 'ark', 'ell', 'ill', 'orn', 'und', 'str', 'sch', 'th', 'sh', 'ch',
];

const VOCABULARY_SIZE = 8000;

/** Distinct pseudo-words, most frequent first (index 0 is the commonest word). */
const VOCABULARY = buildVocabulary(VOCABULARY_SIZE, 0x5eed);

function buildVocabulary(size, seed) {
  const random = seededRandom(seed);
  const words = new Set();
  while (words.size < size) {
    const syllables = randomInt(random, 1, 4);
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(SYLLABLES.length * random() ** 1.5)];
    words.add(word);
  }
  return [...words];
}

/** A vocabulary index with a Zipf-like skew: small indices (common words) come up far more often. */
function zipfIndex(random, size) {
  return Math.floor(size * random() ** 2.5);
}

/** One sentence: a capitalised first word, sometimes a comma or a number, a full stop. */
function sentence(random) {
  const length = randomInt(random, 6, 18);
  const words = [];
  for (let i = 0; i < length; i++) {
    let word = random() < 0.03 ? String(randomInt(random, 2, 2048)) : VOCABULARY[zipfIndex(random, VOCABULARY.length)];
    if (i === 0) word = word[0].toUpperCase() + word.slice(1);
    if (i < length - 1 && random() < 0.08) word += ',';
    words.push(word);
  }
  return `${words.join(' ')}${random() < 0.1 ? '?' : '.'}`;
}

/** One document of about `words` words. */
function generateDocument(random, words) {
  const sentences = [];
  let count = 0;
  while (count < words) {
    const s = sentence(random);
    sentences.push(s);
    count += s.split(' ').length;
  }
  return sentences.join(' ');
}

/**
 * `count` documents of about `wordsPerDocument` words each. The same seed gives the same documents, so a
 * worker thread can regenerate the corpus itself and be sent document indices instead of text.
 */
function generateDocuments({ count, wordsPerDocument, seed = 42 }) {
  const random = seededRandom(seed);
  const documents = new Array(count);
  for (let i = 0; i < count; i++) documents[i] = generateDocument(random, wordsPerDocument);
  return documents;
}

module.exports = { SYLLABLES, VOCABULARY, generateDocument, generateDocuments };
