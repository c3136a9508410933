import type { MessageType } from '../cadence';
import type { DebtView, TemplateContext } from './template-context';

const debt = (n: number, dueDate: string, daysOverdue: number, openCents = 12990): DebtView => ({
  id: `sample-${n}`,
  description: `Internet Fibra 500 Mega - parcela ${n}`,
  dueDate,
  amountCents: 12990,
  openCents,
  daysOverdue,
  contractId: '4821',
});

/** Fixed, realistic data a template is checked and previewed with (one shape per message type). */
const SAMPLES: Record<MessageType, () => TemplateContext> = {
  upcoming: () => ({
    debtor: { name: 'MARIA DA SILVA', firstName: 'Maria', document: '123.456.789-09' },
    company: { name: 'NetSul Telecom' },
    debts: [debt(1, '2026-11-05', -3)],
    totalOpenCents: 12990,
    oldestDueDate: '2026-11-05',
    daysOverdue: -3,
    step: { key: 'D-3', offsetDays: -3 },
  }),
  overdue: () => ({
    debtor: { name: 'MARIA DA SILVA', firstName: 'Maria', document: '123.456.789-09' },
    company: { name: 'NetSul Telecom' },
    debts: [debt(1, '2026-10-05', 37, 6495), debt(2, '2026-11-05', 7)],
    totalOpenCents: 19485,
    oldestDueDate: '2026-10-05',
    daysOverdue: 37,
    step: { key: 'D+7', offsetDays: 7 },
  }),
  notification: () => ({
    debtor: { name: 'MARIA DA SILVA', firstName: 'Maria', document: '123.456.789-09' },
    company: { name: 'NetSul Telecom' },
    debts: [debt(1, '2026-10-05', 30)],
    totalOpenCents: 12990,
    oldestDueDate: '2026-10-05',
    daysOverdue: 30,
    step: { key: 'D+30', offsetDays: 30 },
  }),
};

/** A fresh sample context for a message type (callers may change it freely). */
export function sampleContext(type: MessageType): TemplateContext {
  return SAMPLES[type]();
}
