import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { crmMarker } from '../../domain/escalation-rule';
import { CrmUnavailableError } from '../../domain/debt-escalation.errors';
import { Crm, type CrmConfig } from '../ports/crm';
import { CrmLinksRepository, type CrmIntent, type CrmOutcome } from '../ports/crm-links.repository';
import { LinkCasesToCrmCommand, type CrmLinkOutcome } from './link-cases-to-crm.command';

const INTENTS_PER_RUN = 50;
export const MAX_CRM_ATTEMPTS = 8;
/** Between failed attempts: 30 s, 1 min, 2 min … capped at an hour. */
const retryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);

const brl = (cents: number) => (cents / 100).toLocaleString('pt-BR', { style: 'currency', currency: 'BRL' });

/**
 * The CRM link of each new case. The attempt is counted (committed) before the CRM is called, and an
 * intent that was ever attempted first looks for a deal carrying its marker: a crash between the CRM's
 * answer and our commit adopts the deal made then instead of creating a second one. A 429 puts the rest
 * of the batch off until the CRM's reset time.
 */
@CommandHandler(LinkCasesToCrmCommand)
export class LinkCasesToCrmHandler implements ICommandHandler<LinkCasesToCrmCommand, CrmLinkOutcome> {
  private readonly logger = new Logger('CrmLinks');

  constructor(
    private readonly crm: Crm,
    private readonly links: CrmLinksRepository,
  ) {}

  async execute(command: LinkCasesToCrmCommand): Promise<CrmLinkOutcome> {
    const tenantId = command.metadata.tenantId;
    const outcome: CrmLinkOutcome = { linked: 0, created: 0, notFound: 0, failed: 0, deferred: 0 };
    const asOf = command.asOf ?? new Date();
    const intents = await this.links.due(tenantId, INTENTS_PER_RUN, asOf);
    if (intents.length === 0) return outcome;
    const config = await this.crm.config(tenantId);
    for (const [index, intent] of intents.entries()) {
      if (!config) {
        await this.links.recorded(intent.caseId, { status: 'off', personId: null, dealId: null });
        continue;
      }
      await this.links.countAttempt(intent.caseId);
      try {
        const result = await this.link(tenantId, config, intent);
        await this.links.recorded(intent.caseId, result);
        if (result.status === 'linked') outcome.linked++;
        else if (result.status === 'created') outcome.created++;
        else outcome.notFound++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof CrmUnavailableError && error.retryAfterMs !== undefined) {
          // Slow down for the whole tenant: this intent and the rest of the batch wait for the reset.
          const at = new Date(asOf.getTime() + error.retryAfterMs);
          for (const later of intents.slice(index)) await this.links.failed(later.caseId, message, at);
          outcome.deferred += intents.length - index;
          this.logger.warn(
            { tenantId, retryAfterMs: error.retryAfterMs },
            'CRM rate limit: CRM links put off',
          );
          break;
        }
        const permanent = error instanceof CrmUnavailableError && error.permanent;
        const giveUp = permanent || intent.attempts + 1 >= MAX_CRM_ATTEMPTS;
        await this.links.failed(
          intent.caseId,
          message,
          giveUp ? null : new Date(asOf.getTime() + retryDelayMs(intent.attempts + 1)),
        );
        outcome.failed++;
        this.logger.warn(
          { err: error, caseId: intent.caseId },
          giveUp ? 'CRM link failed for good' : 'CRM link will retry',
        );
      }
    }
    return outcome;
  }

  private async link(tenantId: string, config: CrmConfig, intent: CrmIntent): Promise<CrmOutcome> {
    const marker = crmMarker(intent.caseId);
    if (intent.attempts > 0) {
      const [mine] = await this.crm.dealsMarked(tenantId, marker);
      if (mine) return { status: 'created', personId: mine.personId, dealId: mine.id };
    }
    const person = intent.debtorDocument
      ? await this.crm.findPersonByDocument(tenantId, config, intent.debtorDocument)
      : null;
    if (person) {
      const [deal] = await this.crm.openDealsOf(tenantId, person.id);
      if (deal) return { status: 'linked', personId: person.id, dealId: deal.id };
    }
    if (!config.createDeals) return { status: 'not_found', personId: person?.id ?? null, dealId: null };
    const owner =
      person ??
      (await this.crm.createPerson(tenantId, config, {
        name: intent.debtorName ?? `Devedor ${intent.debtorId}`,
        document: intent.debtorDocument,
      }));
    const contract = intent.contractId ? ` — contrato ${intent.contractId}` : '';
    const deal = await this.crm.createDeal(tenantId, config, {
      title: `Cobrança ${owner.name}${contract} ${marker}`,
      personId: owner.id,
      valueCents: intent.openCents,
    });
    await this.crm.addNote(
      tenantId,
      deal.id,
      `Caso de cobrança aberto pela Régua: ${brl(intent.openCents)} em aberto, vencido desde ${intent.oldestDueDate} ` +
        `(origem ${intent.source}, devedor ${intent.debtorId}${contract}). ${marker}`,
    );
    return { status: 'created', personId: owner.id, dealId: deal.id };
  }
}
