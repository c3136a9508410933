import { sendStopReason, type SendCandidate } from './send-stop-reason';

const now = new Date('2026-12-03T12:00:00Z');
const today = '2026-12-03';
const reachable: SendCandidate = {
  open_debts: 1,
  opted_out_at: null,
  birth_date: '1990-05-01',
  consent: true,
  snoozed_until: null,
};
const later = new Date('2026-12-10T12:00:00Z');

describe('sendStopReason (the last check before a send)', () => {
  it.each<[string, Partial<SendCandidate>, ReturnType<typeof sendStopReason>]>([
    ['reachable: it may go out', {}, null],
    ['no open debt left: cancelled', { open_debts: 0 }, { status: 'cancelled', reason: 'no_open_debt' }],
    ['opted out: cancelled', { opted_out_at: now }, { status: 'cancelled', reason: 'opted_out' }],
    ['a minor: skipped', { birth_date: '2010-01-01' }, { status: 'skipped', reason: 'minor' }],
    ['18 today: an adult', { birth_date: '2008-12-03' }, null],
    ['no consent: skipped', { consent: false }, { status: 'skipped', reason: 'no_consent' }],
    [
      'snoozed: deferred to the snooze end',
      { snoozed_until: later },
      { status: 'deferred', reason: 'snoozed', until: later },
    ],
    ['a snooze that ended: it may go out', { snoozed_until: new Date('2026-12-01T00:00:00Z') }, null],
    [
      'no open debt wins over an opt-out',
      { open_debts: 0, opted_out_at: now },
      { status: 'cancelled', reason: 'no_open_debt' },
    ],
    [
      'opted out wins over a snooze',
      { opted_out_at: now, snoozed_until: later },
      { status: 'cancelled', reason: 'opted_out' },
    ],
  ])('%s', (_, change, expected) => {
    expect(sendStopReason({ ...reachable, ...change }, today, now)).toEqual(expected);
  });
});
