import { sampleContext } from './sample-context';
import { smsSegments, type SmsSegments } from './sms-segments';
import { TemplateVariationNotFoundError } from './template.errors';
import {
  compileTemplate,
  renderTemplate,
  WHATSAPP_TEXT_LIMIT,
  type RenderedContent,
  type TemplateSource,
} from './template-engine';

export interface TemplatePreview extends RenderedContent {
  variation: number;
  sms?: SmsSegments;
  whatsapp?: { length: number; limit: number };
}

/**
 * A template rendered with the sample data of its type, with what the channel will make of it. The
 * debtor and debts are samples; `companyName` is the tenant's own (what its debtors will read).
 */
export function previewTemplate(
  source: TemplateSource,
  variation = 0,
  companyName?: string,
): TemplatePreview {
  const count = source.variations.length;
  if (!Number.isInteger(variation) || variation < 0 || variation >= count)
    throw new TemplateVariationNotFoundError(variation, count);
  const context = sampleContext(source.type);
  if (companyName !== undefined) context.company = { name: companyName };
  const rendered = renderTemplate(compileTemplate(source), variation, context);
  const preview: TemplatePreview = { ...rendered, variation };
  if (source.channel === 'sms') preview.sms = smsSegments(rendered.text);
  if (source.channel === 'whatsapp')
    preview.whatsapp = { length: [...rendered.text].length, limit: WHATSAPP_TEXT_LIMIT };
  return preview;
}
