'use strict';
// POST a JSON body, resolve with the parsed JSON answer. Built on node:http so that it can use a
// keep-alive agent: reusing sockets saves a TCP handshake per call, and the agent's maxSockets is a
// second cap on how many calls are open at once.
const http = require('node:http');

/** An agent that keeps up to `maxSockets` connections open between requests. */
function keepAliveAgent(maxSockets) {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** Rejects on a network error, a non-2xx status or a body that is not JSON. */
function postJson(url, body, { agent } = {}) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode < 200 || res.statusCode > 299) {
            reject(new Error(`POST ${url} answered ${res.statusCode}: ${text.slice(0, 200)}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (err) {
            reject(new Error(`POST ${url} answered with a body that is not JSON: ${err.message}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

module.exports = { keepAliveAgent, postJson };
