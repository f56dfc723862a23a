// Append-only audit trail of who asked for what, one JSON object per line.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config.js';

export interface AuditEntry {
  requestId: string;
  route: string;
  [field: string]: unknown;
}

export class AuditLog {
  constructor(private readonly file: string) {}

  async write(entry: AuditEntry): Promise<void> {
    await appendFile(this.file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
  }
}

export const auditLog = new AuditLog(path.join(config.dataDir, 'audit.jsonl'));
