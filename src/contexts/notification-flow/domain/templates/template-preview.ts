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

/** A template rendered with the sample data of its type, with what the channel will make of it. */
export function previewTemplate(source: TemplateSource, variation = 0): TemplatePreview {
  const count = source.variations.length;
  if (!Number.isInteger(variation) || variation < 0 || variation >= count)
    throw new TemplateVariationNotFoundError(variation, count);
  const rendered = renderTemplate(compileTemplate(source), variation, sampleContext(source.type));
  const preview: TemplatePreview = { ...rendered, variation };
  if (source.channel === 'sms') preview.sms = smsSegments(rendered.text);
  if (source.channel === 'whatsapp')
    preview.whatsapp = { length: [...rendered.text].length, limit: WHATSAPP_TEXT_LIMIT };
  return preview;
}
