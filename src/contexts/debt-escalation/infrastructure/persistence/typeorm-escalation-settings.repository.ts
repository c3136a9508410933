import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EscalationSettingsRepository } from '../../application/ports/escalation-settings.repository';
import {
  DEFAULT_ESCALATION_SETTINGS,
  type DebtSource,
  type EscalationSettings,
} from '../../domain/escalation-rule';

@Injectable()
export class TypeormEscalationSettingsRepository extends EscalationSettingsRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async get(tenantId: string, tx: EntityManager = this.dataSource.manager): Promise<EscalationSettings> {
    const [row] = (await tx.query(
      `SELECT threshold_days, min_amount_cents::text AS min_amount_cents, sources, alert_discord
         FROM debt_escalation.settings WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{
      threshold_days: number;
      min_amount_cents: string;
      sources: DebtSource[];
      alert_discord: boolean;
    }>;
    if (!row) return { ...DEFAULT_ESCALATION_SETTINGS, sources: [...DEFAULT_ESCALATION_SETTINGS.sources] };
    return {
      thresholdDays: row.threshold_days,
      minAmountCents: Number(row.min_amount_cents),
      sources: row.sources,
      alertDiscord: row.alert_discord,
    };
  }

  async save(tenantId: string, s: EscalationSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO debt_escalation.settings (tenant_id, threshold_days, min_amount_cents, sources, alert_discord)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET threshold_days = EXCLUDED.threshold_days,
         min_amount_cents = EXCLUDED.min_amount_cents, sources = EXCLUDED.sources,
         alert_discord = EXCLUDED.alert_discord, updated_at = now()`,
      [tenantId, s.thresholdDays, s.minAmountCents, s.sources, s.alertDiscord],
    );
  }
}
