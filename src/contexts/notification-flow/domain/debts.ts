/** A debt as another context announces it (money in cents, dates `yyyy-mm-dd`). */
export interface OpenDebt {
  /** the announcing context (`ixc`, …); debt and debtor ids are prefixed with it */
  source: string;
  debtId: string;
  debtorId: string;
  contractId: string | null;
  description: string;
  /** who the debt is owed to when it is not the tenant itself (a clinic's name); messages are signed by it */
  creditorName?: string | null;
  dueDate: string;
  amountCents: number;
  openCents: number;
  /** the source's own version of the debt (IXC `ultima_atualizacao`, `yyyy-mm-dd hh:mm:ss`); null = unknown */
  sourceUpdatedAt: string | null;
  debtor?: DebtorContact;
}

/** The debtor's contact data as the source announced it with the debt (event-carried state). */
export interface DebtorContact {
  name: string;
  document: string | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  consent?: boolean;
  birthDate?: string | null;
}

export type CloseReason = 'paid' | 'cancelled' | 'escalated' | 'contract_cancelled';

/** A debt the source closed (paid, cancelled), as its event announces it. */
export interface ClosedDebt {
  source: string;
  debtId: string;
  debtorId: string;
  contractId: string | null;
  dueDate: string | null;
  amountCents: number;
  /** as in OpenDebt */
  sourceUpdatedAt: string | null;
}

/**
 * Each debt once, for closing several in one statement: the first entry for a debt, as when they are
 * closed one after another (the first closes it; the next find it closed and change nothing).
 */
export function onePerDebt(debts: readonly ClosedDebt[]): ClosedDebt[] {
  const byId = new Map<string, ClosedDebt>();
  for (const debt of debts) if (!byId.has(debt.debtId)) byId.set(debt.debtId, debt);
  return [...byId.values()];
}

/** Closed by the source itself: a genuinely newer opening from the source may reopen them. */
export const SOURCE_CLOSED: readonly CloseReason[] = ['paid', 'cancelled'];

/** Reasons a schedule was cancelled with because its debtor had opted out (command, or found when due). */
export const OPT_OUT_REASONS: readonly string[] = ['opt_out', 'opted_out'];

/** Reasons a schedule was cancelled with because its debtor owed nothing any more. */
export const SETTLED_REASONS: readonly string[] = ['paid', 'cancelled', 'contract_cancelled', 'no_open_debt'];
