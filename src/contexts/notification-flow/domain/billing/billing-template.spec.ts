import type { BillingContact } from './billing-contact';
import {
  billingTemplateProblems,
  billingVariables,
  DEFAULT_BILLING_VARIATIONS,
  renderBillingTemplate,
  rotatedVariation,
} from './billing-template';

const contact: BillingContact = {
  nome: 'Maria da Silva',
  telefone: '+5511999999999',
  valorCents: 15000,
  valorTotalCents: null,
  dataVencimento: '2026-11-28',
  codigoPix: null,
  linkPagamento: 'https://pagar.exemplo.com.br/1',
  titulo: null,
  mensagem: null,
  observacoes: null,
};

describe('billing templates (seed 003 language)', () => {
  it.each([
    ['overdue', '2026-12-03', { dias_atraso: '5', data_vencimento: '28/11/2026', valor: 'R$ 150,00' }],
    ['upcoming', '2026-11-25', { dias_vencimento: '3' }],
    ['overdue', '2026-11-20', { dias_atraso: '0' }],
  ] as const)('%s on %s: computed variables', (type, today, expected) => {
    expect(billingVariables(contact, type, today, 'Provedor X')).toMatchObject({
      nome_cliente: 'Maria da Silva',
      primeiro_nome: 'Maria',
      nome_empresa: 'Provedor X',
      ...expected,
    });
  });

  it.each([
    ['{{nome_cliente}} deve {{valor}}', 'Maria da Silva deve R$ 150,00'],
    ['{{#if link_pagamento}}Link: {{link_pagamento}}{{/if}}', 'Link: https://pagar.exemplo.com.br/1'],
    ['{{#if codigo_pix}}PIX {{codigo_pix}}{{/if}}sem pix', 'sem pix'],
    ['{{#unless codigo_pix}}Sem PIX{{/unless}}', 'Sem PIX'],
    ['{{#if codigo_pix}}pix{{else}}boleto{{/if}}', 'boleto'],
    ['<b>{{primeiro_nome}}</b> & cia', '<b>Maria</b> & cia'],
  ])('renders %j', (text, expected) => {
    expect(renderBillingTemplate(text, billingVariables(contact, 'overdue', '2026-12-03', null))).toBe(
      expected,
    );
  });

  it.each([
    ['Olá {{nome_cliente}}', []],
    ['', ['o texto está vazio']],
    ['{{constructor}}', ['variável desconhecida: constructor']],
    ['{{nome.length}}', ['variável desconhecida: nome.length']],
    ['{{#each x}}a{{/each}}', ['bloco não permitido: each (use {{#if x}} ou {{#unless x}})']],
    ['{{lookup nome_cliente "x"}}', ['helpers não são permitidos', 'variável desconhecida: lookup']],
    ['{{> partial}}', ['construção não permitida: PartialStatement']],
    ['{{#if valor}}sem fim', [expect.stringMatching(/^não compila/)]],
  ])('problems of %j', (text, expected) => {
    expect(billingTemplateProblems(text)).toEqual(expected);
  });

  it('every default variation is valid', () => {
    for (const variations of Object.values(DEFAULT_BILLING_VARIATIONS))
      for (const v of variations) expect(billingTemplateProblems(v.template_text)).toEqual([]);
  });

  it('rotates the active variations in order, round-robin by contact position', () => {
    const variations = [
      { name: 'B', template_text: 'b', order: 2, is_active: true },
      { name: 'off', template_text: 'x', order: 0, is_active: false },
      { name: 'A', template_text: 'a', order: 1, is_active: true },
    ];
    expect([0, 1, 2, 3].map((i) => rotatedVariation(variations, i).name)).toEqual(['A', 'B', 'A', 'B']);
  });
});
