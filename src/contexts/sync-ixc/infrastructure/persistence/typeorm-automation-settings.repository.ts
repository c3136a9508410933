import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AutomationSettingsRepository } from '../../application/ports/automation-settings.repository';
import type { AutomationSettings } from '../../domain/overdue-automation';

@Injectable()
export class TypeormAutomationSettingsRepository extends AutomationSettingsRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async find(tenantId: string): Promise<AutomationSettings | null> {
    const [row] = (await this.dataSource.query(
      `SELECT enabled, threshold_days AS "thresholdDays", emit_event AS "emitEvent", open_ticket AS "openTicket",
              ticket_subject_id AS "ticketSubjectId", ticket_sector_id AS "ticketSectorId", ticket_title AS "ticketTitle"
         FROM sync_ixc.automation_settings WHERE tenant_id = $1`,
      [tenantId],
    )) as AutomationSettings[];
    return row ?? null;
  }

  async save(tenantId: string, next: AutomationSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sync_ixc.automation_settings
         (tenant_id, enabled, threshold_days, emit_event, open_ticket, ticket_subject_id, ticket_sector_id, ticket_title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id) DO UPDATE SET enabled = $2, threshold_days = $3, emit_event = $4, open_ticket = $5,
         ticket_subject_id = $6, ticket_sector_id = $7, ticket_title = $8, updated_at = now()`,
      [
        tenantId,
        next.enabled,
        next.thresholdDays,
        next.emitEvent,
        next.openTicket,
        next.ticketSubjectId,
        next.ticketSectorId,
        next.ticketTitle,
      ],
    );
  }
}
