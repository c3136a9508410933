/**
 * The N-days-overdue rule that replaces the console's 20-day rule: each open receivable at least N
 * days overdue fires its actions exactly once per (receivable, threshold). Pure: no I/O.
 */
export interface AutomationSettings {
  enabled: boolean;
  thresholdDays: number;
  emitEvent: boolean;
  openTicket: boolean;
  ticketSubjectId: string | null;
  ticketSectorId: string | null;
  /** `{receivableId}`, `{daysOverdue}`, `{customerId}` are replaced. */
  ticketTitle: string;
}

/** An open receivable the rule fires for. */
export interface Candidate {
  receivableId: string;
  customerId: string;
  contractId: string | null;
  dueDate: string;
  daysOverdue: number;
  amountCents: number;
  openCents: number;
}

export type AutomationAction = 'event' | 'ticket';

export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = {
  enabled: true,
  thresholdDays: 20,
  emitEvent: true,
  openTicket: false,
  ticketSubjectId: null,
  ticketSectorId: null,
  ticketTitle: 'Cobrança: fatura {receivableId} com {daysOverdue} dias de atraso',
};

/** A ticket intent is tried this many times before it is failed for good. */
export const MAX_TICKET_ATTEMPTS = 5;

/** The marker that lets a ticket intent find the ticket it may already have created. */
export const ticketMarker = (intentId: string) => `[regua ${intentId}]`;

export function actionsOf(settings: AutomationSettings): AutomationAction[] {
  return [
    ...(settings.emitEvent ? ['event' as const] : []),
    ...(settings.openTicket ? ['ticket' as const] : []),
  ];
}

/** The IXC `su_ticket` body opened for a candidate. */
export function ticketBody(settings: AutomationSettings, c: Candidate): Record<string, string> {
  const title = settings.ticketTitle
    .replaceAll('{receivableId}', c.receivableId)
    .replaceAll('{daysOverdue}', String(c.daysOverdue))
    .replaceAll('{customerId}', c.customerId);
  return {
    tipo: 'C',
    id_cliente: c.customerId,
    id_contrato: c.contractId ?? '',
    id_assunto: settings.ticketSubjectId ?? '',
    id_ticket_setor: settings.ticketSectorId ?? '',
    titulo: title,
    menssagem: `Fatura ${c.receivableId} vencida em ${c.dueDate}, ${c.daysOverdue} dias em atraso. Aberto pela Régua.`,
    prioridade: 'M',
    su_status: 'N',
  };
}
