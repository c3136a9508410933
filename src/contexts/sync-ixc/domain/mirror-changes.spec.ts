import { contractChanges, receivableChanges } from './mirror-changes';
import type { IxcContract, IxcReceivable } from './ixc-records';

const contract = (status: string, internetStatus: string): IxcContract => ({
  id: '10',
  customerId: '7',
  branchId: null,
  plan: null,
  status,
  internetStatus,
  speedStatus: null,
  doNotBlockUntil: null,
  trustUnlockActive: false,
  activatedAt: null,
  updatedAt: '2026-12-01 10:00:00',
  raw: {},
});

const receivable = (status: string, openCents: number): IxcReceivable => ({
  id: '20',
  customerId: '7',
  contractId: '10',
  branchId: null,
  status,
  released: true,
  amountCents: 9990,
  openCents,
  receivedCents: 9990 - openCents,
  dueDate: '2026-11-20',
  issuedAt: null,
  paidAt: status === 'R' ? '2026-12-01' : null,
  cancelledAt: null,
  updatedAt: '2026-12-01 10:00:00',
  raw: {},
});

describe('contract changes', () => {
  it.each([
    ['first import', null, ['A', 'A'], []],
    ['nothing changed', ['A', 'A'], ['A', 'A'], []],
    ['internet blocked', ['A', 'A'], ['A', 'CA'], ['contract_status_changed']],
    ['contract suspended', ['A', 'A'], ['S', 'A'], ['contract_status_changed']],
  ] as const)('%s', (_, before, [status, internetStatus], expected) => {
    const previous = new Map(before ? [['10', { status: before[0], internetStatus: before[1] }]] : []);
    const events = contractChanges([contract(status, internetStatus)], previous);
    expect(events.map((e) => e.kind)).toEqual(expected);
  });

  it('carries the previous and current statuses', () => {
    const [event] = contractChanges(
      [contract('A', 'CA')],
      new Map([['10', { status: 'A', internetStatus: 'A' }]]),
    );
    expect(event?.payload).toEqual({
      contractId: '10',
      customerId: '7',
      previous: { status: 'A', internetStatus: 'A' },
      current: { status: 'A', internetStatus: 'CA' },
    });
  });
});

describe('receivable changes', () => {
  it.each([
    ['first import, already paid', null, ['R', 0], []],
    ['open, still open', ['A', 9990], ['A', 9990], []],
    ['open, partially paid', ['A', 9990], ['P', 4000], []],
    ['open, paid', ['A', 9990], ['R', 0], ['receivable_paid']],
    ['partially paid, paid', ['P', 4000], ['R', 0], ['receivable_paid']],
    ['open, cancelled', ['A', 9990], ['C', 9990], ['receivable_cancelled']],
    ['already paid, paid again', ['R', 0], ['R', 0], []],
    ['open status with nothing open, paid', ['A', 0], ['R', 0], []],
  ] as const)('%s', (_, before, [status, openCents], expected) => {
    const previous = new Map(before ? [['20', { status: before[0], openCents: before[1] }]] : []);
    const events = receivableChanges([receivable(status, openCents)], previous);
    expect(events.map((e) => e.kind)).toEqual(expected);
  });

  it('a payment carries the paid date', () => {
    const [event] = receivableChanges(
      [receivable('R', 0)],
      new Map([['20', { status: 'A', openCents: 9990 }]]),
    );
    expect(event?.payload).toMatchObject({ receivableId: '20', openCents: 0, paidAt: '2026-12-01' });
  });
});
