const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `30m`, `24h`, `7d`, `2w` → milliseconds; anything else is refused with an example. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount <= 0)
    throw new Error(`${option} must be a duration like 30m, 24h, 7d or 2w (got "${text}")`);
  return amount * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS];
}
