import { payersBefore, usersAt, type Timeline } from './mrr-timeline.ts';

export interface MrrMovement {
  month: string;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * MRR movements of each calendar month (UTC) touching [from, to], per user between the month's start
 * (the state just before it) and its end (or `to`): 0 → >0 is new (reactivation if the user paid
 * before), >0 → 0 churn, up expansion, down contraction. Losses are positive numbers, so
 * end MRR − start MRR = new + reactivation + expansion − contraction − churn.
 */
export function mrrMovements(timelines: Timeline[], from: Date, to: Date): MrrMovement[] {
  const result: MrrMovement[] = [];
  for (let start = monthStart(from.getTime()); start <= to.getTime(); start = nextMonth(start)) {
    const end = Math.min(nextMonth(start) - 1, to.getTime());
    const before = usersAt(timelines, start - 1);
    const after = usersAt(timelines, end);
    const paidBefore = payersBefore(timelines, start);
    const movement: MrrMovement = {
      month: new Date(start).toISOString().slice(0, 7),
      new: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
    };
    for (const userId of new Set([...before.keys(), ...after.keys()])) {
      const s = before.get(userId)?.mrr ?? 0;
      const e = after.get(userId)?.mrr ?? 0;
      if (s === 0 && e > 0) {
        if (paidBefore.has(userId)) movement.reactivation += e;
        else movement.new += e;
      } else if (s > 0 && e === 0) movement.churn += s;
      else if (e > s) movement.expansion += e - s;
      else if (e < s) movement.contraction += s - e;
    }
    result.push(movement);
  }
  return result;
}
