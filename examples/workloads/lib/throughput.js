'use strict';
// The one line every workload prints last on stdout. A benchmark parses it to compare throughput with
// and without the profiler, so its shape is fixed: `throughput: <number> <unit>/s`.

/** `throughput: 812.4 requests/s`; `count` is units of real work finished, `seconds` the time they took. */
function formatThroughput(count, unit, seconds) {
  const perSecond = seconds > 0 ? count / seconds : 0;
  return `throughput: ${perSecond.toFixed(1)} ${unit}/s`;
}

function printThroughput(count, unit, seconds) {
  process.stdout.write(`${formatThroughput(count, unit, seconds)}\n`);
}

module.exports = { formatThroughput, printThroughput };
