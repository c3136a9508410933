import type { OverdueReceivable } from '../../contracts/list-overdue-receivables.query';

/** Open receivables of the mirror due on or before a date, with their customer. */
export abstract class OverdueReceivablesReadModel {
  abstract dueOnOrBefore(
    tenantId: string,
    lastDueDate: string,
    today: string,
    afterReceivableId: string | null,
    limit: number,
  ): Promise<OverdueReceivable[]>;
}
