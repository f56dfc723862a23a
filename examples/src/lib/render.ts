// HTML rendering for the document pages: a template with {{placeholders}}.
import { readFileSync as rf } from 'node:fs';
import path from 'node:path';
import { config } from '../config.js';

/** Loads a page template by name. Templates are a few hundred bytes, so a plain read seemed fine. */
export function readTemplate(name: string): string {
  return rf(path.join(config.templatesDir, `${name}.html`), 'utf8');
}

export function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => escapeHtml(vars[key] ?? ''));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
