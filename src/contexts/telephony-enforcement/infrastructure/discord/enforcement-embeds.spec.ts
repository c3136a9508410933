import { DISCORD_LIMITS, embedSize, type DiscordEmbed } from './discord-payloads';
import {
  actionEmbed,
  formatDuration,
  runSummaryContent,
  runSummaryEmbed,
  type ActionReport,
  type RunSummaryReport,
} from './enforcement-embeds';

const report = (overrides: Partial<ActionReport> = {}): ActionReport => ({
  runId: 'run-2024-03-01T12',
  action: 'block',
  username: '4830012',
  company: 'Fibra Sul Telecom',
  contractId: '1520',
  from: 'active',
  to: 'blocked',
  fromValue: 1,
  toValue: 4,
  reason: 'contrato bloqueado (status_internet CA)',
  outcome: 'applied',
  dryRun: false,
  at: '2024-03-01T12:00:05.000Z',
  ...overrides,
});

const summary = (overrides: Partial<RunSummaryReport> = {}): RunSummaryReport => ({
  runId: 'run-42',
  trigger: 'schedule',
  dryRun: false,
  status: 'completed',
  accounts: 120,
  counts: { block: 3, unblock: 1, disable: 0, enable: 0, no_change: 116 },
  planned: 4,
  applied: 4,
  simulated: 0,
  failed: 0,
  skipped: 0,
  durationMs: 65_000,
  ...overrides,
});

const field = (embed: DiscordEmbed, name: string) =>
  embed.fields?.find((candidate) => candidate.name === name)?.value;
