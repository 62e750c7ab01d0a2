/** Prints `data` as one JSON line with --json, else the human lines. */
export function printResult(json: boolean | undefined, data: Record<string, unknown>, human: string[]): void {
  console.log(json ? JSON.stringify({ ok: true, ...data }) : human.join('\n'));
}
