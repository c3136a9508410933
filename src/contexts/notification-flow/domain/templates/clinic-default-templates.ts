import type { Channel, MessageType } from '../cadence';
import type { TemplateSource } from './template-engine';

type Content = Pick<TemplateSource, 'subject' | 'variations'> & { name: string };

const DUE = '{{#if daysOverdue}}em {{date oldestDueDate}}{{else}}hoje{{/if}}';
const DAYS = '{{daysOverdue}} {{plural daysOverdue "dia" "dias"}}';
const HELLO = 'Olá {{firstName debtor.name}}';

/**
 * The pt-BR defaults for a clinic's patients (debts from debtor-sync): installments of a treatment
 * ("sua parcela"), signed by the clinic (`company.name` is the clinic's name for them), no talk of a
 * service being suspended. Same slots, variables and SMS limits (GSM-7, two parts) as the ISP wording.
 */
export const CLINIC_DEFAULTS: Record<MessageType, Record<Channel, Content>> = {
  upcoming: {
    whatsapp: {
      name: 'Lembrete de parcela (WhatsApp, clínica)',
      subject: null,
      variations: [
        `${HELLO}, tudo bem? Aqui é da {{company.name}}.\nPassando para lembrar que sua parcela de *{{brl totalOpenCents}}* vence ${DUE}.\n\nSe já pagou, é só desconsiderar esta mensagem. Obrigado!`,
        `Oi {{firstName debtor.name}}! Lembrete da {{company.name}}: sua parcela de *{{brl totalOpenCents}}* vence ${DUE}.\n\nPrecisa do boleto? Responda esta mensagem que a gente envia.`,
        `${HELLO}! {{plural debts.length "Sua parcela" "Suas parcelas"}} com a {{company.name}} {{plural debts.length "vence" "vencem"}} ${DUE}:\n{{#each debts}}\n• {{description}}: {{brl openCents}}\n{{/each}}\nQualquer dúvida sobre o seu tratamento ou o pagamento, estamos por aqui.`,
      ],
    },
    sms: {
      name: 'Lembrete de parcela (SMS, clínica)',
      subject: null,
      variations: [
        `{{company.name}}: Ola {{firstName debtor.name}}, sua parcela de {{brl totalOpenCents}} vence ${DUE}. Se ja pagou, desconsidere.`,
        `Ola {{firstName debtor.name}}! Lembrete {{company.name}}: parcela de {{brl totalOpenCents}} com vencimento ${DUE}. Obrigado!`,
      ],
    },
    email: {
      name: 'Lembrete de parcela (e-mail, clínica)',
      subject: `{{company.name}}: sua parcela vence ${DUE}`,
      variations: [
        `${HELLO},

Este é um lembrete amigável da {{company.name}}: {{plural debts.length "a sua parcela" "as suas parcelas"}} {{plural debts.length "vence" "vencem"}} em breve.

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
      name: 'Parcela em aberto (WhatsApp, clínica)',
      subject: null,
      variations: [
        `${HELLO}, tudo bem?\nAqui é da {{company.name}}. Não identificamos o pagamento {{plural debts.length "da sua parcela" "das suas parcelas"}}:\n{{#each debts}}\n• {{description}}, vencida em {{date dueDate}}: {{brl openCents}}\n{{/each}}\nTotal em aberto: *{{brl totalOpenCents}}*.\n\nSe já pagou, desconsidere esta mensagem. Qualquer dúvida, é só responder por aqui.`,
        `Oi {{firstName debtor.name}}! Aqui é da {{company.name}}. {{plural debts.length "Sua parcela está" "Suas parcelas estão"}} em aberto há ${DAYS}:\n{{#each debts}}\n• {{brl openCents}}, vencida em {{date dueDate}}\n{{/each}}\nTotal: *{{brl totalOpenCents}}*.\n\nPodemos enviar o boleto ou combinar um acordo: é só responder esta mensagem.`,
        `${HELLO}. Consta em aberto na {{company.name}} o valor de *{{brl totalOpenCents}}* em {{plural debts.length "parcela" "parcelas"}} do seu tratamento:\n{{#each debts}}\n• {{description}} ({{date dueDate}}): {{brl openCents}}\n{{/each}}\n\nRegularize assim que puder. Se já pagou, pode ignorar este aviso.`,
      ],
    },
    sms: {
      name: 'Parcela em aberto (SMS, clínica)',
      subject: null,
      variations: [
        `{{company.name}}: Ola {{firstName debtor.name}}, sua parcela de {{brl totalOpenCents}} esta em aberto (vencimento {{date oldestDueDate}}). Se ja pagou, desconsidere.`,
        `Ola {{firstName debtor.name}}, sua parcela {{company.name}} venceu ha ${DAYS}. Valor em aberto: {{brl totalOpenCents}}. Fale com a clinica se precisar.`,
        `{{firstName debtor.name}}, a {{company.name}} lembra: sua parcela de {{brl totalOpenCents}} esta em aberto desde {{date oldestDueDate}}.`,
      ],
    },
    email: {
      name: 'Parcela em aberto (e-mail, clínica)',
      subject: '{{company.name}}: sua parcela de {{brl totalOpenCents}} está em aberto',
      variations: [
        `${HELLO},

Não identificamos o pagamento {{plural debts.length "da sua parcela abaixo" "das suas parcelas abaixo"}} com a {{company.name}}:

{{#each debts}}
- {{description}}: {{brl openCents}}, vencida em {{date dueDate}} (há {{daysOverdue}} {{plural daysOverdue "dia" "dias"}})
{{/each}}

Total em aberto: {{brl totalOpenCents}}

Se precisar do boleto ou quiser combinar um acordo, basta responder este e-mail. Caso já tenha pago, por favor desconsidere esta mensagem.

Atenciosamente,
{{company.name}}`,
      ],
    },
  },
  notification: {
    whatsapp: {
      name: 'Aviso importante (WhatsApp, clínica)',
      subject: null,
      variations: [
        `${HELLO}, aqui é da {{company.name}} com um aviso importante.\n{{plural debts.length "Sua parcela está" "Suas parcelas estão"}} em aberto desde {{date oldestDueDate}}, no total de *{{brl totalOpenCents}}*. Entre em contato para regularizar.\n\nSe já pagou, desconsidere. Precisa de ajuda? Responda esta mensagem.`,
        `Oi {{firstName debtor.name}}. Aviso da {{company.name}}: há ${DAYS} sua parcela de *{{brl totalOpenCents}}* está em aberto.\n\nPodemos enviar o boleto ou combinar um acordo: é só responder.`,
      ],
    },
    sms: {
      name: 'Aviso importante (SMS, clínica)',
      subject: null,
      variations: [
        `{{company.name}} informa: {{firstName debtor.name}}, sua parcela de {{brl totalOpenCents}} esta em aberto desde {{date oldestDueDate}}. Entre em contato para regularizar.`,
        `Aviso {{company.name}}: {{firstName debtor.name}}, consta parcela de {{brl totalOpenCents}} vencida em {{date oldestDueDate}}. Se ja pagou, desconsidere.`,
      ],
    },
    email: {
      name: 'Aviso importante (e-mail, clínica)',
      subject: 'Aviso importante sobre a sua parcela na {{company.name}}',
      variations: [
        `${HELLO},

{{plural debts.length "Consta em aberto a sua parcela" "Constam em aberto as suas parcelas"}} na {{company.name}}, no total de {{brl totalOpenCents}}, com vencimento mais antigo em {{date oldestDueDate}}:

{{#each debts}}
- {{description}}: {{brl openCents}}, vencida em {{date dueDate}}
{{/each}}

Entre em contato para regularizar. Se precisar do boleto ou quiser combinar um acordo, basta responder este e-mail.

Caso já tenha pago, por favor desconsidere esta mensagem.

Atenciosamente,
{{company.name}}`,
      ],
    },
  },
};
