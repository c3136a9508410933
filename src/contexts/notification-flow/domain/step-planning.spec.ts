import { DEFAULT_STEPS } from './cadence';
import { planSteps } from './step-planning';

const TZ = 'America/Sao_Paulo';

describe('planSteps', () => {
  it('plans every step at its local send time relative to the due date', () => {
    const now = new Date('2026-11-01T12:00:00Z');
    const plan = planSteps(DEFAULT_STEPS, '2026-11-10', TZ, now);
    expect(plan.map((p) => p.plannedAt.toISOString())).toEqual([
      '2026-11-07T12:00:00.000Z', // D-3 09:00 BRT (UTC-3)
      '2026-11-10T12:00:00.000Z',
      '2026-11-13T12:00:00.000Z',
      '2026-11-17T12:00:00.000Z',
      '2026-11-25T12:00:00.000Z',
      '2026-12-10T12:00:00.000Z',
    ]);
    expect(plan.every((p) => !p.missed && p.dueAt === p.plannedAt)).toBe(true);
  });

  it('a debt discovered late sends only the latest passed step now; earlier ones are missed', () => {
    const now = new Date('2026-11-20T15:00:00Z'); // D+10
    const plan = planSteps(DEFAULT_STEPS, '2026-11-10', TZ, now);
    expect(plan.map((p) => [p.step.key, p.missed, p.dueAt.getTime() === now.getTime()])).toEqual([
      ['D-3', true, false],
      ['D0', true, false],
      ['D+3', true, false],
      ['D+7', false, true],
      ['D+15', false, false],
      ['D+30', false, false],
    ]);
  });
});