const withinLimits = (embed: DiscordEmbed) => {
  expect([...(embed.title ?? '')].length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
  expect(embed.fields!.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
  for (const { name, value } of embed.fields!) {
    expect([...name].length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
    expect([...value].length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(value.trim()).not.toBe('');
  }
  expect(embedSize(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
};

describe('actionEmbed', () => {
  it.each([
    { action: 'block', from: 'active', to: 'blocked', title: 'Bloqueio — 4830012', color: 0xe74c3c },
    { action: 'unblock', from: 'blocked', to: 'active', title: 'Desbloqueio — 4830012', color: 0x2ecc71 },
    { action: 'disable', from: 'active', to: 'inactive', title: 'Desativação — 4830012', color: 0x607d8b },
    { action: 'enable', from: 'inactive', to: 'active', title: 'Ativação — 4830012', color: 0x3498db },
    { action: 'no_change', from: 'active', to: 'active', title: 'Sem alteração — 4830012', color: 0xbcc0c0 },
  ] as const)('$action: "$title"', ({ action, from, to, title, color }) => {
    const embed = actionEmbed(report({ action, from, to }));
    expect(embed.title).toBe(title);
    expect(embed.color).toBe(color);
    expect(embed.footer?.text).toBe(
      action === 'no_change' ? 'Nada a alterar no MagnusBilling' : 'Aplicado no MagnusBilling',
    );
  });

  it('shows every field, the transition with the Magnus values, and the time of the action', () => {
    const embed = actionEmbed(report());
    expect(embed.fields!.map((candidate) => candidate.name)).toEqual([
      'Ação',
      'Usuário',
      'Empresa',
      'Contrato',
      'De → Para',
      'Motivo',
      'Execução',
    ]);
    expect(field(embed, 'De → Para')).toBe('ativo (1) → bloqueado (4)');
    expect(field(embed, 'Ação')).toBe('Bloqueio');
    expect(field(embed, 'Execução')).toBe('`run-2024-03-01T12`');
    expect(embed.timestamp).toBe('2024-03-01T12:00:05.000Z');
  });

  it('leaves out unknown Magnus values and a missing contract', () => {
    const embed = actionEmbed(
      report({
        action: 'no_change',
        from: 'unknown',
        to: 'unknown',
        fromValue: null,
        toValue: null,
        contractId: null,
      }),
    );
    expect(field(embed, 'De → Para')).toBe('desconhecido → desconhecido');
    expect(field(embed, 'Contrato')).toBe('—');
  });

  it('marks a dry run in the title and says in the footer that nothing was applied', () => {
    const embed = actionEmbed(report({ dryRun: true, outcome: 'dry_run' }));
    expect(embed.title).toBe('[SIMULAÇÃO] Bloqueio — 4830012');
    expect(embed.color).toBe(0xe74c3c);
    expect(embed.footer?.text).toMatch(/SIMULAÇÃO.*nada foi aplicado/);
  });

  it('turns a failed action orange, says FALHOU and shows the error', () => {
    const embed = actionEmbed(
      report({ action: 'unblock', outcome: 'failed', error: 'Magnus answered HTTP 500' }),
    );
    expect(embed.title).toBe('FALHOU: Desbloqueio — 4830012');
    expect(embed.color).toBe(0xe67e22);
    expect(field(embed, 'Erro')).toBe('Magnus answered HTTP 500');
    expect(embed.footer?.text).toMatch(/^Não aplicado/);
  });

  it.each([
    { outcome: 'skipped', action: 'block', title: 'Ignorado: Bloqueio — 4830012', footer: 'Não aplicado' },
    {
      outcome: 'already_applied',
      action: 'block',
      title: 'Bloqueio — 4830012',
      footer: 'Já estava aplicado no MagnusBilling',
    },
    {
      outcome: 'skipped',
      action: 'no_change',
      title: 'Sem alteração — 4830012',
      footer: 'Nada a alterar no MagnusBilling',
    },
  ] as const)('$action $outcome: "$title", "$footer"', ({ outcome, action, title, footer }) => {
    const embed = actionEmbed(report({ outcome, action }));
    expect(embed.title).toBe(title);
    expect(embed.footer?.text).toBe(footer);
  });

  it('stays within Discord limits for absurdly long texts', () => {
    const embed = actionEmbed(
      report({
        username: 'u'.repeat(5000),
        company: 'Provedor Muito Grande '.repeat(1000),
        reason: 'motivo '.repeat(2000),
        error: 'erro '.repeat(2000),
        runId: 'r'.repeat(3000),
        outcome: 'failed',
      }),
    );
    withinLimits(embed);
    expect(embed.title!.startsWith('FALHOU: Bloqueio — uuu')).toBe(true);
    expect(field(embed, 'Ação')).toBe('Bloqueio');
  });

  it('shows user text as plain text: no markdown, no mentions, one line', () => {
    const embed = actionEmbed(report({ company: '@everyone *Fibra*_Sul\nTelecom' }));
    expect(field(embed, 'Empresa')).toBe('@\u200beveryone \\*Fibra\\*\\_Sul Telecom');
  });
});

describe('runSummaryEmbed', () => {
  it('counts every action and shows planned, applied, failed, skipped, duration, trigger and run id', () => {
    const embed = runSummaryEmbed(summary({ applied: 2, failed: 1, skipped: 1 }));
    expect(embed.title).toBe('Execução de bloqueio VoIP concluída');
    expect(embed.color).toBe(0x2ecc71);
    expect(embed.description).toBeUndefined();
    expect(Object.fromEntries(embed.fields!.map(({ name, value }) => [name, value]))).toEqual({
      Status: 'Concluída',
      'Contas analisadas': '120',
      Origem: 'agendada',
      Bloqueio: '3',
      Desbloqueio: '1',
      Desativação: '0',
      Ativação: '0',
      'Sem alteração': '116',
      Planejadas: '4',
      Aplicadas: '2',
      Falhas: '1',
      Ignoradas: '1',
      Duração: '1 min 5 s',
      Execução: '`run-42`',
    });
  });

  it('a run with failed writes is not a green success', () => {
    const partly = runSummaryEmbed(summary({ status: 'completed_with_errors', applied: 3, failed: 1 }));
    expect(partly.title).toBe('Execução de bloqueio VoIP concluída com erros');
    expect(partly.color).toBe(0xe67e22);
    expect(field(partly, 'Status')).toBe('Concluída com erros');
    const none = runSummaryEmbed(summary({ status: 'failed', applied: 0, failed: 4 }));
    expect(none.title).toBe('Execução de bloqueio VoIP falhou');
    expect(none.color).toBe(0xe74c3c);
  });

  it('states a breaker hold and its reason first, in orange', () => {
    const embed = runSummaryEmbed(
      summary({
        status: 'held',
        heldReason: '38 bloqueios de 120 contas passam do limite de 20%',
        applied: 0,
      }),
    );
    expect(embed.title).toBe('Execução de bloqueio VoIP retida pelo disjuntor de segurança');
    expect(embed.color).toBe(0xe67e22);
    expect(embed.description).toBe(
      '⚠️ **Disjuntor de segurança acionado:** 38 bloqueios de 120 contas passam do limite de 20%',
    );
    expect(field(embed, 'Status')).toBe('Retida');
  });

  it('marks a dry run in the title, the description and the footer, and applies nothing', () => {
    const embed = runSummaryEmbed(summary({ dryRun: true, applied: 0, simulated: 4 }));
    expect(embed.title).toBe('[SIMULAÇÃO] Execução de bloqueio VoIP concluída');
    expect(embed.description).toMatch(/^\*\*\[SIMULAÇÃO\]\*\* Nenhuma alteração foi aplicada/);
    expect(embed.footer?.text).toMatch(/SIMULAÇÃO/);
    expect(field(embed, 'Aplicadas')).toBe('0');
    expect(field(embed, 'Simuladas')).toBe('4 (nada aplicado)');
  });

  it('lists the first errors of a failed run in red and stays within limits', () => {
    const errors = Array.from({ length: 40 }, (_, index) => `erro ${index}: ${'x'.repeat(500)}`);
    const embed = runSummaryEmbed(summary({ status: 'failed', errors }));
    expect(embed.color).toBe(0xe74c3c);
    expect(embed.description).toMatch(/^\*\*Erros:\*\*\n• erro 0: /);
    withinLimits(embed);
  });
});

describe('runSummaryContent', () => {
  it.each([
    {
      case: 'completed',
      input: {},
      line: 'Execução de bloqueio VoIP concluída: 3 bloqueios, 1 desbloqueio (4 aplicadas)',
    },
    {
      case: 'dry run',
      input: { dryRun: true, applied: 0, simulated: 3, skipped: 1 },
      line: '**[SIMULAÇÃO]** Execução de bloqueio VoIP concluída: 3 bloqueios, 1 desbloqueio (3 simuladas, 1 ignorada, nada aplicado)',
    },
    {
      case: 'every action, failures and skips',
      input: {
        status: 'completed_with_errors',
        counts: { block: 1, unblock: 2, disable: 1, enable: 3, no_change: 0 },
        planned: 7,
        applied: 4,
        failed: 2,
        skipped: 1,
      },
      line: 'Execução de bloqueio VoIP concluída com erros: 1 bloqueio, 2 desbloqueios, 1 desativação, 3 ativações (4 aplicadas, 2 falhas, 1 ignorada)',
    },
    {
      case: 'nothing to do',
      input: {
        counts: { block: 0, unblock: 0, disable: 0, enable: 0, no_change: 9 },
        planned: 0,
        applied: 0,
      },
      line: 'Execução de bloqueio VoIP concluída: nenhuma alteração',
    },
    {
      case: 'held',
      input: { status: 'held', heldReason: 'muitos bloqueios\nde uma vez' },
      line: 'Execução de bloqueio VoIP retida pelo disjuntor de segurança: muitos bloqueios de uma vez',
    },
    {
      case: 'every write failed',
      input: { status: 'failed', applied: 0, failed: 4 },
      line: 'Execução de bloqueio VoIP falhou: 3 bloqueios, 1 desbloqueio (0 aplicadas, 4 falhas)',
    },
  ] as { case: string; input: Partial<RunSummaryReport>; line: string }[])('$case', ({ input, line }) => {
    expect(runSummaryContent(summary(input))).toBe(line);
  });

  it('never mentions everyone, even when a reason quotes it', () => {
    const line = runSummaryContent(summary({ status: 'held', heldReason: '@everyone @here' }));
    expect(line).not.toMatch(/@everyone|@here/);
    expect(line).not.toContain('\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [12_400, '12 s'],
    [60_000, '1 min'],
    [185_000, '3 min 5 s'],
    [3_720_000, '1 h 2 min'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
