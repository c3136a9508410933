import { fieldError, type SendgridError } from './sendgrid-errors';
import type { EmailAddress, Personalization } from './sendgrid-state';

export const MAX_PERSONALIZATIONS = 1000;
export const MAX_RECIPIENTS = 1000;
/** SendGrid caps the custom_args of a message at 10,000 bytes. */
const MAX_CUSTOM_ARGS_BYTES = 10_000;
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export interface MailSendPayload {
  personalizations: Personalization[];
  from: EmailAddress;
  subject: string | undefined;
  content: Array<{ type: string; value: string }>;
  templateId: string | undefined;
  customArgs: Record<string, string>;
  categories: string[];
}

type Result = { ok: true; value: MailSendPayload } | { ok: false; errors: SendgridError[] };
type Json = Record<string, unknown>;

/**
 * Checks a v3 Mail Send body the way SendGrid does before it accepts anything: every problem is
 * reported at once, each with the dotted `field` path a client can log.
 */
export function validateMailSend(body: unknown): Result {
  const errors: SendgridError[] = [];
  if (!isObject(body)) return { ok: false, errors: [fieldError(null, 'Bad Request')] };

  const from = address(body.from, 'from', errors, 'message.from');
  const templateId = optionalString(body.template_id, 'template_id', errors);
  const subject = optionalString(body.subject, 'subject', errors);
  const customArgs = stringMap(body.custom_args, 'custom_args', errors);
  const personalizations = personalizationList(body.personalizations, errors);

  const everySubject = personalizations.length > 0 && personalizations.every((p) => p.subject !== undefined);
  if (templateId === undefined && !subject && !everySubject) {
    errors.push(
      fieldError(
        'subject',
        'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
        'message.subject',
      ),
    );
  }
  if (
    templateId !== undefined &&
    !/^d-[0-9a-f]{32}$/.test(templateId) &&
    !/^[0-9a-f-]{36}$/.test(templateId)
  ) {
    errors.push(
      fieldError('template_id', 'The template_id must be a valid GUID, you provided ' + templateId + '.'),
    );
  }
  const content = contentList(body.content, templateId !== undefined, errors);
  const categories = body.categories === undefined ? [] : stringArray(body.categories, 'categories', errors);
  if (
    jsonBytes(customArgs) + personalizations.reduce((n, p) => n + jsonBytes(p.custom_args), 0) >
    MAX_CUSTOM_ARGS_BYTES
  ) {
    errors.push(
      fieldError('custom_args', 'The custom_args field may not exceed 10,000 bytes.', 'message.custom_args'),
    );
  }

  if (errors.length > 0 || from === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: { personalizations, from, subject, content, templateId, customArgs, categories },
  };
}

function personalizationList(value: unknown, errors: SendgridError[]): Personalization[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(
      fieldError(
        'personalizations',
        'The personalizations field is required and must have at least one personalization.',
        'message.personalizations',
      ),
    );
    return [];
  }
  if (value.length > MAX_PERSONALIZATIONS) {
    errors.push(
      fieldError(
        'personalizations',
        'The personalizations field cannot have more than 1000 objects.',
        'message.personalizations',
      ),
    );
    return [];
  }
  const list = value.map((item, index) => personalization(item, `personalizations.${index}`, errors));
  const total = list.reduce((n, p) => n + p.to.length + (p.cc?.length ?? 0) + (p.bcc?.length ?? 0), 0);
  if (total > MAX_RECIPIENTS) {
    errors.push(
      fieldError(
        'personalizations',
        'The total number of recipients must be less than 1000. This includes all recipients defined within the to, cc, and bcc parameters, across each object that you include in the personalizations array.',
        'message.recipient_limit',
      ),
    );
  }
  return list;
}

