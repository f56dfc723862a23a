// The findings `check` makes of a throw-away project, for the analysis tests that describe a judgement with a small
// project (a file of its own, so that tests that only need temp files do not load the analyser).
import { analyzePaths } from '../../src/analysis';
import type { Finding } from '../../src/analysis/findings';
import { tempProject } from './temp-project';

/** From syntax alone, without the notes on code no entry reaches. */
export function analyseTempProject(files: Record<string, string>): Finding[] {
  const p = tempProject(files);
  try {
    return analyzePaths({ paths: [p.dir], cwd: p.dir, types: 'off', skipUnknownReach: true }).findings;
  } finally {
    p.cleanup();
  }
}
