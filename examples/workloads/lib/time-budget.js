'use strict';
// Every workload runs for a fixed amount of wall time, not a fixed amount of work. A run then takes
// about as long on a fast machine as on a slow one, and "work done / seconds" is a throughput that can
// be compared between a run with the profiler and one without it.

const DEFAULT_SECONDS = 4;

/** The run length in seconds: the WORKLOAD_SECONDS environment variable, 4 when it is not set. */
function workloadSeconds(env = process.env) {
  const raw = env.WORKLOAD_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`WORKLOAD_SECONDS must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  }
  return seconds;
}

/**
 * A deadline plus the clock that throughput is measured with. Start it after set-up (servers listening,
 * workers ready, data generated) so that set-up is not counted as work time.
 */
class TimeBudget {
  constructor(seconds = workloadSeconds()) {
    this.seconds = seconds;
    this.startedAt = performance.now();
    this.deadline = this.startedAt + seconds * 1000;
  }

  /** True once the deadline has passed: start no new work, finish what is in flight. */
  get expired() {
    return performance.now() >= this.deadline;
  }

  /** Seconds since the budget started, including the time spent finishing in-flight work. */
  elapsedSeconds() {
    return (performance.now() - this.startedAt) / 1000;
  }
}

module.exports = { TimeBudget, workloadSeconds };
