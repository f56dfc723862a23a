'use strict';
// Clinic.js Doctor's verdict without a browser: runs @clinic/doctor's own analysis module
// (analysis/index.js, the same `Analysis` stream that `clinic doctor --visualize-only` embeds in its HTML)
// on a directory written by `clinic doctor --collect-only`, and prints one JSON line:
//   { analysis: { interval, issues, issueCategory }, stats: { ...what the analysis looked at } }
//
//   node bench/lib/clinic-doctor-analyze.cjs <path to node_modules/@clinic/doctor> <NNN.clinic-doctor dir>
//
// The decoding mirrors ClinicDoctor#visualize in @clinic/doctor/index.js. `stats` is ours, for reading the
// verdict: how many samples there were, the benchmark interval Doctor guessed, the medians it compared with
// its thresholds, and the blocking GC events it found in that interval.
const fs = require('node:fs');
const path = require('node:path');

const [doctorDir, dataDir] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!doctorDir || !dataDir) {
  console.error('usage: clinic-doctor-analyze.cjs <@clinic/doctor dir> <data dir>');
  process.exit(2);
}
const fromDoctor = (m) => require(require.resolve(m, { paths: [doctorDir] }));
const local = (m) => require(path.join(doctorDir, m));

const pumpify = fromDoctor('pumpify');
const getLoggingPaths = fromDoctor('@clinic/clinic-common').getLoggingPaths('doctor');
const Analysis = local('analysis/index.js');
const guessInterval = local('analysis/guess-interval.js');
const SystemInfoDecoder = local('format/system-info-decoder.js');
const TraceEventDecoder = local('format/trace-event-decoder.js');
const ProcessStatDecoder = local('format/process-stat-decoder.js');
const summary = fromDoctor('summary');

const paths = getLoggingPaths({ path: dataDir.replace(/[\\/]$/, '') });

function readers() {
  const systemInfo = pumpify.obj(fs.createReadStream(paths['/systeminfo']), new SystemInfoDecoder());
  const traceEvent = pumpify.obj(fs.createReadStream(paths['/traceevent']), new TraceEventDecoder(systemInfo));
  const processStat = pumpify.obj(fs.createReadStream(paths['/processstat']), new ProcessStatDecoder());
  return { systemInfo, traceEvent, processStat };
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const out = [];
    stream.on('data', (d) => out.push(d));
    stream.on('end', () => resolve(out));
    stream.on('error', reject);
  });
}

async function main() {
  // 1. Doctor's own analysis.
  const r = readers();
  const analysis = await new Promise((resolve, reject) => {
    const a = new Analysis(r.systemInfo, r.traceEvent, r.processStat);
    a.on('data', resolve);
    a.on('error', reject);
  });

  // 2. What it looked at (a second, independent decode of the same files).
  const r2 = readers();
  const [processStat, traceEvent] = await Promise.all([collect(r2.processStat), collect(r2.traceEvent)]);
  const stats = { samples: processStat.length, nonMonotonicTimestamps: 0 };
  for (let i = 1; i < processStat.length; i++) if (processStat[i].timestamp < processStat[i - 1].timestamp) stats.nonMonotonicTimestamps++;
  if (processStat.length >= 2) {
    const [a, b] = guessInterval(processStat);
    const sub = processStat.slice(a, b);
    const [t0, t1] = [processStat[a].timestamp, processStat[b - 1].timestamp];
    const med = (xs) => (xs.length ? Math.round(summary(xs).median() * 1000) / 1000 : null);
    const blocking = new Set(['V8.GCScavenger', 'V8.GCFinalizeMC', 'V8.GCIncrementalMarkingFinalize']);
    const gc = traceEvent.filter((d) => blocking.has(d.name) && d.args.startTimestamp >= t0 && d.args.endTimestamp <= t1);
    Object.assign(stats, {
      span_s: (processStat[processStat.length - 1].timestamp - processStat[0].timestamp) / 1000,
      interval_s: (t1 - t0) / 1000,
      intervalSamples: sub.length,
      cpuMedian: med(sub.map((d) => d.cpu)),
      cpuP90: sub.length ? Math.round(summary(sub.map((d) => d.cpu)).quartile(0.9) * 1000) / 1000 : null,
      delayMedianMs: med(sub.map((d) => d.delay)),
      delayMaxMs: sub.length ? Math.round(Math.max(...sub.map((d) => d.delay))) : null,
      eluMedianPct: med(sub.map((d) => d.loopUtilization).filter((x) => Number.isFinite(x))),
      handlesMin: sub.length ? Math.min(...sub.map((d) => d.handles)) : null,
      handlesMax: sub.length ? Math.max(...sub.map((d) => d.handles)) : null,
      blockingGcEvents: gc.length,
      blockingGcMs: Math.round(gc.reduce((s, d) => s + d.args.endTimestamp - d.args.startTimestamp, 0)),
    });
  }
  process.stdout.write(JSON.stringify({ analysis, stats }) + '\n');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
