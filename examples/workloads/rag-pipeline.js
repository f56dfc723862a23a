'use strict';
// A retrieval-augmented generation (RAG) pipeline answering a list of questions, QUESTIONS_AT_ONCE at a
// time. Each question waits twice and computes once:
//   1. retrieve: ask the vector database for passages               (waiting, 60–100 ms)
//   2. prepare:  chunk, tokenise and embed the passages, rerank the  (computing on the main thread,
//                chunks against the question and keep the best few    roughly 30 ms per question)
//   3. generate: ask the LLM for an answer with that context         (waiting, 80–150 ms)
// The waiting overlaps nicely on the event loop, but every question's CPU step runs on the one main
// thread, queued behind the others, and while it runs no response is read and no new call goes out.
//
// Expected profile: mixed; model hybrid; not right yet: keep the API calls async on the main thread and
// move step 2 to a worker_threads pool (sending passages' text, not big buffers).
const { startFakeLlmApi } = require('./lib/fake-llm-api');
const { generateDocuments } = require('./lib/corpus');
const { createCorpusTokenizer } = require('./lib/corpus-tokenizer');
const { TokenEmbedder } = require('./lib/token-embedder');
const { chunkWords } = require('./lib/chunk-text');
const { selectContext } = require('./lib/select-context');
const { keepAliveAgent, postJson } = require('./lib/http-json');
const { TimeBudget } = require('./lib/time-budget');
const { printThroughput } = require('./lib/throughput');

const QUESTIONS_AT_ONCE = 8;
/** Passages retrieved per question (about 120 words each). */
const PASSAGES = 40;
/** Chunks of 40 words, overlapping by 20: about 240 chunks to embed and rerank per question. */
const CHUNKS = { size: 40, overlap: 20 };
/** Chunks that go into the prompt. */
const CONTEXT_CHUNKS = 6;

const tokenizer = createCorpusTokenizer();
const embedder = new TokenEmbedder({ vocabularySize: tokenizer.vocabularySize, dims: 768 });

/** Step 2, pure CPU: the chunks of `passages` that best answer `question`. */
function prepareContext(question, passages) {
  const chunks = passages.flatMap((passage) => chunkWords(passage.text, CHUNKS));
  const questionVector = embedder.embed(tokenizer.encode(question));
  const chunkVectors = chunks.map((chunk) => embedder.embed(tokenizer.encode(chunk)));
  return selectContext(questionVector, chunkVectors, CONTEXT_CHUNKS).map((i) => chunks[i]);
}

function buildPrompt(question, context) {
  return `Answer the question using only this context.\n\n${context.map((c, i) => `[${i + 1}] ${c}`).join('\n')}\n\nQuestion: ${question}\nAnswer:`;
}

async function answer(question, api, agent) {
  const { results } = await postJson(`${api.url}/v1/search`, { query: question, top_k: PASSAGES }, { agent });
  const context = prepareContext(question, results);
  const completion = await postJson(
    `${api.url}/v1/completions`,
    { model: 'tiny-llm-1b', prompt: buildPrompt(question, context), max_tokens: 256 },
    { agent },
  );
  return completion.choices[0].text;
}

async function main() {
  const api = await startFakeLlmApi({ searchDelayMs: [60, 100], completionDelayMs: [80, 150] });
  const agent = keepAliveAgent(2 * QUESTIONS_AT_ONCE);
  const questions = generateDocuments({ count: 512, wordsPerDocument: 12, seed: 3003 });

  const budget = new TimeBudget();
  let answered = 0;
  for (let next = 0; !budget.expired; next = (next + QUESTIONS_AT_ONCE) % questions.length) {
    const batch = questions.slice(next, next + QUESTIONS_AT_ONCE);
    const answers = await Promise.all(batch.map((question) => answer(question, api, agent)));
    answered += answers.length;
  }
  const seconds = budget.elapsedSeconds();

  agent.destroy();
  await api.close();
  printThroughput(answered, 'queries', seconds);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
