import type { PlannedCommand } from '../args';
import { EXIT_ERROR } from '../errors';
import { reportError, type CliIO } from '../io';

/** report is part of the design but not built: say so, rather than print something plausible. */
export function runPlanned(name: PlannedCommand, io: CliIO): number {
  reportError(io, `'${name}' is not implemented yet; only 'check', 'profile' and 'bench' work in this version`);
  return EXIT_ERROR;
}
