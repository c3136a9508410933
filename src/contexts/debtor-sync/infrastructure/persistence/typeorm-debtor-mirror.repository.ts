import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Outbox } from '../../../../platform/messaging/outbox';
import type { IntegrationEvent } from '../../../../shared/ddd/domain-event';
import { addDays, localDate } from '../../../../shared/time/local-date';
import type { CoveredClinic } from '../../application/ports/clinic-coverage.repository';
import {
  DebtorMirrorRepository,
  type MirrorEntity,
  type PageOptions,
  type PageWritten,
} from '../../application/ports/debtor-mirror.repository';
import { ClinicContractStatusChangedEvent } from '../../contracts/contract-status-changed.event';
import { InstallmentCancelledEvent, InstallmentPaidEvent } from '../../contracts/installment-events';
import type { ContractRow, InstallmentRow, MappedEntry, PatientRow } from '../../domain/mirror-rows';
import { diffRows, storedRows, upsertChanged, writeChanged, type RowDiff, type Stored } from './bulk-upsert';
import { contactOf, installmentPayload, versionOf } from './event-payloads';
import { NOTICE_SOURCE, NOTICE_TYPES } from './notice-events.sql';
import {
  CONTRACT_COLUMNS,
  INSTALLMENT_COLUMNS,
  INSTALLMENT_REOPEN_SET,
  installmentNoticeColumns,
  PATIENT_COLUMNS,
  type NoticeMarks,
} from './mirror-columns';

const NOTICE_BATCH = 2000;
/** What a page write needs of a stored installment: its status and the due dates it was announced for. */
const STORED_INSTALLMENT = [
  'status',
  `to_char(overdue_notified_for, 'YYYY-MM-DD') AS overdue_for`,
  `to_char(due_soon_notified_for, 'YYYY-MM-DD') AS due_soon_for`,
];

