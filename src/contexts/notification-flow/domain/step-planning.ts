import { DateTime } from 'luxon';
import { addDays } from '../../../shared/time/local-date';
import type { FlowStep } from './cadence';

export interface PlannedStep {
  step: FlowStep;
  stepIndex: number;
  /** when the step is meant to go out (local send time on anchor + offset) */
  plannedAt: Date;
  /** when it will be offered to the dispatcher: plannedAt, or now for the latest missed step */
  dueAt: Date;
  /** missed: the debt became known after this step's time (and a later step had passed too) */
  missed: boolean;
}

/**
 * When each step of a cycle goes out. `anchor` is the cycle's first open debt's due date. Steps whose
 * time has passed when the cycle is planned are not all sent at once: only the latest of them goes out
 * now (a debtor discovered at D+10 gets the D+7 message now, then D+15); earlier ones are recorded as
 * missed. Pure.
 */
export function planSteps(
  steps: readonly FlowStep[],
  anchor: string,
  timeZone: string,
  now: Date,
): PlannedStep[] {
  const planned = steps.map((step, stepIndex) => {
    const [hour, minute] = step.sendAt.split(':').map(Number);
    const at = DateTime.fromISO(addDays(anchor, step.offsetDays), { zone: timeZone })
      .set({ hour, minute, second: 0, millisecond: 0 })
      .toJSDate();
    return { step, stepIndex, plannedAt: at, dueAt: at, missed: false };
  });
  const past = planned.filter((p) => p.plannedAt.getTime() <= now.getTime());
  const latestPast = past.at(-1);
  for (const p of past) {
    if (p === latestPast) p.dueAt = now;
    else p.missed = true;
  }
  return planned;
}
