import { CHANNELS, MESSAGE_TYPES, type Channel, type MessageType } from '../cadence';
import { CLINIC_DEFAULTS } from './clinic-default-templates';
import type { TemplateSource } from './template-engine';

export interface DefaultTemplate extends TemplateSource {
  name: string;
}

type Content = Pick<DefaultTemplate, 'name' | 'subject' | 'variations'>;

const DUE = '{{#if daysOverdue}}em {{date oldestDueDate}}{{else}}hoje{{/if}}';
const DAYS = '{{daysOverdue}} {{plural daysOverdue "dia" "dias"}}';
const HELLO = 'Olá {{firstName debtor.name}}';

/**
 * The product's pt-BR texts, used for every type × channel a tenant has not written its own for.
 * SMS stays plain ASCII (GSM-7, at most two parts with the sample data); WhatsApp may use its `*bold*`.
 */
const DEFAULTS: Record<MessageType, Record<Channel, Content>> = {
  upcoming: {
    whatsapp: {
      name: 'Lembrete de vencimento (WhatsApp)',
      subject: null,
      variations: [
        `${HELLO}, tudo bem? Aqui é da {{company.name}}.\nPassando para lembrar que sua fatura de *{{brl totalOpenCents}}* vence ${DUE}.\n\nSe já pagou, é só desconsiderar esta mensagem. Obrigado!`,
        `Oi {{firstName debtor.name}}! Lembrete da {{company.name}}: a fatura de *{{brl totalOpenCents}}* vence ${DUE}.\n\nPrecisa da segunda via? Responda esta mensagem que a gente envia.`,
        `${HELLO}! Sua fatura {{company.name}} vence ${DUE}:\n{{#each debts}}\n• {{description}}: {{brl openCents}}\n{{/each}}\nPagando em dia, seu serviço segue sem interrupções. Qualquer dúvida, estamos por aqui.`,
      ],
    },
    sms: {
      name: 'Lembrete de vencimento (SMS)',
      subject: null,
      variations: [
        `{{company.name}}: Ola {{firstName debtor.name}}, sua fatura de {{brl totalOpenCents}} vence ${DUE}. Se ja pagou, desconsidere.`,
        `Ola {{firstName debtor.name}}! Lembrete {{company.name}}: fatura de {{brl totalOpenCents}} com vencimento ${DUE}. Obrigado!`,
      ],
    },
    email: {
      name: 'Lembrete de vencimento (e-mail)',
      subject: `{{company.name}}: sua fatura vence ${DUE}`,
      variations: [
        `${HELLO},

Este é um lembrete amigável: {{plural debts.length "a sua fatura" "as suas faturas"}} com a {{company.name}} {{plural debts.length "vence" "vencem"}} em breve.

{{#each debts}}
- {{description}}: {{brl openCents}}, vencimento em {{date dueDate}}
{{/each}}

Total: {{brl totalOpenCents}}

Se você já efetuou o pagamento, por favor desconsidere esta mensagem.

Atenciosamente,
{{company.name}}`,
      ],
    },
  },
  overdue: {
    whatsapp: {
      name: 'Fatura em aberto (WhatsApp)',
      subject: null,
      variations: [
        `${HELLO}, tudo bem?\nNão identificamos o pagamento {{plural debts.length "desta fatura" "destas faturas"}} com a {{company.name}}:\n{{#each debts}}\n• {{description}}, vencida em {{date dueDate}}: {{brl openCents}}\n{{/each}}\nTotal em aberto: *{{brl totalOpenCents}}*.\n\nSe já pagou, desconsidere esta mensagem. Qualquer dúvida, é só responder por aqui.`,
        `Oi {{firstName debtor.name}}! Aqui é da {{company.name}}. {{plural debts.length "Sua fatura está" "Suas faturas estão"}} em aberto há ${DAYS}:\n{{#each debts}}\n• {{brl openCents}}, vencida em {{date dueDate}}\n{{/each}}\nTotal: *{{brl totalOpenCents}}*.\n\nPodemos ajudar com a segunda via ou com um acordo: é só responder esta mensagem.`,
        `${HELLO}. Consta em aberto na {{company.name}} o valor de *{{brl totalOpenCents}}*:\n{{#each debts}}\n• {{description}} ({{date dueDate}}): {{brl openCents}}\n{{/each}}\n\nPara manter seu serviço em dia, regularize assim que puder. Se já pagou, pode ignorar este aviso.`,
      ],
    },
    sms: {
      name: 'Fatura em aberto (SMS)',
      subject: null,
      variations: [
        `{{company.name}}: Ola {{firstName debtor.name}}, consta em aberto {{brl totalOpenCents}} (vencimento {{date oldestDueDate}}). Se ja pagou, desconsidere.`,
        `Ola {{firstName debtor.name}}, sua fatura {{company.name}} venceu ha ${DAYS}. Valor em aberto: {{brl totalOpenCents}}. Regularize para manter seu servico em dia.`,
        `{{firstName debtor.name}}, a {{company.name}} lembra: {{brl totalOpenCents}} em aberto desde {{date oldestDueDate}}. Precisa de ajuda? Fale com a gente.`,
      ],
    },
    email: {
      name: 'Fatura em aberto (e-mail)',
      subject: '{{company.name}}: pagamento pendente de {{brl totalOpenCents}}',
      variations: [
        `${HELLO},

Não identificamos o pagamento {{plural debts.length "da fatura abaixo" "das faturas abaixo"}} com a {{company.name}}:

{{#each debts}}
- {{description}}: {{brl openCents}}, vencida em {{date dueDate}} (há {{daysOverdue}} {{plural daysOverdue "dia" "dias"}})
{{/each}}

Total em aberto: {{brl totalOpenCents}}

Se precisar da segunda via ou quiser negociar, basta responder este e-mail. Caso já tenha pago, por favor desconsidere esta mensagem.

Atenciosamente,
{{company.name}}`,
      ],
    },
  },
  notification: {
    whatsapp: {
      name: 'Aviso importante (WhatsApp)',
      subject: null,
      variations: [
        `${HELLO}, aqui é da {{company.name}} com um aviso importante.\nConsta em aberto *{{brl totalOpenCents}}* desde {{date oldestDueDate}}. Para evitar a suspensão do serviço, regularize o pagamento.\n\nSe já pagou, desconsidere. Precisa de ajuda? Responda esta mensagem.`,
        `Oi {{firstName debtor.name}}. Aviso da {{company.name}}: há ${DAYS} sua conta tem *{{brl totalOpenCents}}* em aberto, e o serviço pode ser suspenso.\n\nPodemos ajudar com a segunda via ou um acordo: é só responder.`,
      ],
    },
    sms: {
      name: 'Aviso importante (SMS)',
      subject: null,
      variations: [
        `{{company.name}} informa: {{firstName debtor.name}}, ha {{brl totalOpenCents}} em aberto desde {{date oldestDueDate}}. Regularize para evitar a suspensao do servico.`,
        `Aviso {{company.name}}: {{firstName debtor.name}}, seu servico pode ser suspenso por debito de {{brl totalOpenCents}} vencido em {{date oldestDueDate}}. Se ja pagou, desconsidere.`,
      ],
    },
    email: {
      name: 'Aviso importante (e-mail)',
      subject: 'Aviso importante sobre o seu serviço {{company.name}}',
      variations: [
        `${HELLO},

Consta em aberto em sua conta na {{company.name}} o valor de {{brl totalOpenCents}}, com vencimento mais antigo em {{date oldestDueDate}}:

{{#each debts}}
- {{description}}: {{brl openCents}}, vencida em {{date dueDate}}
{{/each}}

Para evitar a suspensão do serviço, regularize o pagamento. Se precisar da segunda via ou quiser negociar, basta responder este e-mail.

Caso já tenha pago, por favor desconsidere esta mensagem.

Atenciosamente,
{{company.name}}`,
      ],
    },
  },
};

