// Service configuration. It is read once, synchronously, while the module loads: nothing is being
// served yet, so a blocking read here costs nothing and keeps every other module simple.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  port: number;
  adminPort: number;
  dataDir: string;
  templatesDir: string;
  embedWorkers: number;
  dims: number;
  apiKeySalt: string;
  apiKeyHashes: string[];
  llm: { baseUrl: string; model: string; apiKey?: string; maxConcurrency: number };
}

const DEFAULTS: Config = {
  port: 8080,
  adminPort: 8081,
  dataDir: 'data',
  templatesDir: 'templates',
  embedWorkers: 4,
  dims: 256,
  apiKeySalt: 'dev-salt',
  apiKeyHashes: [],
  llm: { baseUrl: 'http://127.0.0.1:11434', model: 'llama3.1:8b', maxConcurrency: 4 },
};

export function loadConfig(file = process.env.AI_SERVICE_CONFIG ?? 'config.json'): Config {
  if (!existsSync(file)) return DEFAULTS;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Config>;
  const merged: Config = { ...DEFAULTS, ...raw, llm: { ...DEFAULTS.llm, ...raw.llm } };
  merged.dataDir = path.resolve(merged.dataDir);
  merged.templatesDir = path.resolve(merged.templatesDir);
  return merged;
}

export const config = loadConfig();
