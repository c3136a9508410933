import { randomUUID } from 'node:crypto';
import { toInbound } from '../../../../platform/messaging/messages';
import { PaymentRecordedEvent, type PaymentRecordedPayload } from '../../../payments/contracts';
import { GetCaseQuery } from '../get-case/get-case.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { WhenPaymentRecordedSettlePolicy } from '../policies/when-payment-recorded-settle.policy';

/** payments' `payment.recorded` closes the matched receivable's debt; the last one settles the case. */
describe('WhenPaymentRecordedSettlePolicy (slice)', () => {
  let s: EscalationSlice;
  let policy: WhenPaymentRecordedSettlePolicy;
  beforeAll(async () => {
    s = await startEscalationSlice('close-on-payment');
    // The slice runs the API role (no consumers): the policy is built on the app's own command bus.
    policy = new WhenPaymentRecordedSettlePolicy(s.commands);
  });
  afterAll(() => s?.t.close());

  const message = (receivableId: string, tenantId = s.tenantId, cents?: { paid: number; owed: number }) => {
    const payload: PaymentRecordedPayload = {
      paymentId: randomUUID(),
      provider: 'mercadopago',
      providerPaymentId: `mp-${receivableId}`,
      amountCents: cents?.paid ?? 10_000,
      ...(cents ? { openCents: cents.owed } : {}),
      paidAt: new Date().toISOString(),
      method: 'pix',
      receivableId,
      customerId: 'c-1',
      contractId: 'ct-1',
      dueDate: null,
      receivedAt: new Date().toISOString(),
    };
    const key = PaymentRecordedEvent.ROUTING_KEY;
    const headers = {
      type: key,
      tenantId,
      correlationId: randomUUID(),
      occurredAt: new Date().toISOString(),
    };
    return toInbound(randomUUID(), key, payload, headers, 1);
  };
  const paid = (receivableId: string, tenantId = s.tenantId) =>
    s.db.transaction((tx) => policy.handle(message(receivableId, tenantId), tx));

  it('closes the paid receivable in its case and settles the case once nothing is owed', async () => {
    await s.escalate([s.debt({ debtId: 'r-1' }), s.debt({ debtId: 'r-2', openCents: 4_000 })]);
    const id = await s.caseIdOf('ct-1');

    await paid('r-1');
    await paid('unknown');
    let view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view.state).toBe('open');
    expect(view.debts.find((d) => d.debtId === 'r-1')).toMatchObject({ status: 'paid' });

    await paid('r-2', randomUUID()); // another tenant's payment changes nothing here
    expect((await s.queries.execute(new GetCaseQuery(s.tenantId, id))).state).toBe('open');

    await paid('r-2');
    view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view).toMatchObject({ state: 'settled', openCents: 0, recoveredCents: 14_000 });
    expect(view.history.at(-1)).toMatchObject({ kind: 'transition', to: 'settled', by: 'system' });

    await paid('r-2'); // a replayed event: nothing left to settle
    expect((await s.queries.execute(new GetCaseQuery(s.tenantId, id))).state).toBe('settled');
  });

  it('a batch of payments that arrived together ends as the same payments one after the other', async () => {
    await s.escalate([
      s.debt({ debtId: 'r-3', contractId: 'ct-3' }),
      s.debt({ debtId: 'r-4', contractId: 'ct-3', openCents: 4_000 }),
    ]);
    const id = await s.caseIdOf('ct-3');
    const owed = 10_000;
    await s.db.transaction((tx) =>
      policy.handleBatch(
        [
          message('r-3', s.tenantId, { paid: 3_000, owed }),
          message('r-4'),
          message('r-3', s.tenantId, { paid: 2_000, owed: owed - 3_000 }),
          message('r-4'), // the same receivable twice in one batch
          message('r-3', randomUUID()), // another tenant's
        ],
        tx,
      ),
    );
    let view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view).toMatchObject({ state: 'open', openCents: 5_000, recoveredCents: 9_000 });
    expect(view.debts.find((d) => d.debtId === 'r-4')).toMatchObject({ status: 'paid' });

    await s.db.transaction((tx) =>
      policy.handleBatch([message('r-3', s.tenantId, { paid: 1_000, owed: 5_000 }), message('r-3')], tx),
    );
    view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view).toMatchObject({ state: 'settled', openCents: 0, recoveredCents: 14_000 });
  });
});
