import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { mercadoPagoManifest } from '../../src/contexts/payments/domain/mercadopago-signature';
import { reguaSignatureHeader } from '../../src/contexts/payments/domain/regua-signature';
import { MERCADOPAGO_DEMO_CREDENTIALS, SimulatorControl, type MagnusData } from '../../src/simulators';
import { call } from './access-client';
import { eventually } from './eventually';
import type { TestApp } from './test-app';

export const PAYMENT_SECRET = 'e2e-payment-secret';
export const MERCADOPAGO_SECRET = 'e2e-mercadopago-webhook-secret';

export interface BlockedDebtor {
  magnusUserId: number;
  contractId: string;
  customerId: string;
  receivableId: string;
}

/**
 * Pay-to-restore scenarios on the demo tenant: an overdue customer whose VoIP line is blocked, signed
 * Régua webhooks, and what they led to (shared by the e2e test and the benchmark).
 */
export class PaymentsScenario {
  constructor(
    readonly t: TestApp,
    readonly tenantId: string,
    readonly token: string,
    readonly ixc: SimulatorControl,
    readonly magnus: SimulatorControl,
  ) {}

  get db(): DataSource {
    return this.t.app.get(DataSource);
  }

  api<T>(method: string, path: string, body?: unknown) {
    return call<T>(this.t.url, method, path, { token: this.token, body });
  }

  /**
   * Régua's and Mercado Pago's webhook secrets, Mercado Pago's access token (and its simulator's URL when
   * given), and IXC write-offs on (account 1), keeping the demo's IXC settings.
   */
  async configure(mercadopagoBaseUrl?: string): Promise<void> {
    const list = await this.api<{ items: Array<{ system: string; settings: Record<string, unknown> }> }>(
      'GET',
      '/api/v1/admin/integrations',
    );
    const ixc = list.body.items.find((i) => i.system === 'ixc')?.settings ?? {};
    const put = async (system: string, body: unknown) => {
      const res = await this.api('PUT', `/api/v1/admin/integrations/${system}`, body);
      if (res.status !== 200) throw new Error(`PUT ${system}: ${res.status} ${res.text}`);
    };
    await put('ixc', { settings: { ...ixc, writeOffPayments: true, writeOffAccountId: '1' } });
    await put('payments', {
      settings: { toleranceSeconds: 300, ...(mercadopagoBaseUrl ? { mercadopagoBaseUrl } : {}) },
      secrets: {
        reguaSecret: PAYMENT_SECRET,
        mercadopagoSecret: MERCADOPAGO_SECRET,
        mercadopagoAccessToken: MERCADOPAGO_DEMO_CREDENTIALS.accessToken,
      },
    });
  }

  async firstMirror(): Promise<void> {
    await eventually(
      async () => {
        const runs = await this.api<{ items: Array<{ status: string }> }>('GET', '/api/v1/ixc/sync/runs');
        return runs.body.items.some((r) => r.status === 'completed');
      },
      { timeoutMs: 120_000, intervalMs: 250, description: 'the first IXC mirror' },
    );
  }

  async sync(resources: string[]): Promise<void> {
    const res = await eventually(
      async () => {
        const reply = await this.api<{ id: string }>('POST', '/api/v1/ixc/sync', { mode: 'full', resources });
        return reply.status === 202 && reply;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: 'a sync to start' },
    );
    await eventually(
      async () =>
        (await this.api<{ status: string }>('GET', `/api/v1/ixc/sync/runs/${res.body.id}`)).body.status !==
        'running',
      { timeoutMs: 120_000, intervalMs: 200, description: 'the IXC sync' },
    );
  }

  /** Magnus users whose contract is theirs alone and known to the demo IXC (contracts 1..360). */
  async soleContractUsers(): Promise<Array<{ id: number; dist: string }>> {
    const all = ((await this.magnus.data<MagnusData>()).userList ?? []) as Array<{
      id: number;
      dist: string;
    }>;
    const refs = new Map<string, number>();
    for (const u of all) refs.set(u.dist.trim(), (refs.get(u.dist.trim()) ?? 0) + 1);
    return all.filter(
      (u) => /^\d+$/.test(u.dist.trim()) && Number(u.dist) <= 360 && refs.get(u.dist.trim()) === 1,
    );
  }

  async lineActive(magnusUserId: number): Promise<number | null> {
    const users = ((await this.magnus.data<MagnusData>()).userList ?? []) as Array<{
      id: number;
      active: number | null;
    }>;
    return users.find((u) => u.id === magnusUserId)?.active ?? null;
  }

