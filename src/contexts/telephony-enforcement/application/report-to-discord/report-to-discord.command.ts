import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { ReportItem } from '../ports/enforcement-reports';

/**
 * Posts settled actions and finished runs to their tenants' Discord channels; items that arrive together
 * share webhook posts, so one delivered batch may hold several tenants and the command carries none.
 */
export class ReportToDiscordCommand extends Command<void> {
  constructor(
    readonly items: ReportItem[],
    readonly tx: EntityManager,
  ) {
    super();
  }
}
