import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import { localDate } from '../../../../shared/time/local-date';
import {
  ClinicCoverageRepository,
  type Coverage,
  type CoveredClinic,
} from '../../application/ports/clinic-coverage.repository';
import type { ClinicInfo } from '../../application/ports/clinic-source';
import { ClinicContractStatusChangedEvent } from '../../contracts/contract-status-changed.event';
import type { PatientRow } from '../../domain/mirror-rows';
import { CoveredClinicNotFoundError } from '../../debtor-sync.errors';
import { contactOf, PATIENT_SELECT } from './event-payloads';

const COLUMNS = `id::text AS id, tenant_id::text AS "tenantId", external_id::text AS "externalId", name,
  corporate_name AS "corporateName", cnpj, time_zone AS "timeZone", coverage, last_synced_at AS "lastSyncedAt",
  created_at AS "createdAt"`;

@Injectable()
export class TypeormClinicCoverageRepository extends ClinicCoverageRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async register(tenantId: string, info: ClinicInfo): Promise<{ clinic: CoveredClinic; created: boolean }> {
    const existing = (await this.dataSource.query(
      `SELECT coverage FROM debtor_sync.clinics WHERE tenant_id = $1 AND external_id = $2`,
      [tenantId, info.externalId],
    )) as Array<{ coverage: Coverage }>;
    const [row] = (await this.dataSource.query(
      `INSERT INTO debtor_sync.clinics (tenant_id, id, external_id, name, corporate_name, cnpj, time_zone, coverage)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, 'America/Sao_Paulo'), 'covered')
       ON CONFLICT (tenant_id, external_id) DO UPDATE SET name = EXCLUDED.name,
         corporate_name = EXCLUDED.corporate_name, cnpj = EXCLUDED.cnpj, updated_at = now()
       RETURNING id::text AS id`,
      [tenantId, randomUUID(), info.externalId, info.name, info.corporateName, info.cnpj, info.timeZone],
    )) as Array<{ id: string }>;
    const clinic =
      existing[0] && existing[0].coverage !== 'covered'
        ? await this.setCoverage(tenantId, row!.id, 'covered')
        : ((await this.get(tenantId, row!.id)) as CoveredClinic);
    return { clinic, created: existing.length === 0 };
  }

  async get(tenantId: string, id: string): Promise<CoveredClinic | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM debtor_sync.clinics WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as CoveredClinic[];
    return row ?? null;
  }

  list(tenantId: string, coverage?: Coverage): Promise<CoveredClinic[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM debtor_sync.clinics
        WHERE tenant_id = $1 AND ($2::text IS NULL OR coverage = $2) ORDER BY name, id`,
      [tenantId, coverage ?? null],
    ) as Promise<CoveredClinic[]>;
  }

  setCoverage(tenantId: string, id: string, coverage: Coverage): Promise<CoveredClinic> {
    return this.dataSource.transaction(async (tx) => {
      const [before] = (await tx.query(
        `SELECT coverage, time_zone FROM debtor_sync.clinics WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, id],
      )) as Array<{ coverage: Coverage; time_zone: string }>;
      if (!before) throw new CoveredClinicNotFoundError(id);
      await tx.query(
        `UPDATE debtor_sync.clinics SET coverage = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, coverage],
      );
      if (before.coverage === 'covered' && coverage !== 'covered') {
        // The cadence must stop for every contract of a clinic that is no longer covered.
        const contracts = (await tx.query(
          `SELECT c.id::text AS "contractId", c.status, c.version, c.friendly_dunning AS consent,
                  c.patient_id::text AS "patientId", ${PATIENT_SELECT}
             FROM debtor_sync.contracts c
             JOIN debtor_sync.patients p ON p.tenant_id = c.tenant_id AND p.id = c.patient_id
            WHERE c.tenant_id = $1 AND c.clinic_id = $2`,
          [tenantId, id],
        )) as Array<
          PatientRow & {
            contractId: string;
            status: string;
            version: number | null;
            consent: boolean;
            patientId: string;
          }
        >;
        const today = localDate(new Date(), before.time_zone);
        await this.outbox.publish(
          tx,
          contracts.map(
            (c) =>
              new ClinicContractStatusChangedEvent(tenantId, {
                contractId: c.contractId,
                clinicId: id,
                previous: { status: c.status, version: c.version },
                current: { status: 'uncovered', version: c.version },
                patient: contactOf({ ...c, id: c.patientId, clinicId: id }, c.consent, today),
              }),
          ),
        );
      }
      if (before.coverage !== 'covered' && coverage === 'covered') {
        await tx.query(
          `UPDATE debtor_sync.installments SET overdue_notified_for = NULL, due_soon_notified_for = NULL
            WHERE tenant_id = $1 AND clinic_id = $2 AND status = 'open'`,
          [tenantId, id],
        );
      }
      const [row] = (await tx.query(
        `SELECT ${COLUMNS} FROM debtor_sync.clinics WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id],
      )) as CoveredClinic[];
      return row!;
    });
  }

  async markSynced(tenantId: string, id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE debtor_sync.clinics SET last_synced_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
  }
}
