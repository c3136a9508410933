import type { IntegrationEvent } from '../../../shared/ddd/domain-event';
import { ContractStatusChangedEvent } from '../contracts/contract-status-changed.event';
import { ReceivableCancelledEvent, ReceivablePaidEvent } from '../contracts/receivable-events';
import type { IxcContract, IxcReceivable } from './ixc-records';

/** What the mirror held for a contract before a page replaced it. */
export interface MirroredContractBefore {
  status: string;
  internetStatus: string;
}

/** What the mirror held for a receivable before a page replaced it. */
export interface MirroredReceivableBefore {
  status: string;
  openCents: number;
}

const isOpen = (status: string, openCents: number) => (status === 'A' || status === 'P') && openCents > 0;

/**
 * A contract whose status or internet status differs from the mirror's is a ContractStatusChanged.
 * A first import (not in the mirror) is never a change. Pure.
 */
export function contractChanges(
  tenantId: string,
  rows: IxcContract[],
  before: Map<string, MirroredContractBefore>,
): IntegrationEvent[] {
  return rows.flatMap((row) => {
    const old = before.get(row.id);
    if (!old || (old.status === row.status && old.internetStatus === row.internetStatus)) return [];
    return [
      new ContractStatusChangedEvent(tenantId, {
        contractId: row.id,
        customerId: row.customerId,
        previous: { status: old.status, internetStatus: old.internetStatus },
        current: { status: row.status, internetStatus: row.internetStatus },
      }),
    ];
  });
}

/**
 * A receivable the mirror held open that comes back received (R) is a ReceivablePaid, cancelled (C) a
 * ReceivableCancelled. A first import is never a change. Pure.
 */
export function receivableChanges(
  tenantId: string,
  rows: IxcReceivable[],
  before: Map<string, MirroredReceivableBefore>,
): IntegrationEvent[] {
  return rows.flatMap((row): IntegrationEvent[] => {
    const old = before.get(row.id);
    if (!old || !isOpen(old.status, old.openCents)) return [];
    const payload = {
      receivableId: row.id,
      customerId: row.customerId,
      contractId: row.contractId,
      dueDate: row.dueDate,
      amountCents: row.amountCents,
      openCents: row.openCents,
      updatedAt: row.updatedAt,
    };
    if (row.status === 'R') return [new ReceivablePaidEvent(tenantId, { ...payload, paidAt: row.paidAt })];
    if (row.status === 'C') return [new ReceivableCancelledEvent(tenantId, payload)];
    return [];
  });
}
