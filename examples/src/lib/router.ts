// A deliberately tiny Express-like router: app.get/app.post register handlers, app.handle dispatches.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Request extends IncomingMessage {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
}
export type Handler = (req: Request, res: ServerResponse) => void | Promise<void>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export function createApp() {
  const routes: Route[] = [];

  // '/files/:name' becomes /^\/files\/([^/]+)$/ once, when the route is registered.
  const register = (method: string) => (route: string, handler: Handler) => {
    const keys: string[] = [];
    const source = route.replace(/:(\w+)/g, (_match, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1])]));
      const request = Object.assign(req, { params, query: Object.fromEntries(url.searchParams) });
      Promise.resolve()
        .then(() => route.handler(request, res))
        .catch((err: unknown) => sendError(res, err));
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  }

  return { get: register('GET'), post: register('POST'), handle };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  if (status === 500) console.error(err);
  sendJson(res, status, { error: err instanceof Error ? err.message : String(err) });
}

/** Collects a JSON request body, refusing bodies over `limit` bytes. */
export function readJson<T>(req: IncomingMessage, limit = 1 << 20): Promise<T> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
      } catch {
        reject(new HttpError(400, 'invalid JSON'));
      }
    });
    req.on('error', reject);
  });
}
