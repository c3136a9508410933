import { discordErrors, FormErrors, type DiscordErrorBody } from './discord-errors';
import type { DiscordEmbed } from './discord-state';
import { isSnowflake } from './snowflake';

/** What an accepted execute-webhook body contributes to the stored message. */
export interface ExecutePayload {
  content: string;
  embeds: DiscordEmbed[];
  username?: string;
  tts: boolean;
  flags: number;
  components: unknown[];
}

export type Validated<T> = { ok: true; value: T } | { ok: false; status: number; body: DiscordErrorBody };

const LIMITS = {
  content: 2000,
  username: 80,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
};

type Path = (string | number)[];
type Json = Record<string, unknown>;

export function parseExecuteQuery(
  query: Record<string, unknown>,
): Validated<{ wait: boolean; threadId?: string }> {
  const errors = new FormErrors();
  const wait = query.wait === undefined ? false : parseBoolean(query.wait);
  if (wait === undefined)
    errors.add(['wait'], { code: 'BOOLEAN_TYPE_CONVERT', message: 'Must be either true or false.' });
  const threadId = query.thread_id;
  if (threadId !== undefined && (typeof threadId !== 'string' || !isSnowflake(threadId))) {
    errors.add(['thread_id'], {
      code: 'NUMBER_TYPE_COERCE',
      message: `Value "${String(threadId)}" is not snowflake.`,
    });
  }
  if (!errors.isEmpty) return { ok: false, status: 400, body: discordErrors.invalidForm(errors.tree) };
  return { ok: true, value: { wait: wait ?? false, threadId: threadId as string | undefined } };
}

export function parseJsonBody(raw: string): Validated<unknown> {
  // An empty body is an empty form, which Discord rejects later as an empty message.
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, status: 400, body: discordErrors.invalidJson };
  }
}

/** Applies Discord's documented limits (integrations.md §3) and answers with Discord's own error shapes. */
export function validateExecuteBody(body: unknown): Validated<ExecutePayload> {
  const errors = new FormErrors();
  if (!isJson(body)) {
    errors.add([], { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' });
    return { ok: false, status: 400, body: discordErrors.invalidForm(errors.tree) };
  }
  const content = optionalString(errors, ['content'], body.content, LIMITS.content) ?? '';
  const username = optionalString(errors, ['username'], body.username, LIMITS.username);
  const tts = body.tts === undefined ? false : body.tts === true;
  if (body.tts !== undefined && typeof body.tts !== 'boolean') {
    errors.add(['tts'], { code: 'BOOLEAN_TYPE_CONVERT', message: 'Must be either true or false.' });
  }
  const embeds = validateEmbeds(errors, body.embeds);
  const components = Array.isArray(body.components) ? body.components : [];

  if (!errors.isEmpty) return { ok: false, status: 400, body: discordErrors.invalidForm(errors.tree) };
  // Discord strips whitespace, so blank content alone is still an empty message.
  const hasPoll = isJson(body.poll);
  if (content.trim() === '' && embeds.length === 0 && components.length === 0 && !hasPoll) {
    return { ok: false, status: 400, body: discordErrors.emptyMessage };
  }
  const flags = typeof body.flags === 'number' && Number.isInteger(body.flags) ? body.flags : 0;
  return { ok: true, value: { content, embeds, username, tts, flags, components } };
}

function validateEmbeds(errors: FormErrors, input: unknown): DiscordEmbed[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    errors.add(['embeds'], {
      code: 'LIST_TYPE_CONVERT',
      message: 'Only iterables may be used in a ListType',
    });
    return [];
  }
  if (input.length > LIMITS.embeds) {
    errors.add(['embeds'], maxLength(LIMITS.embeds));
    return [];
  }
  const embeds: DiscordEmbed[] = [];
  let total = 0;
  input.forEach((embed: unknown, index) => {
    if (!isJson(embed)) {
      errors.add(['embeds', index], {
        code: 'DICT_TYPE_CONVERT',
        message: 'Only dictionaries may be used in a DictType',
      });
      return;
    }
    total += validateEmbed(errors, ['embeds', index], embed);
    embeds.push({ ...embed, type: 'rich' });
  });
  if (total > LIMITS.embedTotal) {
    errors.add(['embeds'], {
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
    });
  }
  return embeds;
}

/** Validates one embed and returns its size as Discord counts it towards the 6000 total. */
function validateEmbed(errors: FormErrors, path: Path, embed: Json): number {
  let size = 0;
  size += length(optionalString(errors, [...path, 'title'], embed.title, LIMITS.title));
  size += length(optionalString(errors, [...path, 'description'], embed.description, LIMITS.description));
  optionalUrl(errors, [...path, 'url'], embed.url);
  if (embed.timestamp !== undefined && embed.timestamp !== null) {
    if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
      errors.add([...path, 'timestamp'], {
        code: 'DATE_TYPE_PARSE',
        message: `Could not parse ${String(embed.timestamp)}. Should be ISO8601.`,
      });
    }
  }
  validateColor(errors, [...path, 'color'], embed.color);
  const footer = optionalObject(errors, [...path, 'footer'], embed.footer);
  if (footer)
    size += length(requiredString(errors, [...path, 'footer', 'text'], footer.text, LIMITS.footerText));
  const author = optionalObject(errors, [...path, 'author'], embed.author);
  if (author)
    size += length(requiredString(errors, [...path, 'author', 'name'], author.name, LIMITS.authorName));
  for (const media of ['image', 'thumbnail']) {
    const object = optionalObject(errors, [...path, media], embed[media]);
    if (object) optionalUrl(errors, [...path, media, 'url'], object.url, true);
  }
  return size + validateFields(errors, [...path, 'fields'], embed.fields);
}

