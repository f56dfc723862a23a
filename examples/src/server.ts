// The AI service: a small HTTP API in front of an embedding worker pool and an LLM.
//
//   GET  /health                          build information and counters
//   GET  /search?q=&title=                keyword or vector search
//   POST /embed                           vectors for a batch of texts
//   POST /embed/documents                 index new documents
//   POST /embed/rerank                    score the whole corpus against a query
//   POST /summarise                       map-reduce summary with follow-up questions
//   POST /session                         exchange an API key for a session token
//   GET  /models                          models offered by the LLM server
//   GET  /files, GET|POST /files/:name    stored documents
//
// An admin server (src/admin/admin.cjs, still CommonJS) listens on a second, private port.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startAdmin } from './admin/admin.cjs';
import { config } from './config.js';
import { issueSession } from './lib/auth.js';
import { embeddings, restoreSnapshot, startSnapshots } from './lib/cache.js';
import { takeToken } from './lib/rate-limit.js';
import { createApp, sendJson } from './lib/router.js';
import { embedHandler, indexHandler, rerankHandler } from './routes/embed.js';
import { listFiles, readDocument, showPage, uploadFile } from './routes/files.js';
import { loadIndex, matrix, searchHandler } from './routes/search.js';
import { llm, summariseHandler } from './routes/summarise.js';
import { pool } from './workers/pool.js';

// Build information for /health, read once at startup.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
let commit = 'unknown';
try {
  commit = execSync('git rev-parse HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // Not a git checkout.
}

const stats = { started: new Date().toISOString(), requests: 0 };
const app = createApp();

app.get('/health', (_req, res) => sendJson(res, 200, { name: pkg.name, version: pkg.version, commit, ...stats }));
app.get('/search', searchHandler);
app.post('/embed', embedHandler);
app.post('/embed/documents', indexHandler);
app.post('/embed/rerank', rerankHandler);
app.post('/summarise', summariseHandler);
app.post('/session', async (req, res) => {
  const token = await issueSession(String(req.headers['x-api-key'] ?? ''));
  sendJson(res, 201, { token });
});
app.get('/models', async (_req, res) => {
  sendJson(res, 200, { models: await llm.listModels() });
});
app.get('/files', listFiles);
app.get('/files/:name', async (req, res) => {
  const text = await readDocument(req.params.name);
  const html = showPage(req.params.name, text);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
});
app.post('/files/:name', uploadFile);

const server = http.createServer((req, res) => {
  stats.requests++;
  takeToken(req.socket.remoteAddress ?? 'unknown');
  app.handle(req, res);
});

async function main(): Promise<void> {
  // Warm everything up before accepting traffic: the saved search index and the embedding cache.
  const indexFile = path.join(config.dataDir, 'index.json');
  loadIndex(JSON.parse(readFileSync(indexFile, 'utf8')));
  const cacheFile = path.join(config.dataDir, 'embeddings.bin');
  const cached = restoreSnapshot(embeddings, cacheFile);
  startSnapshots(embeddings, cacheFile);
  pool.start(config.embedWorkers, config.dims, matrix);

  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  startAdmin(config.adminPort, { stats, dataDir: config.dataDir });
  console.log(`${pkg.name} ${pkg.version} (${commit.slice(0, 7)}) on :${config.port}, ${cached} cached embeddings`);
}

// Keep the counters across restarts. 'exit' listeners must be synchronous, so this one is.
process.on('exit', () => writeFileSync(path.join(config.dataDir, 'stats.json'), JSON.stringify(stats)));
process.once('SIGTERM', () => server.close(() => process.exit(0)));

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
