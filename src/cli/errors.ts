/** A mistake in how the CLI was called: reported on stderr with exit code 2, never as a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
/** Something reached the --fail-on threshold. */
export const EXIT_FINDINGS = 1;
/** Usage or internal error; stdout carries nothing. */
export const EXIT_ERROR = 2;
/** profile: the report was written, but the workload failed (crashed, exited non-zero, timed out). */
export const EXIT_WORKLOAD_FAILED = 1;