  /**
   * In IXC: the customer's only open debt is one receivable 10 days overdue, the contract blocked
   * automatically (CA), its Magnus line blocked (4). Call `sync` afterwards so the mirror knows it.
   */
  async blockedDebtor(user: {
    id: number;
    dist: string;
  }): Promise<Omit<BlockedDebtor, 'receivableId'> & { add: (daysOverdue?: number) => Promise<string> }> {
    const contractId = user.dist.trim();
    const contract = (await this.ixc.modify({
      action: 'getRow',
      table: 'cliente_contrato',
      id: Number(contractId),
    })) as Record<string, string>;
    const customerId = contract.id_cliente!;
    const open = (await this.db.query(
      `SELECT id::text FROM sync_ixc.receivables WHERE tenant_id = $1 AND customer_id = $2 AND status IN ('A', 'P')`,
      [this.tenantId, customerId],
    )) as Array<{ id: string }>;
    for (const r of open) await this.ixc.modify({ action: 'markPaid', id: Number(r.id) });
    await this.ixc.modify({
      action: 'setContractStatus',
      id: Number(contractId),
      status: 'A',
      status_internet: 'CA',
      desbloqueio_confianca_ativo: 'N',
      nao_bloquear_ate: null,
    });
    await this.magnus.modify({ action: 'setUser', id: user.id, fields: { active: 4 } });
    const add = async (daysOverdue = 10) => {
      const due = new Date(Date.now() - daysOverdue * 86_400_000).toISOString().slice(0, 10);
      const row = (await this.ixc.modify({
        action: 'addReceivable',
        fields: {
          id_cliente: customerId,
          id_contrato: contractId,
          valor: '89.90',
          data_vencimento: due,
          liberado: 'S',
        },
      })) as Record<string, string>;
      return row.id!;
    };
    return { magnusUserId: user.id, contractId, customerId, add };
  }

  /** A signed Régua webhook for a payment of `receivableId` (by external reference). */
  signed(
    receivableId: string,
    options: { eventId?: string; paymentId?: string; signedAt?: number; amountCents?: number } = {},
  ): { body: Buffer; header: string } {
    const body = Buffer.from(
      JSON.stringify({
        id: options.eventId ?? `evt_${randomUUID()}`,
        type: 'payment.received',
        created: Math.floor(Date.now() / 1000),
        data: {
          paymentId: options.paymentId ?? `pay_${randomUUID()}`,
          amountCents: options.amountCents ?? 8990,
          paidAt: new Date().toISOString(),
          method: 'pix',
          externalReference: receivableId,
        },
      }),
    );
    const header = reguaSignatureHeader(
      [PAYMENT_SECRET],
      options.signedAt ?? Math.floor(Date.now() / 1000),
      body,
    );
    return { body, header };
  }

  async post(
    body: Buffer,
    header: string | null,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.t.url}/api/v1/webhooks/payments/regua/${this.tenantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(header ? { 'x-regua-signature': header } : {}) },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  /**
   * A Mercado Pago notification of payment `paymentId` as Mercado Pago sends it: `data.id` in the query
   * and the body, `x-signature: ts=…,v1=…` over the manifest, `x-request-id`.
   */
  async postMercadoPago(
    paymentId: number,
    options: { notificationId?: number; secret?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = JSON.stringify({
      id: options.notificationId ?? Math.floor(Math.random() * 1e12),
      live_mode: false,
      type: 'payment',
      date_created: new Date().toISOString(),
      user_id: 44444,
      api_version: 'v1',
      action: 'payment.updated',
      data: { id: String(paymentId) },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const requestId = randomUUID();
    const manifest = mercadoPagoManifest({ dataId: String(paymentId), requestId, ts });
    const v1 = createHmac('sha256', options.secret ?? MERCADOPAGO_SECRET)
      .update(manifest)
      .digest('hex');
    const res = await fetch(
      `${this.t.url}/api/v1/webhooks/payments/mercadopago/${this.tenantId}?data.id=${paymentId}&type=payment`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': `ts=${ts},v1=${v1}`,
          'x-request-id': requestId,
        },
        body,
      },
    );
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  async paymentCount(): Promise<number> {
    return (await this.api<{ total: number }>('GET', '/api/v1/payments?limit=1')).body.total;
  }

  async schedules(customerId: string): Promise<Array<{ status: string; status_reason: string | null }>> {
    return (await this.db.query(
      `SELECT status, status_reason FROM notification_flow.schedules WHERE tenant_id = $1 AND debtor_id = $2`,
      [this.tenantId, `ixc:${customerId}`],
    )) as Array<{ status: string; status_reason: string | null }>;
  }
}
