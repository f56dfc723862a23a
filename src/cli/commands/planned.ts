import type { PlannedCommand } from '../args';
import { EXIT_ERROR } from '../errors';
import { reportError, type CliIO } from '../io';

/** bench and report are part of the design but not built: say so, rather than print something plausible. */
export function runPlanned(name: PlannedCommand, io: CliIO): number {
  reportError(io, `'${name}' is not implemented yet; only 'check' and 'profile' work in this version`);
  return EXIT_ERROR;
}
