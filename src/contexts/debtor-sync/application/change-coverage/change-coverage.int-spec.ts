import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { tenantAdmin } from '../../../../../test/support/access-client';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { CoverageEndedError, CoveredClinicNotFoundError } from '../../debtor-sync.errors';
import { ChangeCoverageCommand } from './change-coverage.command';

/** Pausing, resuming and ending a coverage through the bus. */
describe('change a clinic coverage through the bus', () => {
  let t: TestApp;
  let tenantId: string;
  let commands: CommandBus;
  const clinicId = randomUUID();
  const db = () => t.app.get(DataSource);
  const statusEvents = async () =>
    (
      (await db().query(
        `SELECT payload FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = 'debtor_sync.contract.status_changed.v1'`,
        [tenantId],
      )) as Array<{ payload: { contractId: string; current: { status: string } } }>
    ).map((r) => [r.payload.contractId, r.payload.current.status]);

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api' } });
    ({ tenantId } = await tenantAdmin(t, 'coverage-slice'));
    commands = t.app.get(CommandBus);
    await db().query(
      `INSERT INTO debtor_sync.clinics (tenant_id, id, external_id, name, coverage) VALUES ($1, $2, 1, 'Clínica A', 'covered')`,
      [tenantId, clinicId],
    );
    await db().query(
      `INSERT INTO debtor_sync.patients (tenant_id, id, clinic_id, name, cpf_valid, row_hash) VALUES ($1, 7, $2, 'Ana', false, 'h')`,
      [tenantId, clinicId],
    );
    await db().query(
      `INSERT INTO debtor_sync.contracts (tenant_id, id, clinic_id, patient_id, status, friendly_dunning, row_hash)
       VALUES ($1, 70, $2, 7, 'active', true, 'h')`,
      [tenantId, clinicId],
    );
    await db().query(
      `INSERT INTO debtor_sync.installments (tenant_id, id, clinic_id, contract_id, patient_id, number, due_date,
         amount_cents, raw_status, status, row_hash, overdue_notified_for)
       VALUES ($1, 700, $2, 70, 7, 1, current_date - 5, 100, 'x', 'open', 'h', current_date - 5)`,
      [tenantId, clinicId],
    );
  });
  afterAll(() => t?.close());

  it('pausing announces every contract uncovered; resuming forgets the notices sent; ended stays ended', async () => {
    expect(await commands.execute(new ChangeCoverageCommand(tenantId, clinicId, 'pause'))).toMatchObject({
      coverage: 'paused',
    });
    expect(await statusEvents()).toEqual([['70', 'uncovered']]);
    // Pausing again changes nothing and announces nothing more.
    await commands.execute(new ChangeCoverageCommand(tenantId, clinicId, 'pause'));
    expect(await statusEvents()).toHaveLength(1);
    await commands.execute(new ChangeCoverageCommand(tenantId, clinicId, 'resume'));
    const [mark] = (await db().query(
      `SELECT overdue_notified_for FROM debtor_sync.installments WHERE tenant_id = $1 AND id = 700`,
      [tenantId],
    )) as Array<{ overdue_notified_for: string | null }>;
    expect(mark!.overdue_notified_for).toBeNull();
    await commands.execute(new ChangeCoverageCommand(tenantId, clinicId, 'end'));
    await expect(
      commands.execute(new ChangeCoverageCommand(tenantId, clinicId, 'resume')),
    ).rejects.toBeInstanceOf(CoverageEndedError);
    await expect(
      commands.execute(new ChangeCoverageCommand(tenantId, randomUUID(), 'pause')),
    ).rejects.toBeInstanceOf(CoveredClinicNotFoundError);
  });
});
