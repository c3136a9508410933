import { clampEmbed, type DiscordEmbed, type DiscordEmbedField } from './discord-payloads';

export type EnforcementAction = 'block' | 'unblock' | 'disable' | 'enable' | 'no_change';
export type LineState = 'active' | 'blocked' | 'inactive' | 'unknown';

/** One line's action in a run, as the Discord channel sees it. */
export interface ActionReport {
  runId: string;
  action: EnforcementAction;
  username: string;
  company: string;
  contractId: string | null;
  from: LineState;
  to: LineState;
  /** Magnus `active` before and after */
  fromValue: number | null;
  toValue: number | null;
  reason: string;
  /** `already_applied`: Magnus had the value already (an earlier attempt went through) */
  outcome: 'applied' | 'already_applied' | 'dry_run' | 'failed' | 'skipped';
  error?: string;
  dryRun: boolean;
  /** ISO 8601 */
  at: string;
}

export interface RunSummaryReport {
  runId: string;
  trigger: 'schedule' | 'api' | 'event' | 'cli';
  dryRun: boolean;
  status: 'completed' | 'completed_with_errors' | 'held' | 'failed';
  /** Magnus users examined */
  accounts: number;
  /** decided actions per action */
  counts: Record<EnforcementAction, number>;
  /** actions decided to change a line */
  planned: number;
  /** written to Magnus (never in a dry run) */
  applied: number;
  /** dry run: would have been written */
  simulated: number;
  failed: number;
  skipped: number;
  durationMs: number;
  /** why the safety breaker held the run */
  heldReason?: string;
  errors?: string[];
}

// Product wording is Brazilian Portuguese: the people reading the channel are the ISP's operators.
const ACTION_LABEL: Record<EnforcementAction, string> = {
  block: 'Bloqueio',
  unblock: 'Desbloqueio',
  disable: 'Desativação',
  enable: 'Ativação',
  no_change: 'Sem alteração',
};

const ACTION_COUNT: Record<Exclude<EnforcementAction, 'no_change'>, [one: string, many: string]> = {
  block: ['bloqueio', 'bloqueios'],
  unblock: ['desbloqueio', 'desbloqueios'],
  disable: ['desativação', 'desativações'],
  enable: ['ativação', 'ativações'],
};

export const ACTION_COLOR: Record<EnforcementAction, number> = {
  block: 0xe74c3c,
  unblock: 0x2ecc71,
  disable: 0x607d8b,
  enable: 0x3498db,
  no_change: 0xbcc0c0,
};
/** An action that should have happened and did not needs a look, whatever the action was. */
export const FAILED_COLOR = 0xe67e22;

const STATUS_COLOR: Record<RunSummaryReport['status'], number> = {
  completed: 0x2ecc71,
  completed_with_errors: FAILED_COLOR,
  held: FAILED_COLOR,
  failed: 0xe74c3c,
};

const STATE_LABEL: Record<LineState, string> = {
  active: 'ativo',
  blocked: 'bloqueado',
  inactive: 'inativo',
  unknown: 'desconhecido',
};

const TRIGGER_LABEL: Record<RunSummaryReport['trigger'], string> = {
  schedule: 'agendada',
  api: 'API',
  event: 'evento',
  cli: 'linha de comando',
};

const RUN_TITLE: Record<RunSummaryReport['status'], string> = {
  completed: 'Execução de bloqueio VoIP concluída',
  completed_with_errors: 'Execução de bloqueio VoIP concluída com erros',
  held: 'Execução de bloqueio VoIP retida pelo disjuntor de segurança',
  failed: 'Execução de bloqueio VoIP falhou',
};

const SIMULATION = '[SIMULAÇÃO]';
const NOT_APPLIED = 'SIMULAÇÃO — nada foi aplicado no MagnusBilling';
const NOTHING_TO_DO = 'Nada a alterar no MagnusBilling';
const MAX_LISTED_ERRORS = 10;

const OUTCOME_FOOTER: Record<ActionReport['outcome'], string> = {
  applied: 'Aplicado no MagnusBilling',
  already_applied: 'Já estava aplicado no MagnusBilling',
  dry_run: NOT_APPLIED,
  failed: 'Não aplicado: a alteração no MagnusBilling falhou',
  skipped: 'Não aplicado',
};

const STATUS_LABEL: Record<RunSummaryReport['status'], string> = {
  completed: 'Concluída',
  completed_with_errors: 'Concluída com erros',
  held: 'Retida',
  failed: 'Falhou',
};

/**
 * One embed per line touched by a run. The colour says the action at a glance; a failure turns orange and
 * a dry run says so in the title and the footer, so nobody mistakes a plan for a change.
 */
export function actionEmbed(report: ActionReport): DiscordEmbed {
  const simulated = report.dryRun || report.outcome === 'dry_run';
  const failed = report.outcome === 'failed';
  const label = ACTION_LABEL[report.action];
  const noChange = report.action === 'no_change';
  const skipped = report.outcome === 'skipped' && !noChange;
  const marks = [simulated && SIMULATION, failed && 'FALHOU:', skipped && 'Ignorado:'];
  const prefix = marks.filter(Boolean).join(' ');
  const fields: DiscordEmbedField[] = [
    { name: 'Ação', value: label, inline: true },
    { name: 'Usuário', value: inline(report.username), inline: true },
    { name: 'Empresa', value: inline(report.company), inline: true },
    { name: 'Contrato', value: report.contractId ? inline(report.contractId) : '—', inline: true },
    {
      name: 'De → Para',
      value: `${stateWithValue(report.from, report.fromValue)} → ${stateWithValue(report.to, report.toValue)}`,
      inline: true,
    },
    { name: 'Motivo', value: inline(report.reason) },
  ];
  if (report.error) fields.push({ name: 'Erro', value: escapeMarkdown(report.error) });
  fields.push({ name: 'Execução', value: code(report.runId) });

  return clampEmbed({
    title: `${prefix ? `${prefix} ` : ''}${label} — ${inline(report.username)}`,
    color: failed ? FAILED_COLOR : ACTION_COLOR[report.action],
    fields,
    footer: {
      text: simulated ? NOT_APPLIED : noChange && !failed ? NOTHING_TO_DO : OUTCOME_FOOTER[report.outcome],
    },
    timestamp: report.at,
  });
}

