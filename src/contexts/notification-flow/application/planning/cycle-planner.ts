import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { localDate } from '../../../../shared/time/local-date';
import { isMinor, type FlowStep } from '../../domain/cadence';
import { addressFor } from '../../domain/contact-address';
import { OPT_OUT_REASONS, type CloseReason } from '../../domain/debts';
import { planSteps } from '../../domain/step-planning';
import { Flows } from '../flows/flows.repository';
import { NotificationMetrics } from '../notification-metrics';
import { DebtCycles, type DebtCycle, type PlanningDebtor } from '../ports/debt-cycles.repository';
import { NotificationSettingsStore } from '../settings/notification-settings';

/**
 * The planning of a debtor's cycle, shared by the planning commands (plan-cycle, close-debt,
 * close-contract-debts) and opt-in: one schedule per step (first channel the debtor can be reached on),
 * planned ahead. A cycle starts with the debtor's first open debt (its due date anchors the steps) and
 * keeps its flow version; later debts join it, and every message lists all the debtor's open debts.
 * When no open debt is left the pending schedules are cancelled at once and the cycle ends.
 */
@Injectable()
export class CyclePlanner {
  private readonly logger = new Logger('NotificationFlow');

  constructor(
    private readonly cycles: DebtCycles,
    private readonly flows: Flows,
    private readonly settings: NotificationSettingsStore,
    private readonly metrics: NotificationMetrics,
  ) {}

  /**
   * Plans the debtor's open cycle (starting one on the tenant's default flow if needed). Idempotent: a
   * step already planned for the cycle is left as it is. Returns how many schedules it inserted.
   */
  async planCycle(tx: EntityManager, tenantId: string, debtorId: string): Promise<number> {
    const debtor = await this.cycles.lockDebtor(tx, tenantId, debtorId);
    if (!debtor) return 0;
    const oldestDue = await this.cycles.oldestOpenDueDate(tx, tenantId, debtorId);
    if (!oldestDue) return 0;
    const settings = await this.settings.get(tenantId, tx);
    let cycle: DebtCycle;
    if (debtor.cycle_anchor && debtor.cycle_flow_id && debtor.cycle_flow_version !== null) {
      cycle = {
        anchor: debtor.cycle_anchor,
        flowId: debtor.cycle_flow_id,
        version: debtor.cycle_flow_version,
      };
    } else {
      if (!settings.enabled) return 0;
      const flow = await this.flows.defaultFlow(tenantId, tx);
      cycle = { anchor: oldestDue, flowId: flow.id, version: flow.version };
      await this.cycles.startCycle(tx, tenantId, debtorId, cycle);
    }
    await this.cycles.assignCycleFlow(tx, tenantId, debtorId, cycle);
    const steps = await this.flows.steps(cycle.flowId, cycle.version, tx);
    const now = new Date();
    const today = localDate(now, settings.businessHours.timeZone);
    const skip = isMinor(debtor.birth_date, today) ? 'minor' : !debtor.consent ? 'no_consent' : null;
    const rows = planSteps(steps, cycle.anchor, settings.businessHours.timeZone, now).map((p) => {
      const channel = firstReachable(p.step, debtor);
      return {
        id: randomUUID(),
        stepKey: p.step.key,
        stepIndex: p.stepIndex,
        channel: channel ?? p.step.channels[0]!,
        type: p.step.type,
        allDay: p.step.allDay,
        plannedAt: p.plannedAt,
        dueAt: p.dueAt,
        status: p.missed || skip || !channel ? 'skipped' : 'planned',
        reason: p.missed ? 'missed' : (skip ?? (channel ? null : 'no_address')),
      };
    });
    const inserted = await this.cycles.insertSchedules(tx, tenantId, debtorId, cycle, rows);
    for (const r of inserted) {
      this.metrics.planned.inc({ type: r.type });
      // missed steps (debt known too late) are recorded, not counted as skipped messages
      if (r.status === 'skipped' && r.reason !== 'missed')
        this.metrics.notifications.inc({ channel: r.channel, outcome: 'skipped' });
    }
    if (inserted.length > 0)
      this.logger.debug({ tenantId, debtorId, planned: inserted.length }, 'Debt cycle planned');
    return inserted.length;
  }

  /**
   * The debtor may be contacted again (opted back in): the open cycle is planned as if it were planned
   * now. Steps the opt-out cancelled are planned again — those still ahead at their time, the latest
   * passed one now, earlier passed ones stay cancelled (as a debt discovered late skips them) — and a
   * cycle that is not open yet starts. Returns how many schedules of the debtor are pending then.
   */
  async resumeCycle(tx: EntityManager, tenantId: string, debtorId: string): Promise<number> {
    await this.planCycle(tx, tenantId, debtorId);
    await this.reviveCancelledSteps(tx, tenantId, debtorId, OPT_OUT_REASONS);
    return this.cycles.countPending(tx, tenantId, debtorId);
  }

  /** When the debtor owes nothing any more, pending messages are cancelled at once and the cycle ends. */
  async endCycleIfSettled(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reason: CloseReason,
  ): Promise<void> {
    if (await this.cycles.hasOpenDebt(tx, tenantId, debtorId)) return;
    const cancelled = await this.cycles.cancelPendingSchedules(tx, tenantId, debtorId, reason);
    for (const channel of cancelled) this.metrics.notifications.inc({ channel, outcome: 'cancelled' });
    await this.cycles.endCycle(tx, tenantId, debtorId);
  }

  /**
   * Plans again, as if the cycle were planned now, the steps of the debtor's open cycle whose latest
   * schedule was cancelled for one of `reasons`: still ahead → at their time, the latest passed → now,
   * earlier passed ones stay cancelled.
   */
  async reviveCancelledSteps(
    tx: EntityManager,
    tenantId: string,
    debtorId: string,
    reasons: readonly string[],
  ): Promise<void> {
    const cycle = await this.cycles.cycleOf(tx, tenantId, debtorId);
    if (!cycle) return;
    const settings = await this.settings.get(tenantId, tx);
    const steps = await this.flows.steps(cycle.flowId, cycle.version, tx);
    const plan = new Map(
      planSteps(steps, cycle.anchor, settings.businessHours.timeZone, new Date()).map((p) => [p.step.key, p]),
    );
    const latest = await this.cycles.latestStepSchedules(tx, tenantId, debtorId, cycle);
    const revive = latest.flatMap((s) => {
      const p = plan.get(s.step_key);
      const cancelled = s.status === 'cancelled' && reasons.includes(s.status_reason ?? '');
      return cancelled && p && !p.missed ? [{ id: s.id, dueAt: p.dueAt }] : [];
    });
    for (const type of await this.cycles.revive(tx, tenantId, revive)) this.metrics.planned.inc({ type });
  }
}

function firstReachable(step: FlowStep, debtor: PlanningDebtor) {
  return step.channels.find((c) => addressFor(c, debtor) !== null) ?? null;
}
