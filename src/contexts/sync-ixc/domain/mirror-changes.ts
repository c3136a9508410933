import type { IxcContract, IxcReceivable } from './ixc-records';

/** A contract's statuses before and after (the payload of `ContractStatusChangedEvent`). */
export interface ContractStatusChange {
  contractId: string;
  customerId: string;
  previous: { status: string; internetStatus: string };
  current: { status: string; internetStatus: string };
}

/** A receivable that left the open state (the payload of `ReceivablePaidEvent` / `ReceivableCancelledEvent`). */
export interface ReceivableSettlement {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  openCents: number;
  updatedAt: string | null;
}

/**
 * A mirrored change that other contexts must hear of; the sync publishes each as the integration event
 * of the same name (`contracts/`). Kept as data so this rule stays pure.
 */
export type MirrorChange =
  | { kind: 'contract_status_changed'; payload: ContractStatusChange }
  | { kind: 'receivable_paid'; payload: ReceivableSettlement & { paidAt: string | null } }
  | { kind: 'receivable_cancelled'; payload: ReceivableSettlement };

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
  rows: IxcContract[],
  before: Map<string, MirroredContractBefore>,
): MirrorChange[] {
  return rows.flatMap((row) => {
    const old = before.get(row.id);
    if (!old || (old.status === row.status && old.internetStatus === row.internetStatus)) return [];
    return [
      {
        kind: 'contract_status_changed',
        payload: {
          contractId: row.id,
          customerId: row.customerId,
          previous: { status: old.status, internetStatus: old.internetStatus },
          current: { status: row.status, internetStatus: row.internetStatus },
        },
      },
    ];
  });
}

/**
 * A receivable the mirror held open that comes back received (R) is a ReceivablePaid, cancelled (C) a
 * ReceivableCancelled. A first import is never a change. Pure.
 */
export function receivableChanges(
  rows: IxcReceivable[],
  before: Map<string, MirroredReceivableBefore>,
): MirrorChange[] {
  return rows.flatMap((row): MirrorChange[] => {
    const old = before.get(row.id);
    if (!old || !isOpen(old.status, old.openCents)) return [];
    const payload: ReceivableSettlement = {
      receivableId: row.id,
      customerId: row.customerId,
      contractId: row.contractId,
      dueDate: row.dueDate,
      amountCents: row.amountCents,
      openCents: row.openCents,
      updatedAt: row.updatedAt,
    };
    if (row.status === 'R') return [{ kind: 'receivable_paid', payload: { ...payload, paidAt: row.paidAt } }];
    if (row.status === 'C') return [{ kind: 'receivable_cancelled', payload }];
    return [];
  });
}
