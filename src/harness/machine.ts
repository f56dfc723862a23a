// What the figures were measured on, so results from two machines are never compared blind.
import * as os from 'node:os';
import type { MachineInfo } from './result-types';

export function machineInfo(): MachineInfo {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemBytes: os.totalmem(),
    freeMemBytes: os.freemem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    loadAverage: loadAverage(),
  };
}

export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}
