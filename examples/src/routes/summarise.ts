// POST /summarise: map-reduce summary of a long text with an LLM, then answers to follow-up questions.
import type { ServerResponse } from 'node:http';
import { config } from '../config.js';
import { auditLog } from '../lib/audit-log.js';
import { newRequestId, verifyApiKey } from '../lib/auth.js';
import { pLimit } from '../lib/limit.js';
import { LlmClient } from '../lib/llm-client.mjs';
import { collapseWhitespace, runSync, stripMarkup } from '../lib/pipeline.js';
import { HttpError, readJson, sendJson, type Request } from '../lib/router.js';
import { chunk } from '../lib/tokenizer.js';

interface SummariseBody {
  text: string;
  questions?: string[];
}

export const llm = new LlmClient(config.llm);
// The model server handles a few requests at a time; more only queue there.
const limit = pLimit(config.llm.maxConcurrency);

async function extractKeywords(text: string): Promise<string[]> {
  const answer = await llm.complete(`List the 5 most important keywords, comma-separated:\n\n${text.slice(0, 4000)}`);
  return answer.split(',').map((k: string) => k.trim()).filter(Boolean);
}

export async function summariseHandler(req: Request, res: ServerResponse): Promise<void> {
  const key = req.headers['x-api-key'];
  if (!verifyApiKey(Array.isArray(key) ? key[0] : key)) throw new HttpError(401, 'invalid API key');
  const requestId = await newRequestId();
  const body = await readJson<SummariseBody>(req, 8 << 20);
  const text = runSync([stripMarkup, collapseWhitespace], body.text);
  const chunks = chunk(text, 1024);

  // Map: summarise every chunk, a few at a time.
  const partials = await Promise.all(chunks.map((c) => limit(() => llm.complete(`Summarise:\n\n${c}`))));
  // Reduce, and find keywords meanwhile.
  const [summary, keywords] = await Promise.all([
    llm.complete(`Combine these partial summaries into one:\n\n${partials.join('\n\n')}`),
    extractKeywords(text),
  ]);

  // Follow-up questions about the document.
  const answers: string[] = [];
  for (const question of body.questions ?? []) {
    answers.push(await llm.complete(`${summary}\n\nQuestion: ${question}\nAnswer:`));
  }

  auditLog.write({ requestId, route: '/summarise', chars: text.length, chunks: chunks.length });
  sendJson(res, 200, { requestId, summary, keywords, answers });
}
