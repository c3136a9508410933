import {
  clampEmbed,
  DISCORD_LIMITS,
  embedSize,
  packEmbeds,
  truncate,
  type DiscordEmbed,
} from './discord-payloads';

const text = (size: number, letter = 'a') => letter.repeat(size);
/** An embed of exactly `size` characters, titled with its index so order can be checked. */
const sized = (index: number, size: number): DiscordEmbed => {
  const title = `#${index}`;
  return { title, description: text(size - title.length) };
};
const titles = (embeds: DiscordEmbed[] | undefined) => (embeds ?? []).map((embed) => embed.title);

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven char', 10, 'eleven ch…'],
    ['abc', 0, ''],
  ])('%j cut to %i → %j', (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });

  it('counts code points, so an emoji is never split in half', () => {
    expect(truncate('🚫🚫🚫', 3)).toBe('🚫🚫🚫');
    expect(truncate('🚫🚫🚫🚫', 3)).toBe('🚫🚫…');
  });
});

describe('clampEmbed', () => {
  it('cuts every part to its own limit and fills empty field texts', () => {
    const embed = clampEmbed({
      title: text(300),
      description: text(5000),
      footer: { text: text(3000) },
      author: { name: text(300) },
      fields: Array.from({ length: 30 }, (_, index) => ({
        name: `f${index}`,
        value: index === 0 ? '' : 'x',
      })),
      color: 0xe74c3c,
      timestamp: '2024-03-01T12:00:00.000Z',
    });
    expect([...embed.title!]).toHaveLength(DISCORD_LIMITS.title);
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(embed.author!.name).toHaveLength(DISCORD_LIMITS.authorName);
    expect(embed.fields).toHaveLength(DISCORD_LIMITS.fields);
    expect(embed.fields![0].value).toBe('—');
    expect(embed.color).toBe(0xe74c3c);
    expect(embed.timestamp).toBe('2024-03-01T12:00:00.000Z');
    expect(embedSize(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  });

  it('cuts the longest parts to fit the 6000 total and leaves short ones whole', () => {
    const embed = clampEmbed({
      title: 'Bloqueio',
      description: text(4096),
      fields: [
        { name: 'Empresa', value: text(1024, 'b') },
        { name: 'Motivo', value: text(1024, 'c') },
        { name: 'Execução', value: 'run-42' },
      ],
      footer: { text: text(2048, 'd') },
    });
    expect(embedSize(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embedSize(embed)).toBeGreaterThan(DISCORD_LIMITS.embedTotal - 10);
    expect(embed.title).toBe('Bloqueio');
    expect(embed.fields!.map((field) => field.name)).toEqual(['Empresa', 'Motivo', 'Execução']);
    expect(embed.fields![2].value).toBe('run-42');
    // The two 1024-character values fit under the common cap; description and footer pay for the excess.
    expect(embed.fields![0].value).toHaveLength(1024);
    expect(embed.description!.endsWith('…')).toBe(true);
    expect(embed.footer!.text.endsWith('…')).toBe(true);
  });

  it('drops an empty footer or author, which Discord would refuse', () => {
    expect(clampEmbed({ title: 't', footer: { text: '' }, author: { name: '' } })).toEqual({ title: 't' });
  });

  it('leaves an embed within every limit untouched', () => {
    const embed: DiscordEmbed = { title: 'ok', fields: [{ name: 'a', value: 'b', inline: true }] };
    expect(clampEmbed(embed)).toEqual(embed);
  });
});

describe('packEmbeds', () => {
  it.each([
    { case: '25 small embeds', embeds: 25, size: 50, messages: [10, 10, 5] },
    { case: 'embeds of ~2500 characters', embeds: 5, size: 2500, messages: [2, 2, 1] },
    { case: 'embeds of exactly 3000 characters', embeds: 4, size: 3000, messages: [2, 2] },
    { case: 'embeds of 3001 characters', embeds: 3, size: 3001, messages: [1, 1, 1] },
    { case: 'a single embed', embeds: 1, size: 10, messages: [1] },
  ])('$case → $messages.length message(s), in order', ({ embeds, size, messages }) => {
    const input = Array.from({ length: embeds }, (_, index) => sized(index, size));
    const payloads = packEmbeds(input);

    expect(payloads.map((payload) => payload.embeds?.length)).toEqual(messages);
    expect(payloads.flatMap((payload) => titles(payload.embeds))).toEqual(titles(input));
    for (const payload of payloads) {
      expect(payload.embeds!.reduce((sum, embed) => sum + embedSize(embed), 0)).toBeLessThanOrEqual(6000);
    }
  });

  it('clamps a single oversize embed instead of failing', () => {
    const [payload, ...rest] = packEmbeds([{ title: text(1000), description: text(9000) }]);
    expect(rest).toEqual([]);
    const [embed] = payload.embeds!;
    expect([...embed.title!]).toHaveLength(256);
    expect([...embed.description!]).toHaveLength(4096);
  });

  it('puts content on the first message only, cut to 2000, and the username on every message', () => {
    const payloads = packEmbeds(
      Array.from({ length: 12 }, (_, index) => sized(index, 10)),
      { content: text(2500), username: 'Régua Telefonia' },
    );
    expect(payloads).toHaveLength(2);
    expect(payloads[0].content).toHaveLength(2000);
    expect(payloads[0].content!.endsWith('…')).toBe(true);
    expect(payloads[1].content).toBeUndefined();
    expect(payloads.map((payload) => payload.username)).toEqual(['Régua Telefonia', 'Régua Telefonia']);
  });

  it('never lets a message ping anyone', () => {
    const payloads = packEmbeds([sized(0, 10)], { content: '@everyone olhem isto' });
    expect(payloads).toEqual([
      expect.objectContaining({ content: '@everyone olhem isto', allowed_mentions: { parse: [] } }),
    ]);
  });

  it('sends content alone when there are no embeds, and nothing when there is nothing', () => {
    expect(packEmbeds([], { content: 'só texto' })).toEqual([
      { content: 'só texto', allowed_mentions: { parse: [] } },
    ]);
    expect(packEmbeds([], { content: '   ' })).toEqual([]);
    expect(packEmbeds([])).toEqual([]);
  });
});
