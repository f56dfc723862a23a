'use strict';
// A small internal service that is idle most of the time: an HTTP server answering a status check a few
// times a second (load.js --interval-ms, one keep-alive connection), and a helper process forked at
// start-up (lib/thumbnail-helper.js) that renders thumbnails for POST /thumbnails over IPC, a route no
// one calls during the run. Between requests nothing is pending: the loop holds a listening server, an
// idle keep-alive socket, and a forked child with its IPC channel, and waits on none of them.
//
// Run it, put a trickle of load on it, stop it with SIGTERM or SIGINT (Ctrl-C):
//   node forked-helper-server.js & node load.js --connections 1 --interval-ms 200 --url http://127.0.0.1:3457/status --seconds 5; kill %1
// On the signal it prints `throughput: N requests/s` and exits 0.
//
// Expected profile: idle; model async; already right (an event loop with headroom is the right tool).
const { fork } = require('node:child_process');
const { once } = require('node:events');
const http = require('node:http');
const path = require('node:path');
const { printThroughput } = require('./lib/throughput');

const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT || 3457);

// Requests answered between the first request's arrival and the last answer, as in password-server.js.
const served = { requests: 0, firstArrival: 0, lastAnswer: 0 };
const startedAt = Date.now();

/** Asks the helper for one thumbnail; its answer is matched to the request by id. */
function makeRenderer(helper) {
  const waiting = new Map();
  let nextId = 1;
  helper.on('message', (reply) => {
    const resolve = waiting.get(reply.id);
    waiting.delete(reply.id);
    resolve?.(reply.thumbnail);
  });
  return (size) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      helper.send({ id, size });
    });
}

async function main() {
  const helper = fork(path.join(__dirname, 'lib/thumbnail-helper.js'));
  const [hello] = await once(helper, 'message');
  if (!hello.ready) throw new Error('the thumbnail helper did not start');
  const render = makeRenderer(helper);

  const server = http.createServer((req, res) => {
    if (served.firstArrival === 0) served.firstArrival = performance.now();
    const answer = (status, body) => {
      sendJson(res, status, body);
      served.requests++;
      served.lastAnswer = performance.now();
    };
    req.resume();
    if (req.url === '/status') {
      answer(200, { ok: true, uptimeSeconds: (Date.now() - startedAt) / 1000, helper: helper.connected ? 'ready' : 'gone' });
    } else if (req.method === 'POST' && req.url === '/thumbnails') {
      render(32).then(
        (thumbnail) => answer(200, { thumbnail }),
        (err) => answer(502, { error: `thumbnail helper: ${err.message}` }),
      );
    } else {
      answer(404, { error: 'GET /status or POST /thumbnails' });
    }
  });
  server.on('error', (err) => {
    console.error(`forked-helper-server: ${err.message}`);
    process.exit(1);
  });
  await new Promise((resolve) => server.listen(PORT, HOST, resolve));
  console.log(`forked-helper-server listening on http://${HOST}:${PORT}/status (stop it with SIGTERM or Ctrl-C)`);

  const stop = () => {
    const seconds = (served.lastAnswer - served.firstArrival) / 1000;
    printThroughput(served.requests, 'requests', seconds);
    server.close();
    server.closeAllConnections();
    helper.disconnect();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
