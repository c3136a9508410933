import { CONTACT_STATUSES, contactStatus, queueState, type ContactStatus } from './billing-queue-status';

const counts = (c: Partial<Record<ContactStatus, number>>) =>
  ({ ...Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0])), ...c }) as Record<ContactStatus, number>;

describe('billing queue status', () => {
  it.each([
    ['planned', 0, 'pending'],
    ['deferred', 0, 'pending'],
    ['planned', 1, 'pending_retry'],
    ['queued', 0, 'pending'],
    ['sending', 1, 'sending'],
    ['unknown', 1, 'sending'],
    ['sent', 1, 'sent'],
    ['failed', 3, 'failed'],
    ['skipped', 0, 'skipped'],
    ['cancelled', 0, 'cancelled'],
  ])('schedule %s (attempts %d) → contact %s', (status, attempts, expected) => {
    expect(contactStatus(status, attempts, null)).toBe(expected);
  });

  it.each([
    ['skipped', 'opted_out', 'skipped'],
    ['cancelled', 'opted_out', 'skipped'],
    ['cancelled', 'opt_out', 'skipped'],
    ['cancelled', 'no_open_debt', 'cancelled'],
    ['skipped', 'no_consent', 'skipped'],
    ['sent', 'opt_out', 'sent'],
  ])('schedule %s because %s → contact %s', (status, reason, expected) => {
    expect(contactStatus(status, 1, reason)).toBe(expected);
  });

  it.each([
    ['nothing started', counts({ pending: 10 }), null, 'pending', null, 0],
    [
      'outside business hours',
      counts({ pending: 10 }),
      'outside_business_hours',
      'paused_business_hours',
      'outside_business_hours',
      0,
    ],
    ['on a holiday', counts({ pending: 10 }), 'holiday', 'paused_business_hours', 'holiday', 0],
    [
      'instance down',
      counts({ pending: 6, sent: 4 }),
      'whatsapp_paused',
      'paused_instance_down',
      'instance_down',
      40,
    ],
    ['throttled', counts({ pending: 5, sent: 5 }), 'throttled', 'paused', 'throttled', 50],
    ['sending', counts({ sending: 2, sent: 8 }), null, 'running', null, 80],
    ['done', counts({ sent: 9, skipped: 1 }), null, 'completed', null, 100],
  ] as const)('%s', (_what, byStatus, waitingReason, status, pausedReason, progress) => {
    expect(queueState({ total: 10, byStatus, waitingReason })).toMatchObject({
      status,
      pausedReason,
      progressPercentage: progress,
    });
  });
});