function validateFields(errors: FormErrors, path: Path, input: unknown): number {
  if (input === undefined || input === null) return 0;
  if (!Array.isArray(input)) {
    errors.add(path, { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' });
    return 0;
  }
  if (input.length > LIMITS.fields) {
    errors.add(path, maxLength(LIMITS.fields));
    return 0;
  }
  let size = 0;
  input.forEach((field: unknown, index) => {
    if (!isJson(field)) {
      errors.add([...path, index], {
        code: 'DICT_TYPE_CONVERT',
        message: 'Only dictionaries may be used in a DictType',
      });
      return;
    }
    size += length(requiredString(errors, [...path, index, 'name'], field.name, LIMITS.fieldName));
    size += length(requiredString(errors, [...path, index, 'value'], field.value, LIMITS.fieldValue));
  });
  return size;
}

function optionalString(errors: FormErrors, path: Path, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    errors.add(path, {
      code: 'STRING_TYPE_CONVERT',
      message: `Could not interpret "${String(value)}" as string.`,
    });
    return undefined;
  }
  if (length(value) > max) errors.add(path, maxLength(max));
  return value;
}

function requiredString(errors: FormErrors, path: Path, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null || value === '') {
    errors.add(path, { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return undefined;
  }
  return optionalString(errors, path, value, max);
}

function optionalObject(errors: FormErrors, path: Path, value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (isJson(value)) return value;
  errors.add(path, { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' });
  return undefined;
}

function optionalUrl(errors: FormErrors, path: Path, value: unknown, required = false): void {
  if ((value === undefined || value === null) && !required) return;
  const ok = typeof value === 'string' && /^(https?|attachment):\/\/\S+$/.test(value);
  if (!ok) errors.add(path, { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
}

function validateColor(errors: FormErrors, path: Path, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(path, { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(value)}" is not int.` });
  } else if (value < 0 || value > 0xffffff) {
    errors.add(path, {
      code: 'NUMBER_TYPE_MAX',
      message: 'int value should be less than or equal to 16777215.',
    });
  }
}

function parseBoolean(value: unknown): boolean | undefined {
  if (value === 'true' || value === 'True' || value === '1') return true;
  if (value === 'false' || value === 'False' || value === '0') return false;
  return undefined;
}

function maxLength(max: number) {
  return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

/** Discord's backend counts code points (Python `len`), not UTF-16 units: an emoji is one character. */
function length(value: string | undefined): number {
  return value === undefined ? 0 : [...value].length;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
