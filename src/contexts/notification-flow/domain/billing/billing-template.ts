import Handlebars from 'handlebars';
import { daysBetween } from '../../../../shared/time/local-date';
import { brl, date } from '../templates/template-helpers';
import type { BillingContact, BillingType } from './billing-contact';

/**
 * Seed 003's template language (`template_engine.py`): `{{variavel}}`, `{{#if variavel}}…{{/if}}` and
 * `{{#unless variavel}}…{{/unless}}` over flat Portuguese variables, in a Handlebars environment of its
 * own that knows no other helper (no `lookup`, `with`, partials or prototype access).
 */
export const BILLING_VARIABLES = [
  'nome_cliente',
  'primeiro_nome',
  'valor',
  'valor_total',
  'data_vencimento',
  'dias_atraso',
  'dias_vencimento',
  'codigo_pix',
  'link_pagamento',
  'titulo',
  'mensagem',
  'observacoes',
  'nome_empresa',
] as const;
export type BillingVariables = Partial<Record<(typeof BILLING_VARIABLES)[number], string>>;

export const MAX_BILLING_VARIATIONS = 10;
export const MAX_BILLING_TEMPLATE_LENGTH = 4000;
const BLOCKS = new Set(['if', 'unless']);

const engine = Handlebars.create();
for (const name of ['each', 'with', 'lookup', 'log']) engine.unregisterHelper(name);

const OPTIONS: CompileOptions = {
  strict: false,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: { if: true, unless: true },
};

/** What is wrong with one template text (empty: it may be saved). Messages in Portuguese, for the admin. */
export function billingTemplateProblems(text: string): string[] {
  if (text.trim() === '') return ['o texto está vazio'];
  if (text.length > MAX_BILLING_TEMPLATE_LENGTH)
    return [`no máximo ${MAX_BILLING_TEMPLATE_LENGTH} caracteres`];
  let program: hbs.AST.Program;
  try {
    program = engine.parse(text);
  } catch (error) {
    return [`não compila: ${(error as Error).message.replace(/\s+/g, ' ').trim()}`];
  }
  const problems = new Set<string>();
  const known = BILLING_VARIABLES as readonly string[];
  const path = (node: hbs.AST.Node): void => {
    if (node.type !== 'PathExpression') {
      problems.add('só variáveis simples são permitidas');
      return;
    }
    const p = node as hbs.AST.PathExpression;
    if (p.depth > 0 || p.parts.length !== 1 || !known.includes(p.original))
      problems.add(`variável desconhecida: ${p.original}`);
  };
  const walk = (nodes: hbs.AST.Statement[]): void => {
    for (const node of nodes) {
      if (node.type === 'ContentStatement' || node.type === 'CommentStatement') continue;
      if (node.type === 'MustacheStatement') {
        const m = node as hbs.AST.MustacheStatement;
        if (m.params.length > 0 || m.hash) problems.add('helpers não são permitidos');
        path(m.path);
        continue;
      }
      if (node.type === 'BlockStatement') {
        const b = node as hbs.AST.BlockStatement;
        const name = (b.path as hbs.AST.PathExpression).original;
        if (!BLOCKS.has(name) || b.params.length !== 1 || b.hash) {
          problems.add(`bloco não permitido: ${name} (use {{#if x}} ou {{#unless x}})`);
          continue;
        }
        path(b.params[0]!);
        walk(b.program.body);
        if (b.inverse) walk(b.inverse.body);
        continue;
      }
      problems.add(`construção não permitida: ${node.type}`);
    }
  };
  walk(program.body);
  return [...problems];
}

const cache = new Map<string, Handlebars.TemplateDelegate<BillingVariables>>();

/** Renders a (validated) template text; whitespace at both ends is trimmed. */
export function renderBillingTemplate(text: string, variables: BillingVariables): string {
  let compiled = cache.get(text);
  if (!compiled) {
    compiled = engine.compile<BillingVariables>(text, OPTIONS);
    if (cache.size > 500) cache.clear();
    cache.set(text, compiled);
  }
  // A null-prototype copy: a template can never reach Object.prototype through a variable name.
  return compiled(Object.assign(Object.create(null) as BillingVariables, variables)).trim();
}