@Injectable()
export class TypeormDebtorMirrorRepository extends DebtorMirrorRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  writePage(
    tenantId: string,
    clinic: CoveredClinic,
    entries: MappedEntry[],
    options: PageOptions,
  ): Promise<PageWritten> {
    // One writer per clinic (the run's lease): the stored rows are read without locks, compared by hash in
    // memory, and only new or changed rows are written.
    const { firstLoad } = options;
    // A patient with two contracts comes twice, an installment may come in two windows: one row each.
    const patients = new Map<string, PatientRow>();
    const contracts = new Map<string, ContractRow>();
    const installments = new Map<string, InstallmentRow>();
    const mayBeStored = (entity: MirrorEntity, ids: string[]) =>
      firstLoad ? firstLoad.mayBeStored(entity, ids) : ids;
    return this.dataSource
      .transaction(async (tx) => {
        const storedInstallments = await storedRows(
          tx,
          'debtor_sync.installments',
          tenantId,
          mayBeStored(
            'installments',
            entries.flatMap((e) => e.installments.map((i) => i.id)),
          ),
          STORED_INSTALLMENT,
        );
        for (const entry of entries) {
          const kept = options.onlyOpenOrKnown
            ? entry.installments.filter((i) => i.status === 'open' || storedInstallments.has(i.id))
            : entry.installments;
          if (options.onlyOpenOrKnown && kept.length === 0) continue;
          patients.set(entry.patient.id, entry.patient);
          contracts.set(entry.contract.id, entry.contract);
          for (const installment of kept) installments.set(installment.id, installment);
        }
        const storedContracts = await storedRows(
          tx,
          'debtor_sync.contracts',
          tenantId,
          mayBeStored('contracts', [...contracts.keys()]),
          ['status', 'version'],
        );
        const storedPatients = await storedRows(
          tx,
          'debtor_sync.patients',
          tenantId,
          mayBeStored('patients', [...patients.keys()]),
        );
        const now = new Date();
        const events = this.changes(
          tenantId,
          clinic,
          patients,
          [...contracts.values()],
          [...installments.values()],
          { installments: storedInstallments, contracts: storedContracts },
          now,
        );
        const installmentDiff = diffRows(INSTALLMENT_COLUMNS, [...installments.values()], storedInstallments);
        const marks = noticeMarks(installmentDiff, options.today, options.dueSoonDays);
        const written: PageWritten = {
          patients: await upsertChanged(
            tx,
            'debtor_sync.patients',
            tenantId,
            PATIENT_COLUMNS,
            [...patients.values()],
            storedPatients,
          ),
          contracts: await upsertChanged(
            tx,
            'debtor_sync.contracts',
            tenantId,
            CONTRACT_COLUMNS,
            [...contracts.values()],
            storedContracts,
          ),
          installments: await writeChanged(
            tx,
            'debtor_sync.installments',
            tenantId,
            INSTALLMENT_COLUMNS,
            installmentDiff,
            {
              extraSet: INSTALLMENT_REOPEN_SET,
              unhashed: installmentNoticeColumns(marks),
              syncedAt: now.toISOString(),
            },
          ),
          events: events.length,
        };
        await this.outbox.publish(tx, events);
        written.events += await this.publishNotices(tx, tenantId, clinic, [...marks.keys()], options.today);
        return written;
      })
      .then((written) => {
        // only once committed: a page rolled back wrote nothing
        firstLoad?.wrote('patients', patients.keys());
        firstLoad?.wrote('contracts', contracts.keys());
        firstLoad?.wrote('installments', installments.keys());
        return written;
      });
  }

  /** The overdue / due-soon events of these installments, built by Postgres from the rows (NOTICE_SOURCE). */
  private publishNotices(
    tx: EntityManager,
    tenantId: string,
    clinic: CoveredClinic,
    ids: string[],
    today: string,
  ): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.outbox.publishSelected(
      tx,
      tenantId,
      NOTICE_SOURCE,
      [tenantId, ids, today, clinic.externalId, clinic.name],
      NOTICE_TYPES,
    );
  }

  /** Events the page's changes mean, against the rows as stored before the write. */
  private changes(
    tenantId: string,
    clinic: CoveredClinic,
    patients: Map<string, PatientRow>,
    contracts: ContractRow[],
    installments: InstallmentRow[],
    stored: { installments: Map<string, Stored>; contracts: Map<string, Stored> },
    now: Date,
  ): IntegrationEvent[] {
    const todayLocal = localDate(now, clinic.timeZone);
    const consentOf = new Map(contracts.map((c) => [c.id, c.friendlyDunning]));
    const version = versionOf(now);
    const events: IntegrationEvent[] = [];
    for (const row of installments) {
      if (stored.installments.get(row.id)?.status !== 'open' || row.status === 'open') continue;
      const contact = contactOf(
        patients.get(row.patientId)!,
        consentOf.get(row.contractId) ?? true,
        todayLocal,
      );
      const payload = installmentPayload(clinic, row, contact, version);
      events.push(
        row.status === 'paid'
          ? new InstallmentPaidEvent(tenantId, payload)
          : new InstallmentCancelledEvent(tenantId, payload),
      );
    }
    for (const row of contracts) {
      const old = stored.contracts.get(row.id);
      if (!old || old.status === row.status) continue;
      events.push(
        new ClinicContractStatusChangedEvent(tenantId, {
          contractId: row.id,
          clinicId: clinic.id,
          previous: { status: String(old.status), version: (old.version as number | null) ?? null },
          current: { status: row.status, version: row.version },
          patient: contactOf(patients.get(row.patientId)!, row.friendlyDunning, todayLocal),
        }),
      );
    }
    return events;
  }

  async holdsClinic(tenantId: string, clinicId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM debtor_sync.contracts WHERE tenant_id = $1 AND clinic_id = $2) AS held`,
      [tenantId, clinicId],
    )) as Array<{ held: boolean }>;
    return row?.held ?? false;
  }

  async oldestOpenDueDate(tenantId: string, clinicId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT to_char(min(due_date), 'YYYY-MM-DD') AS due FROM debtor_sync.installments
        WHERE tenant_id = $1 AND clinic_id = $2 AND status = 'open'`,
      [tenantId, clinicId],
    )) as Array<{ due: string | null }>;
    return row?.due ?? null;
  }

  async emitNotices(
    tenantId: string,
    clinic: CoveredClinic,
    today: string,
    dueSoonDays: number,
  ): Promise<number> {
    let total = 0;
    for (const kind of ['overdue', 'due_soon'] as const) {
      for (;;) {
        const sent = await this.noticeBatch(tenantId, clinic, today, dueSoonDays, kind);
        total += sent;
        if (sent < NOTICE_BATCH) break;
      }
    }
    return total;
  }

  private noticeBatch(
    tenantId: string,
    clinic: CoveredClinic,
    today: string,
    dueSoonDays: number,
    kind: 'overdue' | 'due_soon',
  ): Promise<number> {
    const mark = kind === 'overdue' ? 'overdue_notified_for' : 'due_soon_notified_for';
    const window =
      kind === 'overdue' ? `due_date < $3::date` : `due_date >= $3::date AND due_date <= $4::date`;
    return this.dataSource.transaction(async (tx) => {
      // marked first (locked, skipping rows another process is announcing), then announced from the rows
      const [marked] = (await tx.query(
        `UPDATE debtor_sync.installments SET ${mark} = due_date
          WHERE tenant_id = $1 AND id IN (
                SELECT id FROM debtor_sync.installments
                 WHERE tenant_id = $1 AND clinic_id = $2 AND status = 'open' AND ${window}
                   AND ${mark} IS DISTINCT FROM due_date
                 ORDER BY id LIMIT ${NOTICE_BATCH}
                   FOR UPDATE SKIP LOCKED)
          RETURNING id::text AS id`,
        kind === 'overdue'
          ? [tenantId, clinic.id, today]
          : [tenantId, clinic.id, today, addDays(today, dueSoonDays)],
      )) as [Array<{ id: string }>, number];
      if (marked.length === 0) return 0;
      await this.publishNotices(
        tx,
        tenantId,
        clinic,
        marked.map((r) => r.id),
        today,
      );
      return marked.length;
    });
  }
}

/**
 * The notice marks of a page's written installments: the due date of the overdue or due-soon notice each
 * is owed now (what {@link TypeormDebtorMirrorRepository.emitNotices} would send after the run, sent with
 * the page instead and marked in the same write, without reading the rows back).
 */
function noticeMarks(
  diff: RowDiff<InstallmentRow>,
  today: string,
  dueSoonDays: number,
): Map<string, NoticeMarks> {
  const dueSoonUntil = addDays(today, dueSoonDays);
  const marks = new Map<string, NoticeMarks>();
  for (const { row, before } of diff.changed) {
    if (row.status !== 'open') continue;
    const overdue = row.dueDate < today;
    if (!overdue && row.dueDate > dueSoonUntil) continue;
    // a row that comes back open has its marks reset by the write
    const reset = !before || before.status !== 'open';
    const mark = reset ? null : ((overdue ? before.overdue_for : before.due_soon_for) as string | null);
    if (mark === row.dueDate) continue;
    marks.set(
      row.id,
      overdue ? { overdue: row.dueDate, dueSoon: null } : { overdue: null, dueSoon: row.dueDate },
    );
  }
  return marks;
}
