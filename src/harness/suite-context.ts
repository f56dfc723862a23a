// What every suite gets from the harness: its settings, where the worker files are, and where to report.
import type { BenchConfig } from './bench-config';
import type { ChildEvents } from './child-pool';
import type { MachineInfo } from './result-types';

export interface HarnessEvents extends ChildEvents {
  /** A server the harness started is listening on this port (tests check it is closed after a cancel). */
  onServer?(port: number): void;
}

export interface SuiteContext {
  config: BenchConfig;
  /** The folder holding the bundled pool-thread, pool-child and latency-server workers (dist/workers). */
  workersDir: string;
  machine: MachineInfo;
  events: HarnessEvents;
  /** `fraction` of this suite done (0-1), and what it is doing now. */
  progress(step: string, fraction: number): void;
}