/**
 * The seed's variables for one contact on the local day `today` (the tenant's time zone): days overdue
 * for `overdue`, days until due for `upcoming`. An absent optional field is no variable at all, so
 * `{{#if codigo_pix}}` reads false.
 */
export function billingVariables(
  contact: BillingContact,
  type: BillingType,
  today: string,
  companyName: string | null,
): BillingVariables {
  const v: BillingVariables = {
    nome_cliente: contact.nome,
    primeiro_nome: contact.nome.trim().split(/\s+/)[0] ?? contact.nome,
  };
  if (contact.valorCents !== null) v.valor = brl(contact.valorCents);
  if (contact.valorTotalCents !== null) v.valor_total = brl(contact.valorTotalCents);
  if (contact.dataVencimento) {
    v.data_vencimento = date(contact.dataVencimento);
    const days = daysBetween(contact.dataVencimento, today);
    if (type === 'overdue') v.dias_atraso = String(Math.max(0, days));
    if (type === 'upcoming') v.dias_vencimento = String(Math.max(0, -days));
  }
  if (contact.codigoPix) v.codigo_pix = contact.codigoPix;
  if (contact.linkPagamento) v.link_pagamento = contact.linkPagamento;
  if (contact.titulo) v.titulo = contact.titulo;
  if (contact.mensagem) v.mensagem = contact.mensagem;
  if (contact.observacoes) v.observacoes = contact.observacoes;
  if (companyName) v.nome_empresa = companyName;
  return v;
}

export interface BillingVariation {
  name: string;
  template_text: string;
  order: number;
  is_active: boolean;
}

/** The active variations in order; contact `position` gets the next one round-robin (anti-ban rotation). */
export function rotatedVariation(
  variations: readonly BillingVariation[],
  position: number,
): BillingVariation {
  const active = variations.filter((v) => v.is_active).sort((a, b) => a.order - b.order);
  if (active.length === 0) throw new RangeError('no active variation');
  return active[position % active.length]!;
}

/** Used when the tenant has no active billing template of the type (the seed refused the request). */
export const DEFAULT_BILLING_VARIATIONS: Record<BillingType, readonly BillingVariation[]> = {
  overdue: [
    {
      name: 'Padrão 1',
      order: 1,
      is_active: true,
      template_text:
        'Olá {{primeiro_nome}}, sua fatura de {{valor}} venceu em {{data_vencimento}} e está em atraso há {{dias_atraso}} dias.{{#if link_pagamento}} Pague em: {{link_pagamento}}{{/if}}{{#if codigo_pix}} PIX: {{codigo_pix}}{{/if}}',
    },
    {
      name: 'Padrão 2',
      order: 2,
      is_active: true,
      template_text:
        '{{primeiro_nome}}, identificamos a fatura de {{valor}} (vencimento {{data_vencimento}}) em aberto há {{dias_atraso}} dias.{{#if link_pagamento}} Link para pagamento: {{link_pagamento}}{{/if}}{{#unless link_pagamento}} Fale conosco para regularizar.{{/unless}}',
    },
  ],
  upcoming: [
    {
      name: 'Padrão 1',
      order: 1,
      is_active: true,
      template_text:
        'Olá {{primeiro_nome}}, lembrete: sua fatura de {{valor}} vence em {{data_vencimento}} (daqui a {{dias_vencimento}} dias).{{#if link_pagamento}} Pague em: {{link_pagamento}}{{/if}}{{#if codigo_pix}} PIX: {{codigo_pix}}{{/if}}',
    },
  ],
  notification: [
    {
      name: 'Padrão 1',
      order: 1,
      is_active: true,
      template_text: '{{#if titulo}}*{{titulo}}*\n{{/if}}Olá {{primeiro_nome}}, {{mensagem}}',
    },
  ],
};
