// A small tokenizer: words and punctuation marks are tokens. Used to chunk documents, to budget prompt
// sizes and to pick the keyword fast path in /search. One token per word is close enough for budgeting.
const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const STOP_LIST = ['a', 'an', 'and', 'are', 'as', 'for', 'in', 'is', 'of', 'on', 'the', 'to', 'with'];
// Compiled once, when the module loads.
const STOPWORDS = new RegExp(`\\b(?:${STOP_LIST.join('|')})\\b`, 'gi');

export function tokenize(text) {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text) {
  return tokenize(text).length;
}

/** Lower-cased content words, stop words removed. */
export function keywords(text) {
  return tokenize(text.replace(STOPWORDS, ' ').toLowerCase()).filter((token) => token.length > 2);
}

/** Splits text into chunks of at most `maxTokens` tokens, on token boundaries. */
export function chunk(text, maxTokens = 256) {
  const tokens = tokenize(text);
  const chunks = [];
  for (let i = 0; i < tokens.length; i += maxTokens) {
    chunks.push(tokens.slice(i, i + maxTokens).join(' '));
  }
  return chunks;
}

/** True for a plain list of words ("vector database sharding"): the keyword index can answer it alone. */
export function isPlainQuery(input) {
  return /^(\w+\s?)+$/.test(input);
}
