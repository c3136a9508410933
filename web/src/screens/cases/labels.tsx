export const CASE_STATES = [
  'open',
  'in_negotiation',
  'agreement',
  'settled',
  'written_off',
  'returned',
] as const;

export const CASE_STATE_LABEL: Record<string, string> = {
  open: 'aberto',
  in_negotiation: 'em negociação',
  agreement: 'acordo',
  settled: 'quitado',
  written_off: 'baixado',
  returned: 'devolvido à régua',
};

export const CASE_STATE_TONE: Record<string, string> = {
  open: 'warn',
  in_negotiation: 'warn',
  agreement: 'ok',
  settled: 'ok',
  written_off: 'bad',
  returned: '',
};

/** Where a case may go from each state (the API checks it again). */
export const TRANSITIONS: Record<string, string[]> = {
  open: ['in_negotiation', 'settled', 'written_off', 'returned'],
  in_negotiation: ['open', 'agreement', 'settled', 'written_off', 'returned'],
  agreement: ['in_negotiation', 'settled', 'written_off', 'returned'],
  settled: [],
  written_off: [],
  returned: [],
};

export const HISTORY_KIND_LABEL: Record<string, string> = {
  opened: 'Aberto',
  transition: 'Mudança de situação',
  assigned: 'Atribuição',
  crm: 'CRM',
};

export const DEBT_STATUS_LABEL: Record<string, string> = {
  open: 'em aberto',
  paid: 'paga',
  partial: 'paga em parte',
  cancelled: 'cancelada',
};

export interface CaseSummary {
  id: string;
  source: string;
  debtorId: string;
  contractId: string | null;
  debtor: { name: string | null; document: string | null };
  state: string;
  assignee: string | null;
  openCents: number;
  recoveredCents: number;
  oldestDueDate: string;
  thresholdDays: number;
  crm: {
    status: string;
    personId: string | null;
    dealId: string | null;
    attempts: number;
    error: string | null;
  };
  openedAt: string;
  closedAt: string | null;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  debts: Array<{
    debtId: string;
    dueDate: string;
    amountCents: number;
    openCents: number;
    status: string;
    joinedAt: string;
  }>;
  history: Array<{
    kind: string;
    from: string | null;
    to: string;
    assignee: string | null;
    by: string;
    note: string | null;
    at: string;
  }>;
}

export interface CaseStats {
  byState: Record<string, number>;
  inCollectionCents: number;
  recoveredCents: number;
  crm: Record<string, number>;
}

export function CaseStateBadge({ state }: { state: string }) {
  return <span className={`badge ${CASE_STATE_TONE[state] ?? ''}`}>{CASE_STATE_LABEL[state] ?? state}</span>;
}
