// Text clean-up before chunking: a list of pure string transforms applied in order.
export type Step = (text: string) => string;

/** Applies every step to the input, synchronously: they are cheap string operations, no I/O. */
export function runSync(steps: Step[], input: string): string {
  return steps.reduce((text, step) => step(text), input);
}

export const stripMarkup: Step = (text) => text.replace(/<[^>]*>/g, ' ');
export const collapseWhitespace: Step = (text) => text.replace(/\s+/g, ' ').trim();
