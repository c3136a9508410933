import { DEFAULT_STEPS, isMinor, normalizeSteps, stepProblems } from './cadence';
import { addressFor, normalizePhone } from './contact-address';

describe('flow steps', () => {
  it('the default cadence is valid and ordered D-3 … D+30', () => {
    expect(stepProblems(DEFAULT_STEPS)).toEqual([]);
    expect(DEFAULT_STEPS.map((s) => s.offsetDays)).toEqual([-3, 0, 3, 7, 15, 30]);
    expect(DEFAULT_STEPS.map((s) => s.type)).toEqual([
      'upcoming',
      'upcoming',
      'overdue',
      'overdue',
      'overdue',
      'overdue',
    ]);
  });

  it.each([
    [[], 'at least one step'],
    [[{ key: 'a', offsetDays: 1, channels: [] }], 'at least one channel'],
    [[{ key: 'a', offsetDays: 1, channels: ['fax'] }], 'unknown channel fax'],
    [[{ key: 'a', offsetDays: 1.5, channels: ['sms'] }], 'offsetDays'],
    [[{ key: 'a', offsetDays: 1, channels: ['sms', 'sms'] }], 'repeats a channel'],
    [[{ key: 'a', offsetDays: 1, sendAt: '25:00', channels: ['sms'] }], 'sendAt'],
    [
      [
        { key: 'a', offsetDays: 1, channels: ['sms'] },
        { key: 'a', offsetDays: 2, channels: ['sms'] },
      ],
      'used twice',
    ],
    [[{ key: 'a', offsetDays: 1, channels: ['sms'], allDay: true }], 'allDay is only allowed'],
  ])('rejects %j (%s)', (steps, problem) => {
    const problems = stepProblems(normalizeSteps(steps as never));
    expect(problems.join('; ')).toContain(problem);
  });

  it('fills defaults and sorts by offset', () => {
    const steps = normalizeSteps([
      { key: 'late', offsetDays: 10, channels: ['email'] },
      { key: 'early', offsetDays: -2, channels: ['whatsapp'] },
    ]);
    expect(steps.map((s) => [s.key, s.type, s.sendAt, s.allDay])).toEqual([
      ['early', 'upcoming', '09:00', false],
      ['late', 'overdue', '09:00', false],
    ]);
  });
});

describe('debtors', () => {
  it.each([
    ['2010-05-01', '2026-11-22', true],
    ['2008-11-22', '2026-11-22', false], // 18 today
    ['2008-11-23', '2026-11-22', true], // 18 tomorrow
    [null, '2026-11-22', false],
  ])('born %s is a minor on %s: %s', (birth, today, minor) => {
    expect(isMinor(birth, today)).toBe(minor);
  });

  it.each([
    ['(11) 98765-4321', '5511987654321'],
    ['+55 79 99830-7232', '5579998307232'],
    ['011987654321', '5511987654321'],
    ['12345', null],
    ['', null],
  ])('normalises phone %j to %j', (raw, digits) => {
    expect(normalizePhone(raw)).toBe(digits);
  });

  it('routes a channel to the address the debtor has for it', () => {
    const debtor = { email: 'a@b.com', phone: '5511987654321', whatsapp: null };
    expect(addressFor('whatsapp', debtor)).toBe('5511987654321');
    expect(addressFor('sms', debtor)).toBe('5511987654321');
    expect(addressFor('email', { ...debtor, email: null })).toBeNull();
  });
});
