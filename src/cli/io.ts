// What a command may touch of the outside world. Commands get this instead of `process`, so tests run them
// in-process with captured streams and a chosen working directory.

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function useColor(stream: OutputStream, env: CliIO['env']): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export function reportError(io: CliIO, message: string): void {
  io.stderr.write(`concurrency-lens: ${message}\n`);
}
