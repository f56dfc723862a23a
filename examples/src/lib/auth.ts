// API keys are stored as PBKDF2 hashes in the config; a caller's key is hashed and compared.
import crypto from 'node:crypto';
import { config } from '../config.js';
import { HttpError } from './router.js';

const ITERATIONS = 100_000;
const knownHashes = config.apiKeyHashes.map((hex) => Buffer.from(hex, 'hex'));
const sessions = new Map<string, number>();

function matchesKnownKey(hash: Buffer): boolean {
  return knownHashes.some((known) => known.length === hash.length && crypto.timingSafeEqual(known, hash));
}

/** The original check, still used by /summarise. */
export function verifyApiKey(key: string | undefined): boolean {
  if (!key) return false;
  const hash = crypto.pbkdf2Sync(key, config.apiKeySalt, ITERATIONS, 32, 'sha256');
  return matchesKnownKey(hash);
}

/** Same check; the hashing runs on the libuv thread pool. */
export function verifyApiKeyAsync(key: string | undefined): Promise<boolean> {
  if (!key) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    crypto.pbkdf2(key, config.apiKeySalt, ITERATIONS, 32, 'sha256', (err, hash) => {
      if (err) reject(err);
      else resolve(matchesKnownKey(hash));
    });
  });
}

/** Exchanges an API key for a session token. */
export function issueSession(key: string | undefined): Promise<string> {
  return verifyApiKeyAsync(key).then((ok) => {
    if (!ok) throw new HttpError(401, 'invalid API key');
    const token = crypto.randomBytes(32).toString('hex');
    sessions.set(token, Date.now());
    return token;
  });
}

/** A random id for correlating log lines, taken from the thread pool's entropy source. */
export function newRequestId(): Promise<string> {
  return new Promise((resolve, reject) => {
    crypto.randomBytes(16, (err, buf) => (err ? reject(err) : resolve(buf.toString('hex'))));
  });
}
