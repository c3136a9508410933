import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { TEST_SECRET_KEY } from '../../../../../test/support/access-client';
import { SendBillingCampaignCommand, type BillingCampaignAccepted } from './send-billing-campaign.command';

describe('SendBillingCampaignCommand (through the bus, real Postgres)', () => {
  let t: TestApp;
  let db: DataSource;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ROLE: 'api', REGUA_SECRET_KEY: TEST_SECRET_KEY } });
    db = t.app.get(DataSource);
    tenantId = randomUUID();
    await db.query(
      `INSERT INTO access.tenants (id, slug, name, mode) VALUES ($1, $2, 'Provedor Teste', 'demo')`,
      [tenantId, `billing-${tenantId.slice(0, 8)}`],
    );
  });
  afterAll(() => t?.close());

  const send = (
    contacts: unknown[],
    externalId: string | null = null,
    type: 'overdue' | 'upcoming' = 'overdue',
  ) =>
    t.app.get(CommandBus).execute<SendBillingCampaignCommand, BillingCampaignAccepted>(
      new SendBillingCampaignCommand(tenantId, type, {
        templateType: type,
        contacts,
        externalId,
        apiKeyId: null,
      }),
    );
  const row = (i: number, extra: Record<string, unknown> = {}) => ({
    nome: `Cliente ${i}`,
    telefone: `+5511977770${String(i).padStart(3, '0')}`,
    valor: 'R$ 150,00',
    data_vencimento: '2026-11-20',
    ...extra,
  });

  it('plans one WhatsApp schedule per contact, one debtor per phone, variations rotated', async () => {
    const template = randomUUID();
    await db.query(
      `INSERT INTO notification_flow.billing_templates (id, tenant_id, name, template_type, variations)
       VALUES ($1, $2, 'Atraso', 'overdue', $3)`,
      [
        template,
        tenantId,
        JSON.stringify([
          { id: randomUUID(), name: 'A', template_text: 'A {{nome_cliente}}', order: 1, is_active: true },
          { id: randomUUID(), name: 'B', template_text: 'B {{nome_cliente}}', order: 2, is_active: true },
        ]),
      ],
    );
    const accepted = await send([row(1), row(2), row(3), row(1, { valor: '10,00' })]);
    expect(accepted).toMatchObject({ totalContacts: 4, skippedContacts: 0, replayed: false });
    const schedules = (await db.query(
      `SELECT s.status, s.channel, s.type, s.all_day, s.debtor_id, to_char(s.anchor_date, 'YYYY-MM-DD') AS anchor,
              c.variation, c.position
         FROM notification_flow.schedules s JOIN notification_flow.billing_contacts c ON c.id = s.contact_id
        WHERE s.campaign_id = $1 ORDER BY c.position`,
      [accepted.campaignId],
    )) as Array<Record<string, unknown>>;
    expect(schedules.map((s) => [s.status, s.channel, s.type, s.all_day, s.anchor, s.variation])).toEqual([
      ['planned', 'whatsapp', 'overdue', false, '2026-11-20', 'A'],
      ['planned', 'whatsapp', 'overdue', false, '2026-11-20', 'B'],
      ['planned', 'whatsapp', 'overdue', false, '2026-11-20', 'A'],
      ['planned', 'whatsapp', 'overdue', false, '2026-11-20', 'B'],
    ]);
    expect(schedules[0]!.debtor_id).toBe('billing:+5511977770001');
    expect(schedules[3]!.debtor_id).toBe(schedules[0]!.debtor_id);
    const [uses] = (await db.query(
      `SELECT total_uses FROM notification_flow.billing_templates WHERE id = $1`,
      [template],
    )) as Array<{ total_uses: number }>;
    expect(uses!.total_uses).toBe(4);
  });

  it('replays a resent external_id, refuses it with other contacts, and creates nothing either way', async () => {
    const first = await send([row(10)], 'lote-1');
    const count = async () =>
      (
        (await db.query(`SELECT count(*)::int AS n FROM notification_flow.schedules WHERE tenant_id = $1`, [
          tenantId,
        ])) as Array<{ n: number }>
      )[0]!.n;
    const before = await count();
    expect(await send([row(10)], 'lote-1')).toEqual({ ...first, replayed: true, skippedContacts: 0 });
    await expect(send([row(11)], 'lote-1')).rejects.toMatchObject({
      code: 'BILLING_API.EXTERNAL_ID_CONFLICT',
    });
    expect(await count()).toBe(before);
  });

  it('refuses the whole batch when one row is bad, listing it', async () => {
    const before = (await db.query(
      `SELECT count(*)::int AS n FROM notification_flow.billing_campaigns`,
    )) as Array<{
      n: number;
    }>;
    await expect(
      send([row(20), row(21, { telefone: 'x' }), row(22, { data_vencimento: '31/02/2026' })]),
    ).rejects.toMatchObject({
      code: 'BILLING_API.CONTACTS_INVALID',
      details: {
        contact_errors: [
          expect.objectContaining({ index: 1, linha: 2, field: 'telefone' }),
          expect.objectContaining({ index: 2, linha: 3, field: 'data_vencimento' }),
        ],
      },
    });
    const after = (await db.query(
      `SELECT count(*)::int AS n FROM notification_flow.billing_campaigns`,
    )) as Array<{
      n: number;
    }>;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('skips a phone that opted out, with the reason in the contact history', async () => {
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, whatsapp, opted_out_at)
       VALUES ($1, 'ixc:99', 'ixc', 'Saiu', '+5511977770030', now())`,
      [tenantId],
    );
    const accepted = await send([row(30), row(31)], null, 'upcoming');
    expect(accepted).toMatchObject({ totalContacts: 2, skippedContacts: 1 });
    const history = (await db.query(
      `SELECT h.event, h.error FROM notification_flow.contact_history h
         JOIN notification_flow.schedules s ON s.id = h.schedule_id WHERE s.campaign_id = $1`,
      [accepted.campaignId],
    )) as Array<{ event: string; error: string }>;
    expect(history).toEqual([{ event: 'skipped', error: 'opted_out' }]);
  });
});
