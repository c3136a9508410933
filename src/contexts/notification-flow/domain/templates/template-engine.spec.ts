import { sampleContext } from './sample-context';
import {
  compileTemplate,
  renderTemplate,
  templateProblems,
  variationFor,
  type TemplateSource,
} from './template-engine';

const sms = (...variations: string[]): TemplateSource => ({
  type: 'overdue',
  channel: 'sms',
  subject: null,
  variations,
});

describe('template validation', () => {
  it.each([
    'Olá {{firstName debtor.name}}, {{brl totalOpenCents}} desde {{date oldestDueDate}}',
    '{{#each debts}}{{@index}} {{description}} {{brl openCents}} {{../company.name}} {{@root.step.key}}{{/each}}',
    '{{#each debts as |d i|}}{{i}}: {{d.description}} {{date d.dueDate}}{{/each}}',
    '{{#each debts}}{{#if @first}}{{this.id}}{{/if}}{{#unless @last}}, {{/unless}}{{/each}}',
    '{{#if debtor.document}}CPF {{debtor.document}}{{else}}sem documento{{/if}} {{debts.length}}',
    '{{daysOverdue}} {{plural daysOverdue "dia" "dias"}} {{step.offsetDays}} {{debtor.firstName}}',
    '{{#if daysOverdue includeZero=true}}x{{/if}} {{firstName (date oldestDueDate)}}',
    '{{! a comment }}plain text',
  ])('accepts %j', (text) => {
    expect(templateProblems(sms(text))).toEqual([]);
  });

  it.each([
    ['{{debtor.email}}', 'variations[0]: unknown variable "debtor.email" (line 1)'],
    ['{{#each debts}}{{company.name}}{{/each}}', 'unknown variable "company.name" (inside {{#each debts}}'],
    ['{{#each debts}}{{amount}}{{/each}}', 'unknown variable "amount"'],
    ['{{description}}', 'unknown variable "description"'],
    ['{{this}}', 'unknown variable "this"'],
    ['{{@index}}', 'unknown variable "@index"'],
    ['{{../company.name}}', 'climbs above the top'],
    ['{{upper debtor.name}}', 'unknown helper "upper"'],
    ['{{brl}}', 'helper "brl" takes 1 argument(s)'],
    ['{{plural daysOverdue "dia"}}', 'helper "plural" takes 3 argument(s)'],
    ['{{#with debtor}}{{name}}{{/with}}', 'unknown block helper "#with"'],
    ['{{#each daysOverdue}}x{{/each}}', '#each can only loop over debts'],
    ['{{lookup debts 0}}', 'unknown helper "lookup"'],
    ['{{{debtor.name}}}', 'unescaped output'],
    ['{{> footer}}', 'partials'],
    ['{{if daysOverdue}}', '"if" is a block helper'],
    ['Olá {{debtor.name', 'variations[0]: does not compile: Parse error on line 1'],
    ['{{#if daysOverdue}}x', 'does not compile'],
    ['{{#if daysOverdue}}x{{/unless}}', 'does not compile'],
    ['   ', 'variations[0]: is empty'],
  ])('rejects %j', (text, problem) => {
    const problems = templateProblems(sms(text));
    expect(problems.join('\n')).toContain(problem);
  });

  it('names the line of the problem', () => {
    expect(templateProblems(sms('linha 1\nlinha 2 {{nope}}'))).toEqual([
      'variations[0]: unknown variable "nope" (line 2)',
    ]);
  });

  it('checks the number of variations and subjects by channel', () => {
    expect(templateProblems(sms())).toEqual(['variations: between 1 and 5 texts (got 0)']);
    expect(templateProblems(sms('a', 'b', 'c', 'd', 'e', 'f'))[0]).toContain('got 6');
    expect(templateProblems({ ...sms('x'), subject: 'Oi' })).toEqual([
      'subject: only email templates have a subject (this one is sms)',
    ]);
    expect(templateProblems({ ...sms('x'), channel: 'email' })).toEqual([
      'subject: an email template needs a subject',
    ]);
    expect(templateProblems({ ...sms('x'), channel: 'email', subject: '{{bad}}' })).toEqual([
      'subject: unknown variable "bad" (line 1)',
    ]);
  });

  it('rejects a WhatsApp text whose sample render passes 4096 characters', () => {
    const long = { ...sms('{{debtor.name}}' + 'x'.repeat(4090)), channel: 'whatsapp' as const };
    expect(templateProblems(long)).toEqual([
      'variations[0]: renders to 4104 characters with the sample data; WhatsApp allows 4096',
    ]);
    expect(templateProblems({ ...long, variations: ['x'.repeat(4096)] })).toEqual([]);
  });
});

describe('template rendering', () => {
  const context = () => {
    const c = sampleContext('overdue');
    c.debtor.name = '<b>JOANA</b> & "CIA"';
    c.company.name = 'Net <Sul>';
    return c;
  };
  const email: TemplateSource = {
    type: 'overdue',
    channel: 'email',
    subject: '{{company.name}}:\n{{brl totalOpenCents}}',
    variations: ['Olá {{debtor.name}},\n{{#each debts}}\n- {{brl openCents}}\n{{/each}}\nFim'],
  };

  it('escapes HTML in the email body but not in the text part or subject', () => {
    const out = renderTemplate(compileTemplate(email), 0, context());
    expect(out.text).toBe('Olá <b>JOANA</b> & "CIA",\n- R$ 64,95\n- R$ 129,90\nFim');
    expect(out.subject).toBe('Net <Sul>: R$ 194,85');
    expect(out.html).toContain('Olá &lt;b&gt;JOANA&lt;/b&gt; &amp; &quot;CIA&quot;,<br>\n- R$ 64,95<br>');
    expect(out.html).toContain('<title>Net &lt;Sul&gt;: R$ 194,85</title>');
    expect(out.html).toMatch(/^<!doctype html>/);
    expect(out.html).not.toContain('<b>');
  });

  it('gives SMS and WhatsApp only a text', () => {
    const out = renderTemplate(compileTemplate(sms('  Oi {{firstName debtor.name}}\n')), 0, context());
    expect(out).toEqual({ text: 'Oi <b>joana</b>' });
  });

  it('renders the chosen variation and refuses one that does not exist', () => {
    const compiled = compileTemplate(sms('um', 'dois'));
    expect(renderTemplate(compiled, 1, context()).text).toBe('dois');
    expect(() => renderTemplate(compiled, 2, context())).toThrow(RangeError);
  });
});

describe('variation choice', () => {
  it('is deterministic per schedule and within range', () => {
    const ids = Array.from({ length: 200 }, (_v, i) => `0000000${i}-aaaa-4bbb-8ccc-dddddddddddd`);
    const picks = ids.map((id) => variationFor(id, 3));
    expect(ids.map((id) => variationFor(id, 3))).toEqual(picks);
    expect(new Set(picks)).toEqual(new Set([0, 1, 2]));
    expect(variationFor('anything', 1)).toBe(0);
  });
});
