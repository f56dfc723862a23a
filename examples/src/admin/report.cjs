'use strict';
// The admin usage report: one HTML table of the service counters.

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function buildReport(stats) {
  const rows = Object.entries(stats)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return `<!doctype html><title>ai-service report</title><table>${rows}</table>`;
}

module.exports = { buildReport };