/**
 * Which built-in texts a debt gets by default: the ISP's ("sua fatura", the tenant's name) or a clinic's
 * ("sua parcela", the clinic's name), chosen by the source that announced the debt.
 */
export type TemplateWording = 'isp' | 'clinic';
export const TEMPLATE_WORDINGS: readonly TemplateWording[] = ['isp', 'clinic'];

export const wordingOfSource = (source: string | null | undefined): TemplateWording =>
  source === 'clinic' ? 'clinic' : 'isp';

/** The built-in template for a type × channel, in a wording. */
export function defaultTemplate(
  type: MessageType,
  channel: Channel,
  wording: TemplateWording = 'isp',
): DefaultTemplate {
  const content = (wording === 'clinic' ? CLINIC_DEFAULTS : DEFAULTS)[type][channel];
  return { type, channel, ...content, variations: [...content.variations] };
}

/**
 * Built-in templates are addressed as `default:<type>:<channel>` (e.g. `default:overdue:sms`), and the
 * clinic wording as `default:clinic:<type>:<channel>`.
 */
export const builtInTemplateId = (
  type: MessageType,
  channel: Channel,
  wording: TemplateWording = 'isp',
): string => (wording === 'clinic' ? `default:clinic:${type}:${channel}` : `default:${type}:${channel}`);

export function parseBuiltInTemplateId(
  id: string,
): { type: MessageType; channel: Channel; wording: TemplateWording } | null {
  const parts = id.split(':');
  const wording: TemplateWording = parts[1] === 'clinic' ? 'clinic' : 'isp';
  const [prefix, type, channel, ...rest] = wording === 'clinic' ? [parts[0], ...parts.slice(2)] : parts;
  if (prefix !== 'default' || rest.length > 0) return null;
  const knownType = MESSAGE_TYPES.find((t) => t === type);
  const knownChannel = CHANNELS.find((c) => c === channel);
  return knownType && knownChannel ? { type: knownType, channel: knownChannel, wording } : null;
}

/** Every type × channel, in a stable order. */
export const TEMPLATE_SLOTS: ReadonlyArray<{ type: MessageType; channel: Channel }> = MESSAGE_TYPES.flatMap(
  (type) => CHANNELS.map((channel) => ({ type, channel })),
);
