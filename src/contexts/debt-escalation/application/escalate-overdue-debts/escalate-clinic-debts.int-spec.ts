import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toInbound, type InboundMessage } from '../../../../platform/messaging/messages';
import { addDays } from '../../../../shared/time/local-date';
import {
  InstallmentCancelledEvent,
  InstallmentOverdueEvent,
  InstallmentPaidEvent,
  type InstallmentOverduePayload,
} from '../../../debtor-sync/contracts';
import { GetCaseQuery } from '../get-case/get-case.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { WhenInstallmentOverdueEscalatePolicy } from '../policies/when-installment-overdue-escalate.policy';
import { WhenInstallmentPaidSettlePolicy } from '../policies/when-installment-paid-settle.policy';
import { EscalateOverdueDebtsCommand } from './escalate-overdue-debts.command';

/**
 * The clinic source: debtor-sync's mirror (rows seeded straight into `debtor_sync`, as its own slices do)
 * answered through its `ListOverdueInstallmentsQuery`, and its installment events through the policies.
 */
describe('clinic debts escalate (slice)', () => {
  let s: EscalationSlice;
  const clinicId = randomUUID();

  beforeAll(async () => {
    s = await startEscalationSlice('escalate-clinic');
    await s.db.query(
      `INSERT INTO debtor_sync.clinics (tenant_id, id, external_id, name, coverage) VALUES ($1, $2, 1, 'Clínica A', 'covered')`,
      [s.tenantId, clinicId],
    );
    for (const [id, name, cpf] of [
      [11, 'Ana Souza', '52998224725'],
      [12, 'Bruno Lima', null],
    ] as const) {
      await s.db.query(
        `INSERT INTO debtor_sync.patients (tenant_id, id, clinic_id, name, cpf, cpf_valid, row_hash)
         VALUES ($1, $2, $3, $4, $5, $6, 'h')`,
        [s.tenantId, id, clinicId, name, cpf, cpf !== null],
      );
    }
    // contract 501 (Ana): two past the 90-day threshold, one too recent, one paid; 502 (Bruno): one past it.
    for (const [id, contract, patient, days, cents, status] of [
      [1001, 501, 11, 120, 10_000, 'open'],
      [1002, 501, 11, 95, 5_000, 'open'],
      [1003, 501, 11, 30, 7_000, 'open'],
      [1004, 501, 11, 150, 9_000, 'paid'],
      [1005, 502, 12, 100, 3_000, 'open'],
    ] as const) {
      await s.db.query(
        `INSERT INTO debtor_sync.installments (tenant_id, id, clinic_id, contract_id, patient_id, number, due_date,
           amount_cents, raw_status, status, row_hash)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, 'x', $8, 'h')`,
        [s.tenantId, id, clinicId, contract, patient, addDays(s.today, -days), cents, status],
      );
    }
  });
  afterAll(() => s?.t.close());

  const consume = <P>(
    policy: { handle(m: InboundMessage<P>, tx: EntityManager): Promise<void> },
    routingKey: string,
    payload: P,
  ) =>
    s.db.transaction((tx) =>
      policy.handle(
        toInbound(
          randomUUID(),
          routingKey,
          payload,
          {
            type: routingKey,
            tenantId: s.tenantId,
            correlationId: randomUUID(),
            occurredAt: new Date().toISOString(),
          },
          1,
        ),
        tx,
      ),
    );

  it('opens one clinic case per patient + contract with the installments past the threshold, once', async () => {
    const run = await s.commands.execute(new EscalateOverdueDebtsCommand(s.tenantId));
    expect(run).toMatchObject({ opened: 2, candidates: 3, sources: expect.arrayContaining(['clinic']) });
    const ana = await s.queries.execute(new GetCaseQuery(s.tenantId, await s.caseIdOf('501')));
    expect(ana).toMatchObject({
      source: 'clinic',
      debtorId: '11',
      contractId: '501',
      state: 'open',
      openCents: 15_000,
      debtor: { name: 'Ana Souza', document: '52998224725' },
    });
    expect(ana.debts.map((d) => d.debtId).sort()).toEqual(['1001', '1002']);
    const bruno = await s.queries.execute(new GetCaseQuery(s.tenantId, await s.caseIdOf('502')));
    expect(bruno).toMatchObject({ source: 'clinic', debtorId: '12', openCents: 3_000 });

    const again = await s.commands.execute(new EscalateOverdueDebtsCommand(s.tenantId));
    expect(again).toMatchObject({ opened: 0, joined: 0, known: 3 });
  });

  it('an overdue installment past the threshold joins at once; paid and cancelled ones settle the case', async () => {
    // The slice runs the API role (no consumers): the policies are built on the app's own command bus.
    const overdue = new WhenInstallmentOverdueEscalatePolicy(s.commands);
    const settle = new WhenInstallmentPaidSettlePolicy(s.commands);
    const payload = (installmentId: string, days: number, cents: number): InstallmentOverduePayload => ({
      installmentId,
      contractId: '501',
      clinicId,
      clinicExternalId: '1',
      clinicName: 'Clínica A',
      number: 3,
      dueDate: addDays(s.today, -days),
      amountCents: cents,
      openCents: cents,
      status: 'open',
      rawStatus: 'Em aberto',
      version: '2026-12-03 10:00:00.000',
      daysOverdue: days,
      patient: {
        patientId: '11',
        name: 'Ana Souza',
        cpf: '52998224725',
        email: null,
        mobilePhone: null,
        whatsapp: null,
        birthDate: null,
        minor: false,
        responsible: null,
        consent: true,
      },
    });
    await consume(overdue, InstallmentOverdueEvent.ROUTING_KEY, payload('1003', 30, 7_000));
    await consume(overdue, InstallmentOverdueEvent.ROUTING_KEY, payload('1006', 91, 2_000));
    const id = await s.caseIdOf('501');
    let view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view.debts.map((d) => d.debtId).sort()).toEqual(['1001', '1002', '1006']);
    expect(view.openCents).toBe(17_000);

    await consume(settle, InstallmentPaidEvent.ROUTING_KEY, payload('1001', 120, 10_000));
    await consume(settle, InstallmentCancelledEvent.ROUTING_KEY, payload('1006', 91, 2_000));
    view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view.state).toBe('open');
    await consume(settle, InstallmentPaidEvent.ROUTING_KEY, payload('1002', 95, 5_000));
    view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view).toMatchObject({ state: 'settled', openCents: 0, recoveredCents: 15_000 });
    expect(view.history.at(-1)).toMatchObject({ to: 'settled', by: 'system' });
  });
});
