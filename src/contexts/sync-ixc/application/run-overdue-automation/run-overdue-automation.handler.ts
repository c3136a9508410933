import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Tenants } from '../../../../platform/access/tenants';
import { localDate } from '../../../../shared/time/local-date';
import { ReceivableOverdueThresholdReachedEvent } from '../../contracts/receivable-events';
import {
  actionsOf,
  DEFAULT_AUTOMATION_SETTINGS,
  MAX_TICKET_ATTEMPTS,
  ticketBody,
  ticketMarker,
  type AutomationSettings,
  type Candidate,
} from '../../domain/overdue-automation';
import { AutomationSettingsRepository } from '../ports/automation-settings.repository';
import { IxcSource } from '../ports/ixc-source';
import { OverdueAutomationRepository, type Firing } from '../ports/overdue-automation.repository';
import { RunOverdueAutomationCommand, type OverdueAutomationOutcome } from './run-overdue-automation.command';

const BATCH = 500;
const TICKET_INTENTS_PER_RUN = 200;

/**
 * Each open receivable at least N days overdue fires its actions exactly once per (receivable,
 * threshold) — the firing row and the outbox event are one transaction. Tickets are intents first,
 * created in IXC afterwards and reconciled by a marker in their title, so a crash between IXC's answer
 * and our commit never opens a second ticket.
 */
@CommandHandler(RunOverdueAutomationCommand)
export class RunOverdueAutomationHandler implements ICommandHandler<
  RunOverdueAutomationCommand,
  OverdueAutomationOutcome
> {
  private readonly logger = new Logger('OverdueAutomation');

  constructor(
    private readonly settings: AutomationSettingsRepository,
    private readonly automation: OverdueAutomationRepository,
    private readonly tenants: Tenants,
    private readonly source: IxcSource,
  ) {}

  async execute(command: RunOverdueAutomationCommand): Promise<OverdueAutomationOutcome> {
    const tenantId = command.metadata.tenantId;
    const settings = (await this.settings.find(tenantId)) ?? DEFAULT_AUTOMATION_SETTINGS;
    let fired = 0;
    if (settings.enabled) {
      const today = localDate(new Date(), await this.tenants.timeZone(tenantId));
      const actions = actionsOf(settings);
      for (;;) {
        const n = await this.automation.fireBatch(
          tenantId,
          settings.thresholdDays,
          today,
          actions,
          BATCH,
          (candidates) => firing(tenantId, settings, candidates),
        );
        fired += n;
        if (n < BATCH) break;
      }
    }
    return { fired, ...(await this.reconcileTickets(tenantId)) };
  }

  /** Creates the tickets of pending intents; an intent whose marked ticket already exists adopts it. */
  private async reconcileTickets(tenantId: string): Promise<Omit<OverdueAutomationOutcome, 'fired'>> {
    const intents = await this.automation.pendingTicketIntents(tenantId, TICKET_INTENTS_PER_RUN);
    let created = 0;
    let failed = 0;
    for (const intent of intents) {
      const marker = ticketMarker(intent.id);
      // The attempt is counted (committed) before IXC is called: an intent that was ever attempted may
      // have a ticket already — it is searched by its marker first. A fresh one goes straight to create.
      await this.automation.countAttempt(intent.id);
      try {
        const existing = intent.attempts > 0 ? await this.source.findTickets(tenantId, marker) : [];
        const ticketId =
          existing.find((t) => (t.titulo ?? '').includes(marker))?.id ??
          (await this.source.createTicket(tenantId, {
            ...intent.body,
            titulo: `${intent.body.titulo} ${marker}`,
          }));
        await this.automation.ticketCreated(intent.id, ticketId);
        created += 1;
      } catch (error) {
        const giveUp = intent.attempts + 1 >= MAX_TICKET_ATTEMPTS;
        if (giveUp) failed += 1;
        this.logger.warn(
          { err: error, intentId: intent.id },
          giveUp ? 'Ticket intent failed for good' : 'Ticket intent will retry',
        );
        await this.automation.ticketAttemptFailed(
          intent.id,
          error instanceof Error ? error.message.slice(0, 2000) : String(error),
          giveUp,
        );
      }
    }
    const pending = await this.automation.countPendingTicketIntents(tenantId);
    return { ticketsCreated: created, ticketsPending: pending, ticketsFailed: failed };
  }
}

/** What firing the newly recorded candidates writes, by the tenant's settings. */
function firing(tenantId: string, settings: AutomationSettings, fired: Candidate[]): Firing {
  return {
    events: settings.emitEvent
      ? fired.map(
          (c) =>
            new ReceivableOverdueThresholdReachedEvent(tenantId, {
              ...c,
              thresholdDays: settings.thresholdDays,
            }),
        )
      : [],
    tickets: settings.openTicket
      ? fired.map((c) => ({ receivableId: c.receivableId, body: ticketBody(settings, c) }))
      : [],
  };
}
