import { createHash } from 'node:crypto';

const openings = ['Here is a plan', 'A short take', 'Three ideas', 'A quick draft', 'One way to see it'];
const moves = [
  'start with the smallest step you can finish today',
  'write down what success looks like in one sentence',
  'cut the list to the two things that matter most',
  'ask one customer what they would pay for',
  'measure it for a week before changing anything',
  'make the default choice the easy one',
];

/** The demo "AI": deterministic and local, so it needs no external service and tests can assert it. */
export function generateText(prompt: string): string {
  const digest = createHash('sha256').update(prompt).digest();
  const pick = <T>(list: T[], byte: number) => list[digest[byte]! % list.length]!;
  const steps = [pick(moves, 1), pick(moves, 2), pick(moves, 3)];
  return `${pick(openings, 0)} for "${prompt.slice(0, 80)}": ${steps.join('; ')}.`;
}
