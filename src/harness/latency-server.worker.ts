// The stand-in for a remote API: an HTTP server on 127.0.0.1 that answers GET /delay/<ms> after <ms>.
// It runs in a thread of its own so that serving 500 requests does not compete with the client being measured.
import * as http from 'node:http';
import { parentPort } from 'node:worker_threads';

const BODY = JSON.stringify({ id: 'completion', tokens: 42 });

const server = http.createServer((req, res) => {
  const m = /^\/delay\/(\d+)$/.exec(req.url ?? '');
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY), Number(m[1]));
});
// The default backlog is enough for 500 calls at once, but keep-alive sockets must not time out mid-suite.
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort!.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
});
