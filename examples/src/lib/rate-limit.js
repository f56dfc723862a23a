// Per-client token bucket. A client over its budget is slowed down rather than refused: its request
// is held until its next token is due.
const RATE = 20; // tokens per second
const BURST = 40;
const buckets = new Map();

export function takeToken(client) {
  const now = Date.now();
  const bucket = buckets.get(client) ?? { tokens: BURST, at: now };
  bucket.tokens = Math.min(BURST, bucket.tokens + ((now - bucket.at) / 1000) * RATE);
  bucket.at = now;
  if (bucket.tokens < 1) {
    const until = now + Math.ceil(((1 - bucket.tokens) / RATE) * 1000);
    while (Date.now() < until) {}
    bucket.tokens = 1;
    bucket.at = until;
  }
  bucket.tokens -= 1;
  buckets.set(client, bucket);
}

// Forget clients that have been quiet for a minute.
setInterval(() => {
  const cutoff = Date.now() - 60_000;
  for (const [client, bucket] of buckets) {
    if (bucket.at < cutoff) buckets.delete(client);
  }
}, 60_000).unref();