function personalization(value: unknown, path: string, errors: SendgridError[]): Personalization {
  if (!isObject(value)) {
    errors.push(fieldError(path, 'The personalization must be an object.', 'message.personalizations'));
    return { to: [] };
  }
  if (!Array.isArray(value.to) || value.to.length === 0) {
    errors.push(
      fieldError(
        `${path}.to`,
        'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        'message.personalizations.to',
      ),
    );
  }
  const result: Personalization = { to: addressList(value.to, `${path}.to`, errors) };
  if (value.cc !== undefined) result.cc = addressList(value.cc, `${path}.cc`, errors);
  if (value.bcc !== undefined) result.bcc = addressList(value.bcc, `${path}.bcc`, errors);
  const seen = new Set<string>();
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    for (const { email } of result[kind] ?? []) {
      const key = email.toLowerCase();
      if (seen.has(key)) {
        errors.push(
          fieldError(
            `${path}.${kind}`,
            `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${email}] in the ${path}.${kind} field.`,
            'message.recipient_duplicates',
          ),
        );
      }
      seen.add(key);
    }
  }
  const subject = optionalString(value.subject, `${path}.subject`, errors);
  if (subject !== undefined) result.subject = subject;
  if (value.custom_args !== undefined)
    result.custom_args = stringMap(value.custom_args, `${path}.custom_args`, errors);
  if (value.dynamic_template_data !== undefined) {
    if (isObject(value.dynamic_template_data)) result.dynamic_template_data = value.dynamic_template_data;
    else
      errors.push(
        fieldError(`${path}.dynamic_template_data`, 'The dynamic_template_data must be an object.'),
      );
  }
  if (typeof value.send_at === 'number') result.send_at = value.send_at;
  return result;
}

function contentList(
  value: unknown,
  hasTemplate: boolean,
  errors: SendgridError[],
): MailSendPayload['content'] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    if (!hasTemplate) {
      errors.push(
        fieldError(
          'content',
          'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
          'message.content',
        ),
      );
    }
    return [];
  }
  if (!Array.isArray(value)) {
    errors.push(fieldError('content', 'The content must be an array of content blocks.', 'message.content'));
    return [];
  }
  const blocks = value.map((item, index) => {
    const block = isObject(item) ? item : {};
    const type = block.type;
    const text = block.value;
    if (typeof type !== 'string' || type.length === 0 || /[;\r\n]/.test(type)) {
      errors.push(
        fieldError(
          `content.${index}.type`,
          "The content type cannot contain ';', or CRLF characters.",
          'message.content.type',
        ),
      );
    }
    if (typeof text !== 'string' || text.length === 0) {
      errors.push(
        fieldError(
          `content.${index}.value`,
          'The content value must be a string at least one character in length.',
          'message.content.value',
        ),
      );
    }
    return { type: String(type), value: String(text) };
  });
  const plainAt = blocks.findIndex((b) => b.type === 'text/plain');
  if (plainAt > 0) {
    errors.push(
      fieldError(
        'content',
        'If present, text/plain must be first, followed by text/html, followed by any other content.',
        'message.content',
      ),
    );
  }
  return blocks;
}

function addressList(value: unknown, path: string, errors: SendgridError[]): EmailAddress[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index) => {
    const parsed = address(item, `${path}.${index}`, errors, 'message.recipient_errors');
    return parsed === undefined ? [] : [parsed];
  });
}

function address(
  value: unknown,
  path: string,
  errors: SendgridError[],
  anchor: string,
): EmailAddress | undefined {
  if (!isObject(value) || value.email === undefined) {
    errors.push(
      fieldError(
        `${path}.email`,
        path === 'from'
          ? 'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.'
          : 'The email parameter is required.',
        anchor,
      ),
    );
    return undefined;
  }
  if (typeof value.email !== 'string' || !EMAIL.test(value.email)) {
    errors.push(fieldError(`${path}.email`, 'Does not contain a valid address.', anchor));
    return undefined;
  }
  return typeof value.name === 'string' ? { email: value.email, name: value.name } : { email: value.email };
}

function stringMap(value: unknown, path: string, errors: SendgridError[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    // SendGrid refuses non-string custom_args values instead of coercing them.
    errors.push(
      fieldError(path, 'The custom_args must be an object whose values are strings.', 'message.custom_args'),
    );
    return {};
  }
  return value as Record<string, string>;
}

function stringArray(value: unknown, path: string, errors: SendgridError[]): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    errors.push(fieldError(path, `The ${path} must be an array of strings.`, `message.${path}`));
    return [];
  }
  return value as string[];
}

function optionalString(value: unknown, path: string, errors: SendgridError[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    errors.push(fieldError(path, `The ${path} must be a string.`));
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}
