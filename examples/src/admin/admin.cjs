'use strict';
// Admin endpoints on a second port, bound to localhost. This part of the service predates the
// TypeScript rewrite and is still CommonJS.
//
//   GET  /admin/disk     disk usage of the data directory
//   GET  /admin/logs     the last 100 audit log lines
//   GET  /admin/report   an HTML usage report
//   POST /admin/reindex  rebuild the keyword index from every document on disk
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { execSync: run } = require('child_process');

const read = fs.readFileSync;

function startAdmin(port, { stats, dataDir }) {
  const server = http.createServer();

  server.on('request', (req, res) => {
    if (req.url === '/admin/disk') {
      const usage = run(`du -sk ${JSON.stringify(dataDir)}`, { encoding: 'utf8' });
      res.end(usage);
    } else if (req.url === '/admin/logs') {
      const lines = read(path.join(dataDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
      res.end(lines.slice(-100).join('\n'));
    } else if (req.url === '/admin/stats.csv' || req.url === '/admin/stats.json') {
      // One formatter module per format, picked per request: each new specifier is read and compiled on the loop.
      const { formatStats } = require(`./format-${path.extname(req.url).slice(1)}.cjs`);
      res.end(formatStats(stats));
    } else if (req.url === '/admin/report') {
      // Only admins ever open the report, so its renderer is loaded on first use.
      const { buildReport } = require('./report.cjs');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(buildReport(stats));
    } else if (req.url === '/admin/reindex' && req.method === 'POST') {
      const worker = new Worker(path.join(__dirname, 'reindex-worker.cjs'));
      worker.once('message', (result) => res.end(JSON.stringify(result)));
      worker.once('error', (err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
      worker.postMessage({ docsDir: path.join(dataDir, 'docs'), outFile: path.join(dataDir, 'keywords.json') });
    } else {
      res.statusCode = 404;
      res.end();
    }
  });

  server.listen(port, '127.0.0.1');
  return server;
}

module.exports = { startAdmin };
