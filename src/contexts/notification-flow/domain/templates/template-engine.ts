import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { Channel, MessageType } from '../cadence';
import type { TemplateContext } from './template-context';
import { sampleContext } from './sample-context';
import { brl, date, firstName, HELPER_ARITY, plural } from './template-helpers';
import { astProblems } from './template-variables';

export const MAX_VARIATIONS = 5;
export const WHATSAPP_TEXT_LIMIT = 4096;
const MAX_SOURCE_LENGTH = 10_000;
const MAX_SUBJECT_LENGTH = 300;

/** What a template is made of, wherever it comes from (the tenant's table or the built-in defaults). */
export interface TemplateSource {
  type: MessageType;
  channel: Channel;
  /** email only (itself a template) */
  subject: string | null;
  /** 1–5 texts; one is picked per schedule */
  variations: readonly string[];
}

export interface RenderedContent {
  subject?: string;
  /** plain text, never HTML-escaped */
  text: string;
  /** email only: the escaped text in a minimal HTML document */
  html?: string;
}

type Delegate = Handlebars.TemplateDelegate<TemplateContext>;

export interface CompiledTemplate {
  channel: Channel;
  subject: Delegate | null;
  variations: ReadonlyArray<{ text: Delegate; html: Delegate | null }>;
}

/** An environment of our own: the global one could get helpers or partials registered by anyone. */
const engine = Handlebars.create();
engine.registerHelper({ brl, date, firstName, plural });
// Validation already rejects them; unregistered, they cannot run even from a template saved before a rule.
for (const builtIn of ['with', 'lookup', 'log']) engine.unregisterHelper(builtIn);

const KNOWN_HELPERS = Object.fromEntries(Object.keys(HELPER_ARITY).map((name) => [name, true]));
const compileOptions = (noEscape: boolean): CompileOptions => ({
  strict: false,
  knownHelpersOnly: true,
  knownHelpers: KNOWN_HELPERS,
  noEscape,
});

/** Syntax and whitelist problems of one template text, each prefixed with where it sits. */
function sourceProblems(where: string, source: string): string[] {
  let program: hbs.AST.Program;
  try {
    program = engine.parse(source);
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, ' ').trim();
    return [`${where}: does not compile: ${message}`];
  }
  return astProblems(program).map((problem) => `${where}: ${problem}`);
}

/**
 * Everything wrong with a template (empty when it may be saved): shape, syntax, variables and helpers
 * outside the whitelist, and, rendered with the sample data, errors and WhatsApp's text limit.
 */
export function templateProblems(source: TemplateSource): string[] {
  const problems: string[] = [];
  const { variations, subject, channel } = source;
  if (variations.length < 1 || variations.length > MAX_VARIATIONS)
    problems.push(`variations: between 1 and ${MAX_VARIATIONS} texts (got ${variations.length})`);
  variations.forEach((text, i) => {
    if (text.trim() === '') problems.push(`variations[${i}]: is empty`);
    else if (text.length > MAX_SOURCE_LENGTH)
      problems.push(`variations[${i}]: longer than ${MAX_SOURCE_LENGTH} characters`);
    else problems.push(...sourceProblems(`variations[${i}]`, text));
  });
  if (channel === 'email') {
    if (!subject?.trim()) problems.push('subject: an email template needs a subject');
    else if (subject.length > MAX_SUBJECT_LENGTH)
      problems.push(`subject: longer than ${MAX_SUBJECT_LENGTH} characters`);
    else problems.push(...sourceProblems('subject', subject));
  } else if (subject !== null) {
    problems.push(`subject: only email templates have a subject (this one is ${channel})`);
  }
  if (problems.length > 0) return problems;

  const compiled = compileTemplate(source);
  const sample = sampleContext(source.type);
  compiled.variations.forEach((_v, i) => {
    try {
      const { text } = renderTemplate(compiled, i, sample);
      const length = [...text].length;
      if (channel === 'whatsapp' && length > WHATSAPP_TEXT_LIMIT)
        problems.push(
          `variations[${i}]: renders to ${length} characters with the sample data; WhatsApp allows ${WHATSAPP_TEXT_LIMIT}`,
        );
    } catch (error) {
      problems.push(`variations[${i}]: fails to render: ${(error as Error).message}`);
    }
  });
  return problems;
}

/** Compiles a template (assumed free of problems): plain-text delegates, plus escaped ones for email HTML. */
export function compileTemplate(source: TemplateSource): CompiledTemplate {
  const html = source.channel === 'email';
  return {
    channel: source.channel,
    subject: html && source.subject ? engine.compile(source.subject, compileOptions(true)) : null,
    variations: source.variations.map((text) => ({
      text: engine.compile(text, compileOptions(true)),
      html: html ? engine.compile(text, compileOptions(false)) : null,
    })),
  };
}

/** Renders one variation. Email gets a one-line subject and an HTML part next to the text. */
export function renderTemplate(
  compiled: CompiledTemplate,
  variation: number,
  context: TemplateContext,
): RenderedContent {
  const chosen = compiled.variations[variation];
  if (!chosen) throw new RangeError(`variation ${variation} does not exist (${compiled.variations.length})`);
  const text = chosen.text(context).trim();
  if (!chosen.html) return { text };
  const subject = compiled.subject ? compiled.subject(context).replace(/\s+/g, ' ').trim() : '';
  const body = chosen.html(context).trim().replace(/\r?\n/g, '<br>\n');
  return { subject, text, html: htmlDocument(subject, body) };
}

function htmlDocument(subject: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="pt-BR">',
    `<head><meta charset="utf-8"><title>${engine.escapeExpression(subject)}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #222;">',
    body,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The variation a schedule gets: a hash of its id, so a retry sends the same text. */
export function variationFor(scheduleId: string, count: number): number {
  if (count <= 1) return 0;
  return createHash('sha256').update(scheduleId).digest().readUInt32BE(0) % count;
}
