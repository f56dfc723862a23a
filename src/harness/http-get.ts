// One GET against the local latency server, reading the body, with keep-alive so that the figures are
// about waiting, not about opening sockets.
import * as http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** Resolves with the body length. */
export function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => (length += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(length) : reject(new Error(`GET ${url}: status ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Keep-alive sockets would otherwise hold a worker or the harness thread open after the suite. */
export function closeIdleSockets(): void {
  agent.destroy();
}
