import { CHANNELS, MESSAGE_TYPES } from '../cadence';
import {
  builtInTemplateId,
  defaultTemplate,
  parseBuiltInTemplateId,
  TEMPLATE_SLOTS,
  TEMPLATE_WORDINGS,
  wordingOfSource,
} from './default-templates';
import { sampleContext } from './sample-context';
import { smsSegments } from './sms-segments';
import { compileTemplate, renderTemplate, templateProblems } from './template-engine';

describe('built-in templates', () => {
  it('cover every type × channel', () => {
    expect(TEMPLATE_SLOTS).toHaveLength(MESSAGE_TYPES.length * CHANNELS.length);
  });

  const everyWording = TEMPLATE_WORDINGS.flatMap((wording) => TEMPLATE_SLOTS.map((s) => ({ ...s, wording })));

  it.each(everyWording)('$wording $type/$channel is valid', ({ type, channel, wording }) => {
    const template = defaultTemplate(type, channel, wording);
    expect(templateProblems(template)).toEqual([]);
    if (channel !== 'email') expect(template.variations.length).toBeGreaterThanOrEqual(2);
  });

  it.each(TEMPLATE_SLOTS)(
    'clinic $type/$channel speaks of "parcela", never of "fatura" or suspension',
    ({ type, channel }) => {
      const template = defaultTemplate(type, channel, 'clinic');
      for (const text of [...template.variations, template.subject ?? '']) {
        expect(text).not.toMatch(/fatura|suspens/i);
      }
      expect(template.variations.every((v) => /parcela/i.test(v))).toBe(true);
      expect(template.variations.every((v) => v.includes('{{company.name}}'))).toBe(true);
    },
  );

  it('the clinic wording is chosen by the debt source', () => {
    expect(wordingOfSource('clinic')).toBe('clinic');
    expect(wordingOfSource('ixc')).toBe('isp');
    expect(wordingOfSource(undefined)).toBe('isp');
  });

  it.each(everyWording.filter((s) => s.channel === 'sms'))(
    '$wording $type/sms stays GSM-7 within 2 parts with the sample data',
    ({ type, wording }) => {
      const compiled = compileTemplate(defaultTemplate(type, 'sms', wording));
      compiled.variations.forEach((_v, i) => {
        const { text } = renderTemplate(compiled, i, sampleContext(type));
        expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7' });
        expect(smsSegments(text).segments).toBeLessThanOrEqual(2);
      });
    },
  );

  it('renders the upcoming reminder as a friendly pt-BR text', () => {
    const compiled = compileTemplate(defaultTemplate('upcoming', 'sms'));
    expect(renderTemplate(compiled, 0, sampleContext('upcoming')).text).toBe(
      'NetSul Telecom: Ola Maria, sua fatura de R$ 129,90 vence em 05/11/2026. Se ja pagou, desconsidere.',
    );
    const today = { ...sampleContext('upcoming'), daysOverdue: 0 };
    expect(renderTemplate(compiled, 0, today).text).toContain('vence hoje.');
  });

  it('lists the debts in the overdue email', () => {
    const out = renderTemplate(
      compileTemplate(defaultTemplate('overdue', 'email')),
      0,
      sampleContext('overdue'),
    );
    expect(out.subject).toBe('NetSul Telecom: pagamento pendente de R$ 194,85');
    expect(out.text).toContain(
      '- Internet Fibra 500 Mega - parcela 1: R$ 64,95, vencida em 05/10/2026 (há 37 dias)',
    );
    expect(out.text).toContain(
      '- Internet Fibra 500 Mega - parcela 2: R$ 129,90, vencida em 05/11/2026 (há 7 dias)',
    );
  });

  it('round-trips built-in ids', () => {
    expect(builtInTemplateId('overdue', 'sms')).toBe('default:overdue:sms');
    expect(parseBuiltInTemplateId('default:overdue:sms')).toEqual({
      type: 'overdue',
      channel: 'sms',
      wording: 'isp',
    });
    expect(builtInTemplateId('overdue', 'sms', 'clinic')).toBe('default:clinic:overdue:sms');
    expect(parseBuiltInTemplateId('default:clinic:overdue:sms')).toEqual({
      type: 'overdue',
      channel: 'sms',
      wording: 'clinic',
    });
    expect(parseBuiltInTemplateId('default:clinic:overdue:sms:x')).toBeNull();
    expect(parseBuiltInTemplateId('default:overdue:fax')).toBeNull();
    expect(parseBuiltInTemplateId('default:overdue:sms:x')).toBeNull();
    expect(parseBuiltInTemplateId('0b6f0e1e-3c2a-4c55-9a43-2b1f5d2f1a10')).toBeNull();
  });
});
