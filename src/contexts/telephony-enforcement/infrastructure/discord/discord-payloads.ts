/** The embed parts Régua sends (integrations.md §3 "Embed object"); `type` is always `rich` for webhooks. */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  /** 0xRRGGBB */
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
  /** ISO 8601 */
  timestamp?: string;
  author?: { name: string };
}

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordAllowedMentions {
  parse: ('roles' | 'users' | 'everyone')[];
  users?: string[];
  roles?: string[];
}

/** JSON body of "Execute Webhook". */
export interface DiscordPayload {
  content?: string;
  username?: string;
  embeds?: DiscordEmbed[];
  allowed_mentions?: DiscordAllowedMentions;
}

/** Discord's documented limits (integrations.md §3); a message over any of them is refused with 400/50035. */
export const DISCORD_LIMITS = {
  content: 2000,
  username: 80,
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** title + description + field names/values + footer text + author name, over all embeds of a message */
  embedTotal: 6000,
} as const;

const ELLIPSIS = '…';
/** Discord refuses empty field names and values; a dash keeps the field visible. */
const EMPTY_FIELD = '—';

/**
 * Cuts every part of an embed to Discord's limits, then, if the parts still add up to more than the 6000
 * total, cuts the longest parts to a common length so that short ones (ids, labels) survive intact.
 */
export function clampEmbed(embed: DiscordEmbed): DiscordEmbed {
  const clamped: DiscordEmbed = { ...embed };
  if (embed.title !== undefined) clamped.title = truncate(embed.title, DISCORD_LIMITS.title);
  if (embed.description !== undefined)
    clamped.description = truncate(embed.description, DISCORD_LIMITS.description);
  if (embed.fields !== undefined) {
    clamped.fields = embed.fields.slice(0, DISCORD_LIMITS.fields).map((field) => ({
      ...field,
      name: truncate(orDash(field.name), DISCORD_LIMITS.fieldName),
      value: truncate(orDash(field.value), DISCORD_LIMITS.fieldValue),
    }));
  }
  // Discord requires the text of a footer and the name of an author: an empty one is dropped.
  if (embed.footer !== undefined) {
    if (embed.footer.text) clamped.footer = { text: truncate(embed.footer.text, DISCORD_LIMITS.footerText) };
    else delete clamped.footer;
  }
  if (embed.author !== undefined) {
    if (embed.author.name) clamped.author = { name: truncate(embed.author.name, DISCORD_LIMITS.authorName) };
    else delete clamped.author;
  }
  return fitTotal(clamped);
}

/** Size of an embed as Discord counts it towards the 6000 total (code points, not UTF-16 units). */
export function embedSize(embed: DiscordEmbed): number {
  return textParts(embed).reduce((sum, text) => sum + length(text), 0);
}

/**
 * Spreads embeds over as few webhook messages as possible, in order: each message holds at most 10 embeds
 * and 6000 characters of embed text. `content` goes on the first message only (cut to 2000); `username`
 * on every message, so they all show the same sender. Nothing to send gives an empty list.
 */
export function packEmbeds(
  embeds: readonly DiscordEmbed[],
  options: { content?: string; username?: string } = {},
): DiscordPayload[] {
  const content = options.content?.trim() ? truncate(options.content, DISCORD_LIMITS.content) : undefined;
  const username = options.username?.trim() ? truncate(options.username, DISCORD_LIMITS.username) : undefined;
  const groups: DiscordEmbed[][] = [];
  let current: DiscordEmbed[] = [];
  let currentSize = 0;
  for (const embed of embeds.map(clampEmbed)) {
    const size = embedSize(embed);
    const full =
      current.length === DISCORD_LIMITS.embedsPerMessage || currentSize + size > DISCORD_LIMITS.embedTotal;
    if (full) {
      groups.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(embed);
    currentSize += size;
  }
  if (current.length > 0) groups.push(current);
  if (groups.length === 0 && content !== undefined) groups.push([]);

  return groups.map((group, index) => {
    const payload: DiscordPayload = {};
    if (index === 0 && content !== undefined) payload.content = content;
    if (username !== undefined) payload.username = username;
    if (group.length > 0) payload.embeds = group;
    // Nothing a report quotes (names, reasons, errors) may ping anyone.
    payload.allowed_mentions = { parse: [] };
    return payload;
  });
}

/** Cuts to `max` code points, the last one an ellipsis so a reader sees the text goes on. */
export function truncate(text: string, max: number): string {
  const points = [...text];
  if (points.length <= max) return text;
  return max <= 0 ? '' : points.slice(0, max - 1).join('') + ELLIPSIS;
}

function fitTotal(embed: DiscordEmbed): DiscordEmbed {
  if (embedSize(embed) <= DISCORD_LIMITS.embedTotal) return embed;
  const cap = fairShare(textParts(embed).map(length), DISCORD_LIMITS.embedTotal);
  const fitted: DiscordEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = truncate(embed.title, cap);
  if (embed.description !== undefined) fitted.description = truncate(embed.description, cap);
  if (embed.footer !== undefined) fitted.footer = { text: truncate(embed.footer.text, cap) };
  if (embed.author !== undefined) fitted.author = { name: truncate(embed.author.name, cap) };
  if (embed.fields !== undefined) {
    fitted.fields = embed.fields.map((field) => ({
      ...field,
      name: truncate(field.name, cap),
      value: truncate(field.value, cap),
    }));
  }
  return fitted;
}

/**
 * The largest length `cap` such that cutting every part to `cap` fits the budget ("water filling"):
 * parts shorter than the cap keep all their text. At most 54 parts share 6000, so the cap is never 0.
 */
function fairShare(lengths: number[], budget: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let left = budget;
  for (let index = 0; index < sorted.length; index++) {
    const share = Math.floor(left / (sorted.length - index));
    if (sorted[index] > share) return share;
    left -= sorted[index];
  }
  return Number.POSITIVE_INFINITY;
}

function textParts(embed: DiscordEmbed): string[] {
  const parts = [embed.title, embed.description, embed.footer?.text, embed.author?.name];
  for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  return parts.filter((part): part is string => part !== undefined);
}

function orDash(text: string | undefined | null): string {
  return text === undefined || text === null || text.trim() === '' ? EMPTY_FIELD : text;
}

// Discord's backend counts code points (Python `len`): an emoji is one character, not two.
function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
