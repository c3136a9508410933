import { Command } from '@nestjs/cqrs';

/**
 * A tenant with MagnusBilling and no run yet gets a dry run: the first thing an operator sees is the
 * plan, before anything is ever written. A scheduler task across all tenants (so it carries no tenant).
 */
export class StartFirstLooksCommand extends Command<void> {}
