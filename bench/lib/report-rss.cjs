// Preloaded into a benchmarked CLI run (`node --require bench/lib/report-rss.cjs dist/cli.js ...`): reports the
// process's true peak RSS on stderr at exit, so a bench can read it without a platform tool such as /usr/bin/time.
process.on('exit', () => {
  process.stderr.write(`\n@@rss ${process.resourceUsage().maxRSS}\n`);
});
