import { InvalidEscalationSettingsError } from './debt-escalation.errors';
import {
  caseCandidates,
  crmMarker,
  DEFAULT_ESCALATION_SETTINGS,
  mergeClosedDebts,
  qualifies,
  validateEscalationSettings,
  type OverdueDebt,
} from './escalation-rule';

const today = '2026-12-03';
const debt = (overrides: Partial<OverdueDebt> = {}): OverdueDebt => ({
  source: 'ixc',
  debtId: 'r-1',
  debtorId: 'cust-1',
  contractId: 'ct-1',
  dueDate: '2026-09-04', // 90 days before today
  amountCents: 10_000,
  openCents: 10_000,
  ...overrides,
});

describe('escalation rule', () => {
  it.each([
    ['exactly at the threshold', debt(), true],
    ['one day short of it', debt({ dueDate: '2026-09-05' }), false],
    ['well past it', debt({ dueDate: '2026-01-10' }), true],
    ['paid off (nothing open)', debt({ openCents: 0 }), false],
    ['from a source the tenant left out', debt({ source: 'clinic' }), false],
  ])('a debt %s qualifies: %s', (_label, d, expected) => {
    const settings = { ...DEFAULT_ESCALATION_SETTINGS, sources: ['ixc' as const] };
    expect(qualifies(d, settings, today)).toBe(expected);
  });

  it('groups debts per source, debtor and contract, summing what is open and keeping the oldest due date', () => {
    const groups = caseCandidates(
      [
        debt({ debtId: 'r-1', dueDate: '2026-08-01', openCents: 5_000 }),
        debt({ debtId: 'r-2', dueDate: '2026-07-01', openCents: 7_000 }),
        debt({ debtId: 'r-2', dueDate: '2026-07-01', openCents: 7_000 }),
        debt({ debtId: 'r-3', contractId: 'ct-2' }),
        debt({ debtId: 'r-4', contractId: null }),
        debt({ debtId: 'r-5', dueDate: '2026-11-30' }),
      ],
      DEFAULT_ESCALATION_SETTINGS,
      today,
    );
    expect(
      groups.map((g) => [g.contractId, g.debts.map((d) => d.debtId), g.openCents, g.oldestDueDate]),
    ).toEqual([
      ['ct-1', ['r-1', 'r-2'], 12_000, '2026-07-01'],
      ['ct-2', ['r-3'], 10_000, '2026-09-04'],
      [null, ['r-4'], 10_000, '2026-09-04'],
    ]);
    expect(groups[0]!.daysOverdue).toBe(155);
  });

  it.each([
    [{ thresholdDays: 0 }, 'thresholdDays'],
    [{ thresholdDays: 1.5 }, 'thresholdDays'],
    [{ thresholdDays: 99999 }, 'thresholdDays'],
    [{ minAmountCents: -1 }, 'minAmountCents'],
    [{ sources: ['erp'] }, 'sources'],
  ])('refuses settings %j (%s)', (change, field) => {
    const settings = { ...DEFAULT_ESCALATION_SETTINGS, ...change } as typeof DEFAULT_ESCALATION_SETTINGS;
    expect(() => validateEscalationSettings(settings)).toThrow(InvalidEscalationSettingsError);
    expect(() => validateEscalationSettings(settings)).toThrow(field);
  });

  it('keeps valid settings, without repeated sources', () => {
    expect(
      validateEscalationSettings({ ...DEFAULT_ESCALATION_SETTINGS, sources: ['ixc', 'ixc'] }).sources,
    ).toEqual(['ixc']);
  });

  it('marks CRM deals with the case id', () => {
    expect(crmMarker('3f1c')).toBe('[regua-caso:3f1c]');
  });

  it('merges a debt listed twice as closing them one after the other would', () => {
    expect(
      mergeClosedDebts([
        { debtId: 'a', partialCents: 300 },
        { debtId: 'b', version: '2026-01-01' },
        { debtId: 'a', partialCents: 200 },
        { debtId: 'b', version: '2026-02-01' },
        { debtId: 'c', partialCents: 100 },
        { debtId: 'c' },
        { debtId: 'd', version: '2026-01-01' },
        { debtId: 'd', version: null },
      ]),
    ).toEqual([
      { debtId: 'a', partialCents: 500 }, // partial payments add up
      { debtId: 'b', version: '2026-02-01' }, // the newest version
      { debtId: 'c' }, // closed whole: the partial was part of what it owed
      { debtId: 'd', version: null }, // unknown wins: nothing outdates it
    ]);
  });
});
