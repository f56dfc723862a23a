'use strict';
// A stand-in for the remote services an AI backend talks to, served in-process by the slow API server:
//   POST /v1/completions  {prompt, max_tokens}  → an OpenAI-style completion, after 80–120 ms by default
//   POST /v1/search       {query, top_k}        → top_k text passages (a vector database), after 60–100 ms
// Answers are cut from pre-generated text, so the server itself costs almost no CPU: the time is latency.
const { generateDocuments } = require('./corpus');
const { seededRandom } = require('./seeded-random');
const { startSlowApiServer } = require('./slow-api-server');

const COMPLETION_POOL = generateDocuments({ count: 64, wordsPerDocument: 40, seed: 1001 });
const PASSAGE_POOL = generateDocuments({ count: 256, wordsPerDocument: 120, seed: 2002 });

/**
 * @param {object} [options]
 * @param {[number, number]} [options.completionDelayMs]
 * @param {[number, number]} [options.searchDelayMs]
 */
function startFakeLlmApi({ completionDelayMs = [80, 120], searchDelayMs = [60, 100] } = {}) {
  const pick = seededRandom(99);
  let completionId = 0;

  const completion = ({ prompt = '', max_tokens: maxTokens = 64 }) => {
    const text = COMPLETION_POOL[Math.floor(pick() * COMPLETION_POOL.length)];
    const promptTokens = Math.ceil(String(prompt).length / 4);
    const completionTokens = Math.min(maxTokens, Math.ceil(text.length / 4));
    return {
      id: `cmpl-${++completionId}`,
      object: 'text_completion',
      model: 'tiny-llm-1b',
      choices: [{ index: 0, text, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    };
  };

  const search = ({ top_k: topK = 8 }) => {
    const results = [];
    for (let i = 0; i < topK; i++) {
      const id = Math.floor(pick() * PASSAGE_POOL.length);
      results.push({ id: `doc-${id}`, score: 1 - i / (topK + 1), text: PASSAGE_POOL[id] });
    }
    return { results };
  };

  return startSlowApiServer({
    routes: {
      '/v1/completions': { delayMs: completionDelayMs, respond: completion },
      '/v1/search': { delayMs: searchDelayMs, respond: search },
    },
  });
}

module.exports = { startFakeLlmApi };
