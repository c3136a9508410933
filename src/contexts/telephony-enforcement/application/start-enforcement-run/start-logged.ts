import type { Logger } from '@nestjs/common';
import { DomainError } from '../../../../shared/errors/domain-error';

/**
 * Starts a run for a scheduler task: a run the rules refuse (paused, another one planning, Magnus not
 * configured) is logged and the task goes on with the next tenant; anything else is a real failure.
 */
export async function startLogged(
  logger: Logger,
  tenant: string,
  start: () => Promise<unknown>,
): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    logger.warn({ tenant, code: error.code }, `Enforcement run not started: ${error.message}`);
  }
}
