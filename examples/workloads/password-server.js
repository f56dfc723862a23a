'use strict';
// A login server that checks passwords with crypto.pbkdf2Sync inside the request handler. Key
// derivation is slow on purpose (that is what makes stolen hashes hard to crack), and the Sync form
// does it on the main thread: each login freezes the event loop for ~20 ms, and every other request,
// timer and socket waits behind it. Under load the process uses one core flat out while the rest idle.
//
// Run it, put load on it, stop it with SIGTERM or SIGINT (Ctrl-C):
//   node password-server.js & node load.js --seconds 5; kill %1
// On the signal it prints `throughput: N logins/s` and exits 0. Without load it just waits.
//
// Expected profile: cpu-bound; model worker-pool; not right yet: use the callback or promise form,
// crypto.pbkdf2(..., callback), which runs on libuv's thread pool, or hash in a worker_threads pool.
const crypto = require('node:crypto');
const http = require('node:http');
const { printThroughput } = require('./lib/throughput');

const HOST = '127.0.0.1';
const PORT = Number(process.env.PORT || 3457);

// OWASP suggests 210,000 iterations for PBKDF2-HMAC-SHA512; fewer here so that a five-second run serves
// a few hundred logins, enough for a stable throughput figure. The shape of the problem is the same.
const ITERATIONS = 50_000;
const KEY_LENGTH = 64;
const DIGEST = 'sha512';

function hashPassword(password, salt) {
  return crypto.pbkdf2Sync(password, salt, ITERATIONS, KEY_LENGTH, DIGEST);
}

// The user table, hashed at start-up. Blocking here is harmless: nothing is being served yet.
const USERS = new Map();
for (const [username, password] of [
  ['ada', 'correct horse battery staple'],
  ['grace', 'compilers-all-the-way-down'],
  ['alan', 'the imitation game'],
]) {
  const salt = crypto.randomBytes(16);
  USERS.set(username, { salt, hash: hashPassword(password, salt) });
}
/** Unknown names are hashed too, against this salt, so the response time does not tell which names exist. */
const DECOY_SALT = crypto.randomBytes(16);

/** @returns {{ status: number, body: object }} */
function login({ username, password }) {
  if (typeof username !== 'string' || typeof password !== 'string') {
    return { status: 400, body: { error: 'username and password are required' } };
  }
  const user = USERS.get(username);
  const hash = hashPassword(password, user ? user.salt : DECOY_SALT); // blocks the event loop
  if (!user || !crypto.timingSafeEqual(hash, user.hash)) return { status: 401, body: { error: 'wrong username or password' } };
  return { status: 200, body: { token: crypto.randomUUID() } };
}

// Throughput is logins answered between the first request's arrival and the last answer, so it does not
// depend on how long the server idles before the load starts or after it stops.
const served = { logins: 0, firstArrival: 0, lastAnswer: 0 };

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/login') {
    sendJson(res, 404, { error: 'POST /login' });
    return;
  }
  if (served.firstArrival === 0) served.firstArrival = performance.now();
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let credentials;
    try {
      credentials = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      sendJson(res, 400, { error: 'body must be JSON' });
      return;
    }
    const { status, body } = login(credentials ?? {});
    sendJson(res, status, body);
    served.logins++;
    served.lastAnswer = performance.now();
  });
});

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

server.on('error', (err) => {
  console.error(`password-server: ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  console.log(`password-server listening on http://${HOST}:${PORT}/login (stop it with SIGTERM or Ctrl-C)`);
});

function stop() {
  const seconds = (served.lastAnswer - served.firstArrival) / 1000;
  printThroughput(served.logins, 'logins', seconds);
  // Close the listener and the load generator's keep-alive sockets; the process then exits on its own.
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
