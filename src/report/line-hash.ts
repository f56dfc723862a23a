// GitHub code scanning identifies an alert across commits by `partialFingerprints.primaryLocationLineHash`.
// When a SARIF file lacks it, github/codeql-action's upload step computes it from the checked-out source with
// the rolling hash below; when the file has a different value, the upload logs a warning for every result.
// Computing the same value here keeps both paths quiet and gives uploads through the REST API (which compute
// nothing) the same de-duplication. The algorithm: a polynomial rolling hash (base 37, modulo 2^64) over the
// next 100 characters starting at each line, skipping spaces and tabs, with CR and CRLF read as LF; the file
// ends with a 65535 marker followed by zeros. Identical hashes in one file are told apart by a 1-based counter.

const BLOCK_SIZE = 100;
const BASE = 37n;
const EOF = 65535;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

const FIRST_MOD = BigInt.asUintN(64, BASE ** BigInt(BLOCK_SIZE));

/** `hashes[i]` is the fingerprint of line i + 1, in the form `<hex>:<occurrence>`. */
export function computeLineHashes(text: string): string[] {
  const window: number[] = new Array<number>(BLOCK_SIZE).fill(0);
  // The line that starts at each window slot, or -1: a line's hash is ready once the window has moved
  // BLOCK_SIZE characters past its first character.
  const lineAt: number[] = new Array<number>(BLOCK_SIZE).fill(-1);
  const seen = new Map<string, number>();
  const hashes: string[] = [];
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;

  const emit = (): void => {
    const hex = hash.toString(16);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    hashes[lineAt[index] - 1] = `${hex}:${n}`;
    lineAt[index] = -1;
  };

  const push = (code: number): void => {
    const leaving = window[index];
    window[index] = code;
    hash = BigInt.asUintN(64, BASE * hash + BigInt(code) - FIRST_MOD * BigInt(leaving));
    index = (index + 1) % BLOCK_SIZE;
  };

  const consume = (code: number): void => {
    if (code === SPACE || code === TAB || (prevCR && code === LF)) {
      prevCR = false;
      return;
    }
    if (code === CR) {
      code = LF;
      prevCR = true;
    } else {
      prevCR = false;
    }
    if (lineAt[index] !== -1) emit();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineAt[index] = lineNumber;
    }
    if (code === LF) lineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) consume(text.charCodeAt(i));
  consume(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineAt[index] !== -1) emit();
    push(0);
  }
  return hashes;
}
