import { Command } from '@nestjs/cqrs';

/**
 * The scheduled reconcile (ENFORCEMENT_CRON): a real full run for every tenant with MagnusBilling that is
 * neither paused nor under the kill switch. A scheduler task across all tenants (so it carries no tenant).
 */
export class StartScheduledRunsCommand extends Command<void> {}
