'use strict';
// An in-process HTTP server that answers JSON POSTs after a delay, standing in for a remote API (an LLM
// provider, a vector database). The delay is a timer, so while a request is "being processed" this
// process has nothing to do: exactly what waiting on a remote service looks like from the client side.
// Delays are drawn from a seeded generator, so a run sees the same latencies every time.
const http = require('node:http');
const { seededRandom, randomInt } = require('./seeded-random');

/**
 * @param {object} options
 * @param {Record<string, {delayMs: [number, number], respond: (body: any) => any}>} options.routes
 *   POST path → latency range in ms (both ends included) and a function from request body to response body
 * @param {number} [options.seed]
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
async function startSlowApiServer({ routes, seed = 7 }) {
  const random = seededRandom(seed);

  const server = http.createServer((req, res) => {
    const route = req.method === 'POST' ? routes[req.url] : undefined;
    if (!route) {
      sendJson(res, 404, { error: `no route for ${req.method} ${req.url}` });
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        sendJson(res, 400, { error: 'request body is not JSON' });
        return;
      }
      const [min, max] = route.delayMs;
      setTimeout(() => sendJson(res, 200, route.respond(body)), randomInt(random, min, max));
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

module.exports = { startSlowApiServer };
