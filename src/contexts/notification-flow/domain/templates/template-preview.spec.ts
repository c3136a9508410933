import { defaultTemplate } from './default-templates';
import { TemplateVariationNotFoundError } from './template.errors';
import { previewTemplate } from './template-preview';

describe('template preview', () => {
  it('reports SMS encoding and parts', () => {
    const preview = previewTemplate(defaultTemplate('overdue', 'sms'), 1);
    expect(preview.variation).toBe(1);
    expect(preview.sms).toMatchObject({ encoding: 'GSM-7', segments: 1, length: preview.text.length });
    expect(preview.html).toBeUndefined();
  });

  it('reports the WhatsApp length against its limit', () => {
    const preview = previewTemplate(defaultTemplate('overdue', 'whatsapp'));
    expect(preview.whatsapp).toEqual({ length: [...preview.text].length, limit: 4096 });
    expect(preview.text).toContain('Olá Maria');
  });

  it('renders email with a subject and HTML', () => {
    const preview = previewTemplate(defaultTemplate('upcoming', 'email'));
    expect(preview.subject).toBe('NetSul Telecom: sua fatura vence em 05/11/2026');
    expect(preview.html).toContain('Olá Maria,<br>');
    expect(preview.sms).toBeUndefined();
  });

  it.each([2, -1, 0.5])('refuses variation %p of a two-variation template', (variation) => {
    const template = { ...defaultTemplate('overdue', 'sms'), variations: ['a', 'b'] };
    expect(() => previewTemplate(template, variation)).toThrow(TemplateVariationNotFoundError);
  });
});
