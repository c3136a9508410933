import { Command } from '@nestjs/cqrs';

/**
 * Drains the contract recheck queue: per tenant, one scoped run over the queued contracts; the result is
 * how many runs were planned. A scheduler task across all tenants (so it carries no tenant).
 */
export class RecheckContractsCommand extends Command<number> {}