/** The closing report of a run; a breaker hold and a dry run are stated first, in the description. */
export function runSummaryEmbed(summary: RunSummaryReport): DiscordEmbed {
  const lines: string[] = [];
  if (summary.dryRun) lines.push(`**${SIMULATION}** Nenhuma alteração foi aplicada no MagnusBilling.`);
  if (summary.status === 'held') {
    const reason = summary.heldReason ? inline(summary.heldReason) : 'motivo não informado';
    lines.push(`⚠️ **Disjuntor de segurança acionado:** ${reason}`);
  }
  const errors = summary.errors ?? [];
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((error) => `• ${inline(error)}`);
    if (errors.length > MAX_LISTED_ERRORS) listed.push(`… e mais ${errors.length - MAX_LISTED_ERRORS}`);
    lines.push(`**Erros:**\n${listed.join('\n')}`);
  }
  const counted = (action: EnforcementAction): DiscordEmbedField => ({
    name: ACTION_LABEL[action],
    value: String(summary.counts[action] ?? 0),
    inline: true,
  });

  return clampEmbed({
    title: `${summary.dryRun ? `${SIMULATION} ` : ''}${RUN_TITLE[summary.status]}`,
    ...(lines.length > 0 ? { description: lines.join('\n\n') } : {}),
    color: STATUS_COLOR[summary.status],
    fields: [
      { name: 'Status', value: STATUS_LABEL[summary.status], inline: true },
      { name: 'Contas analisadas', value: String(summary.accounts), inline: true },
      { name: 'Origem', value: TRIGGER_LABEL[summary.trigger], inline: true },
      counted('block'),
      counted('unblock'),
      counted('disable'),
      counted('enable'),
      counted('no_change'),
      { name: 'Planejadas', value: String(summary.planned), inline: true },
      { name: 'Aplicadas', value: String(summary.applied), inline: true },
      ...(summary.dryRun
        ? [{ name: 'Simuladas', value: `${summary.simulated} (nada aplicado)`, inline: true }]
        : []),
      { name: 'Falhas', value: String(summary.failed), inline: true },
      { name: 'Ignoradas', value: String(summary.skipped), inline: true },
      { name: 'Duração', value: formatDuration(summary.durationMs), inline: true },
      { name: 'Execução', value: code(summary.runId) },
    ],
    footer: { text: summary.dryRun ? NOT_APPLIED : 'Régua · bloqueio VoIP' },
  });
}

/**
 * The one line above the summary embed: what was decided, then what became of it, e.g. "Execução de
 * bloqueio VoIP concluída com erros: 3 bloqueios, 1 desbloqueio (2 aplicadas, 2 falhas)". A dry run says
 * what it simulated and that nothing was applied. Quoted text cannot mention anyone, even where mentions
 * were allowed.
 */
export function runSummaryContent(summary: RunSummaryReport): string {
  const prefix = summary.dryRun ? `**${SIMULATION}** ` : '';
  if (summary.status === 'held') {
    return `${prefix}${RUN_TITLE.held}: ${summary.heldReason ? inline(summary.heldReason) : 'motivo não informado'}`;
  }
  const changes = (Object.keys(ACTION_COUNT) as (keyof typeof ACTION_COUNT)[])
    .filter((action) => (summary.counts[action] ?? 0) > 0)
    .map((action) => plural(summary.counts[action], ACTION_COUNT[action]));
  const decided = changes.length > 0 ? changes.join(', ') : 'nenhuma alteração';
  const figures = [
    summary.dryRun
      ? plural(summary.simulated, ['simulada', 'simuladas'])
      : plural(summary.applied, ['aplicada', 'aplicadas']),
    ...(summary.failed > 0 ? [plural(summary.failed, ['falha', 'falhas'])] : []),
    ...(summary.skipped > 0 ? [plural(summary.skipped, ['ignorada', 'ignoradas'])] : []),
    ...(summary.dryRun ? ['nada aplicado'] : []),
  ];
  const outcome = summary.planned > 0 || summary.failed > 0 ? ` (${figures.join(', ')})` : '';
  return `${prefix}${RUN_TITLE[summary.status]}: ${decided}${outcome}`;
}

/** "ativo (1)"; the Magnus value is left out when unknown. */
function stateWithValue(state: LineState, value: number | null): string {
  return value === null ? STATE_LABEL[state] : `${STATE_LABEL[state]} (${value})`;
}

function plural(count: number, [one, many]: readonly [string, string]): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "850 ms", "12 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** Text from Magnus, IXC or an error, shown on one line and never read as markdown or a mention. */
function inline(text: string): string {
  return escapeMarkdown(oneLine(text));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// `A_B_C Telecom` must not turn italic, and `@everyone` in a company name must stay plain text: the zero
// width space after `@` keeps Discord from reading a mention even in clients that ignore allowed_mentions.
function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|>#[\]]/g, (char) => `\\${char}`).replace(/@/g, '@\u200b');
}

function code(text: string): string {
  return `\`${oneLine(text).replace(/`/g, "'")}\``;
}
