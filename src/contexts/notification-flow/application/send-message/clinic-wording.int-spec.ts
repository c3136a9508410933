import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DunningSlice } from '../../../../../test/support/dunning-slice';
import type { SendgridData } from '../../../../simulators';
import { GetContactHistoryQuery } from '../../contracts';
import { Templates } from '../templates/templates.repository';

/**
 * Default wording by the debt's source, through the channel worker against real Postgres and the SendGrid
 * simulator: a clinic's patient gets the clinic texts ("sua parcela") signed by the clinic, an ISP
 * customer the texts it always had, and a tenant's own template still wins for both.
 */
describe('clinic wording of the default templates (real Postgres, SendGrid simulator)', () => {
  const slice = new DunningSlice();
  let db: DataSource;

  beforeAll(() => slice.start());
  afterAll(() => slice.stop());
  beforeEach(() => slice.reset());

  /** A clinic patient (as debtor-sync's policies store one) with one open installment, e-mail queued. */
  async function seedClinicDebtor(patientId: number): Promise<string> {
    db = slice.db;
    const debtor = `clinic:${patientId}`;
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email) VALUES ($1, $2, 'clinic', $3, $4)`,
      [slice.tenantId, debtor, 'Paula Paciente', `paciente-${patientId}@mail.test`],
    );
    await db.query(
      `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, contract_id, description, creditor_name,
                                            due_date, amount_cents, open_cents, status)
       VALUES ($1, $2, $3, 'clinic', 'clinic:900', 'Parcela 2 — Oralsin Jardins', 'Oralsin Jardins',
               current_date - 1, 15000, 15000, 'open')`,
      [slice.tenantId, `clinic:${patientId}0`, debtor],
    );
    const [row] = (await db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status, queued_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 1, 'D+1', 0, 'email', 'overdue', current_date - 1, now(),
               now() - interval '1 second', 'queued', now())
       RETURNING id`,
      [slice.tenantId, debtor, slice.flowId],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  async function sentMail(scheduleId: string) {
    const data = await slice.sendgrid.data<SendgridData>();
    const message = data.messages.find((m) => m.customArgs.schedule_id === scheduleId);
    expect(message).toBeDefined();
    return { subject: message!.subject ?? '', text: message!.content.map((c) => c.value).join('\n') };
  }

  it('a clinic debtor reads "sua parcela" from the clinic; an ISP debtor reads the ISP text as before', async () => {
    const isp = await slice.seed('queued');
    const clinic = await seedClinicDebtor(501);
    await slice.send([isp, clinic]);
    expect((await slice.state(isp)).status).toBe('sent');
    expect((await slice.state(clinic)).status).toBe('sent');

    const ispMail = await sentMail(isp);
    const company = /^(.+): pagamento pendente de R\$ 99,90$/.exec(ispMail.subject)?.[1];
    expect(company).toBeDefined();
    expect(ispMail.text).toContain(`Não identificamos o pagamento da fatura abaixo com a ${company}:`);

    const clinicMail = await sentMail(clinic);
    expect(clinicMail.subject).toBe('Oralsin Jardins: sua parcela de R$ 150,00 está em aberto');
    expect(clinicMail.text).toContain(
      'Não identificamos o pagamento da sua parcela abaixo com a Oralsin Jardins:',
    );
    expect(clinicMail.text).toContain('- Parcela 2 — Oralsin Jardins: R$ 150,00');
    expect(clinicMail.text).not.toContain('fatura');
    expect(clinicMail.text).not.toContain(company!);

    // What debtor-sync shows of the patient: the send, through notification-flow's query contract.
    const history = await slice.t.app
      .get(QueryBus)
      .execute(new GetContactHistoryQuery(slice.tenantId, 'clinic:501'));
    expect(history.total).toBe(1);
    expect(history.items).toEqual([
      expect.objectContaining({
        event: 'sent',
        channel: 'email',
        type: 'overdue',
        scheduleId: clinic,
        reason: null,
      }),
    ]);
  });

  it("a tenant's own template for the slot is used for clinic debtors too", async () => {
    const templates = slice.t.app.get(Templates);
    const own = await templates.create(slice.tenantId, {
      type: 'overdue',
      channel: 'email',
      subject: 'Aviso de {{company.name}}',
      variations: ['Texto próprio para {{firstName debtor.name}}: {{brl totalOpenCents}}'],
    });
    try {
      const clinic = await seedClinicDebtor(502);
      await slice.send([clinic]);
      expect(await sentMail(clinic)).toEqual({
        subject: 'Aviso de Oralsin Jardins',
        text: expect.stringContaining('Texto próprio para Paula: R$ 150,00') as string,
      });
    } finally {
      await templates.remove(slice.tenantId, own.id);
    }
  });
});
