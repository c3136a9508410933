import { daysBetween } from '../../../shared/time/local-date';
import { InvalidEscalationSettingsError } from './debt-escalation.errors';

export const DEBT_SOURCES = ['ixc', 'clinic'] as const;
export type DebtSource = (typeof DEBT_SOURCES)[number];

export interface EscalationSettings {
  /** days past the due date after which a debt escalates */
  thresholdDays: number;
  /** a new case opens only when its qualifying debts add up to at least this (joining an open case: any) */
  minAmountCents: number;
  /** which contexts' debts escalate */
  sources: DebtSource[];
  /** post the batch of newly opened cases to the tenant's Discord webhook */
  alertDiscord: boolean;
}

export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = {
  thresholdDays: 90,
  minAmountCents: 0,
  sources: [...DEBT_SOURCES],
  alertDiscord: true,
};

export const MAX_THRESHOLD_DAYS = 3650;
export const MAX_MIN_AMOUNT_CENTS = 1_000_000_000_00;

/** An open debt some source reports past its due date. Amounts in cents, dates `yyyy-mm-dd` (tenant's calendar). */
export interface OverdueDebt {
  source: DebtSource;
  debtId: string;
  debtorId: string;
  /** null when the source has none (an IXC receivable without contract): the debtor's loose debts form one case */
  contractId: string | null;
  dueDate: string;
  amountCents: number;
  openCents: number;
  debtor?: { name: string; document: string | null };
  /**
   * The source's version of the debt, when it came from an event (a late or replayed event carries an
   * older one); absent when read from the source's current state.
   */
  version?: string | null;
}

/** A debt closed at its source, as an event told it. */
export interface ClosedDebt {
  debtId: string;
  /**
   * The source's version of the debt in that event (IXC `ultima_atualizacao`, debtor-sync's version);
   * null when unknown (a payment webhook is news the source has not written yet).
   */
  version?: string | null;
  /**
   * Set for a payment of less than the debt owes: the debt stays open with the rest (its case does not
   * settle); absent when the debt is paid in full.
   */
  partialCents?: number;
}

/**
 * Each debt once, as closing them one after another would leave them, for statements that take a list:
 * a debt closed whole in the list is closed (what its partial payments paid is part of what it owed);
 * otherwise its partial payments add up. Versions: the newest, unknown if any is unknown.
 */
export function mergeClosedDebts(debts: readonly ClosedDebt[]): ClosedDebt[] {
  const byId = new Map<string, ClosedDebt>();
  for (const debt of debts) {
    const seen = byId.get(debt.debtId);
    if (!seen) {
      byId.set(debt.debtId, { ...debt });
      continue;
    }
    if (seen.version !== undefined || debt.version !== undefined)
      seen.version = !seen.version || !debt.version ? null : [seen.version, debt.version].sort()[1];
    if (seen.partialCents === undefined || debt.partialCents === undefined) delete seen.partialCents;
    else seen.partialCents += debt.partialCents;
  }
  return [...byId.values()];
}

/** The debts of one debtor + contract that escalate together. */
export interface CaseCandidate {
  source: DebtSource;
  debtorId: string;
  contractId: string | null;
  debtor: { name: string; document: string | null } | null;
  debts: OverdueDebt[];
  openCents: number;
  oldestDueDate: string;
  daysOverdue: number;
}

export function validateEscalationSettings(settings: EscalationSettings): EscalationSettings {
  const problems: string[] = [];
  const { thresholdDays, minAmountCents, sources } = settings;
  if (!Number.isInteger(thresholdDays) || thresholdDays < 1 || thresholdDays > MAX_THRESHOLD_DAYS)
    problems.push(`thresholdDays must be an integer from 1 to ${MAX_THRESHOLD_DAYS}`);
  if (!Number.isInteger(minAmountCents) || minAmountCents < 0 || minAmountCents > MAX_MIN_AMOUNT_CENTS)
    problems.push(`minAmountCents must be an integer from 0 to ${MAX_MIN_AMOUNT_CENTS}`);
  if (!Array.isArray(sources) || sources.some((s) => !(DEBT_SOURCES as readonly string[]).includes(s)))
    problems.push(`sources must be a list of ${DEBT_SOURCES.join(', ')}`);
  if (problems.length > 0) throw new InvalidEscalationSettingsError(problems);
  return { ...settings, sources: [...new Set(sources)] };
}

export function daysOverdue(dueDate: string, today: string): number {
  return daysBetween(dueDate, today);
}

/** A debt escalates when it is still owed and at least `thresholdDays` past due (tenant's calendar). */
export function qualifies(debt: OverdueDebt, settings: EscalationSettings, today: string): boolean {
  return (
    settings.sources.includes(debt.source) &&
    debt.openCents > 0 &&
    daysOverdue(debt.dueDate, today) >= settings.thresholdDays
  );
}

/** The key of a case: one per source, debtor and contract. */
export function caseKey(debt: Pick<OverdueDebt, 'source' | 'debtorId' | 'contractId'>): string {
  return `${debt.source}|${debt.debtorId}|${debt.contractId ?? ''}`;
}

/**
 * Groups qualifying debts into the cases they open or join. `minAmountCents` is applied by the caller
 * (it does not apply when the group joins a case already open).
 */
export function caseCandidates(
  debts: OverdueDebt[],
  settings: EscalationSettings,
  today: string,
): CaseCandidate[] {
  const groups = new Map<string, CaseCandidate>();
  for (const debt of debts) {
    if (!qualifies(debt, settings, today)) continue;
    const key = caseKey(debt);
    const group = groups.get(key) ?? {
      source: debt.source,
      debtorId: debt.debtorId,
      contractId: debt.contractId,
      debtor: null,
      debts: [],
      openCents: 0,
      oldestDueDate: debt.dueDate,
      daysOverdue: 0,
    };
    if (!group.debts.some((d) => d.debtId === debt.debtId)) {
      group.debts.push(debt);
      group.openCents += debt.openCents;
    }
    group.debtor = group.debtor ?? debt.debtor ?? null;
    if (debt.dueDate < group.oldestDueDate) group.oldestDueDate = debt.dueDate;
    group.daysOverdue = daysOverdue(group.oldestDueDate, today);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The marker a CRM deal created for a case carries in its title, so a retry finds it instead of creating another. */
export function crmMarker(caseId: string): string {
  return `[regua-caso:${caseId}]`;
}
