import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { isPartial, type PaymentRecordedPayload } from '../../../payments/contracts';
import { groupBy } from '../../../../shared/collections/group-by';
import type { ClosedDebt } from '../../domain/debts';
import { CloseDebtCommand } from '../close-debt/close-debt.command';
import type { Policy, ReceivedEvent } from './policy';

/**
 * payments `PaymentRecordedEvent` → `CloseDebtCommand` (reason `paid`): a matched payment stops the
 * cadence for its IXC debt at once, without waiting for IXC to show the receivable paid. No IXC version
 * yet (the payment is news IXC has not written), so any later IXC event about the receivable is newer.
 * A partial payment closes nothing.
 */
@Injectable()
export class WhenPaymentRecordedCloseDebtPolicy implements Policy<PaymentRecordedPayload> {
  constructor(private readonly commands: CommandBus) {}

  react(event: ReceivedEvent<PaymentRecordedPayload>, tx: EntityManager): Promise<void> {
    return this.reactToAll([event], tx);
  }

  /** Several payments (a consumer's batch): one command per tenant, one statement for its debts. */
  async reactToAll(events: Array<ReceivedEvent<PaymentRecordedPayload>>, tx: EntityManager): Promise<void> {
    // Part of what was owed closes nothing: the debtor still owes the rest, so the cadence goes on (IXC's
    // next read brings the lower amount into the messages).
    const byTenant = groupBy(
      events,
      (e) => e.tenantId,
      ({ payload }): ClosedDebt | undefined =>
        isPartial(payload)
          ? undefined
          : {
              source: 'ixc',
              debtId: `ixc:${payload.receivableId}`,
              debtorId: `ixc:${payload.customerId}`,
              contractId: payload.contractId,
              dueDate: payload.dueDate,
              amountCents: payload.amountCents,
              sourceUpdatedAt: null,
            },
    );
    for (const [tenantId, debts] of byTenant)
      await this.commands.execute(new CloseDebtCommand(tenantId, debts, 'paid', tx));
  }
}
