import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../src/platform/access/api-keys/api-key-scopes';
import { ANY_PRINCIPAL, IS_PUBLIC, REQUIRED_SCOPE } from '../../src/platform/access/auth.decorators';
import {
  call,
  createApiKey,
  tenantAdmin,
  TEST_SECRET_KEY,
  type CallOptions,
  type Reply,
} from '../support/access-client';
import { startTestApp, type TestApp } from '../support/test-app';

/** What each tenant owns in this test. */
interface World {
  slug: string;
  tenantId: string;
  token: string;
  /** An API key with the `admin` scope: a machine caller of the admin API. */
  adminKey: string;
  adminKeyId: string;
  adminUserId: string;
  apiKeyId: string;
  userId: string;
  deadLetterId: string;
  syncRunId: string;
  enforcementRunId: string;
  receivableId: string;
  /** a payment recorded from the tenant's webhooks */
  paymentId: string;
  /** the tenant's own overdue/sms template */
  templateId: string;
  flowId: string;
  scheduleId: string;
  debtorId: string;
  caseId: string;
  /** a billing API campaign (seed 003) and its queue, and a billing template */
  billingCampaignId: string;
  billingQueueId: string;
  billingTemplateId: string;
  billingScheduleId: string;
  /** debtor-sync: a covered clinic, one of its sync runs and one overdue patient (ids distinct per tenant) */
  clinicId: string;
  clinicSyncRunId: string;
  clinicDebtorId: string;
}

type Caller = (w: World) => CallOptions;
const CALLERS: Array<[string, Caller]> = [
  ['admin token', (w) => ({ token: w.token })],
  ['admin-scoped API key', (w) => ({ apiKey: w.adminKey })],
];

const BUILT_IN_TEMPLATES = ['upcoming', 'overdue', 'notification']
  .flatMap((type) => ['email', 'sms', 'whatsapp'].map((channel) => `default:${type}:${channel}`))
  .filter((id) => id !== 'default:overdue:sms');

/** Every route that addresses a resource by id: tenant A asking for B's answers 404 and changes nothing. */
const BY_ID: Array<[method: string, route: string, id: (w: World) => string]> = [
  ['GET', '/api/v1/admin/api-keys/{id}', (w) => w.apiKeyId],
  ['DELETE', '/api/v1/admin/api-keys/{id}', (w) => w.apiKeyId],
  ['GET', '/api/v1/admin/users/{id}', (w) => w.userId],
  ['PATCH', '/api/v1/admin/users/{id}', (w) => w.userId],
  ['DELETE', '/api/v1/admin/users/{id}', (w) => w.userId],
  ['GET', '/api/v1/admin/dead-letters/{id}', (w) => w.deadLetterId],
  ['POST', '/api/v1/admin/dead-letters/{id}/replay', (w) => w.deadLetterId],
  ['GET', '/api/v1/ixc/sync/runs/{id}', (w) => w.syncRunId],
  ['GET', '/api/v1/enforcement/runs/{id}', (w) => w.enforcementRunId],
  ['GET', '/api/v1/notifications/templates/{id}', (w) => w.templateId],
  ['PUT', '/api/v1/notifications/templates/{id}', (w) => w.templateId],
  ['DELETE', '/api/v1/notifications/templates/{id}', (w) => w.templateId],
  ['POST', '/api/v1/notifications/templates/{id}/preview', (w) => w.templateId],
  ['GET', '/api/v1/notifications/flows/{id}', (w) => w.flowId],
  ['GET', '/api/v1/notifications/flows/{id}/versions', (w) => w.flowId],
  ['PUT', '/api/v1/notifications/flows/{id}', (w) => w.flowId],
  ['DELETE', '/api/v1/notifications/flows/{id}', (w) => w.flowId],
  ['GET', '/api/v1/notifications/schedules/{id}', (w) => w.scheduleId],
  ['GET', '/api/v1/notifications/debtors/{id}', (w) => w.debtorId],
  ['GET', '/api/v1/notifications/debtors/{id}/history', (w) => w.debtorId],
  ['POST', '/api/v1/notifications/debtors/{id}/cancel', (w) => w.debtorId],
  ['POST', '/api/v1/notifications/debtors/{id}/opt-out', (w) => w.debtorId],
  ['POST', '/api/v1/notifications/debtors/{id}/opt-in', (w) => w.debtorId],
  ['GET', '/api/v1/cases/{id}', (w) => w.caseId],
  ['GET', '/api/v1/billing/queue/{id}/status', (w) => w.billingQueueId],
  ['GET', '/api/v1/billing/campaign/{id}/contacts', (w) => w.billingCampaignId],
  ['DELETE', '/api/v1/billing/api-keys/{id}', (w) => w.apiKeyId],
  ['PATCH', '/api/v1/billing/templates/{id}', (w) => w.billingTemplateId],
  ['DELETE', '/api/v1/billing/templates/{id}', (w) => w.billingTemplateId],
  ['GET', '/api/v1/debtors/{id}', (w) => w.clinicDebtorId],
  ['GET', '/api/v1/debtors/sync/runs/{id}', (w) => w.clinicSyncRunId],
  ['POST', '/api/v1/debtors/clinics/{id}/pause', (w) => w.clinicId],
  ['POST', '/api/v1/debtors/clinics/{id}/resume', (w) => w.clinicId],
  ['POST', '/api/v1/debtors/clinics/{id}/end', (w) => w.clinicId],
];

/** Every list: tenant A sees exactly its own rows. */
const LISTS: Array<
  [route: string, ids: (w: World) => string[], idOf: (item: Record<string, unknown>) => string]
> = [
  ['/api/v1/admin/api-keys', (w) => [w.apiKeyId, w.adminKeyId], (i) => i.id as string],
  ['/api/v1/admin/users', (w) => [w.adminUserId, w.userId], (i) => i.id as string],
  ['/api/v1/admin/dead-letters', (w) => [w.deadLetterId], (i) => i.id as string],
  ['/api/v1/admin/integrations', (w) => [`ixc:${w.slug}`], (i) => `${i.system}:${baseUrlTenant(i)}`],
  ['/api/v1/ixc/sync/runs', (w) => [w.syncRunId], (i) => i.id as string],
  ['/api/v1/billing/open', (w) => [w.receivableId], (i) => i.receivableId as string],
  ['/api/v1/enforcement/runs', (w) => [w.enforcementRunId], (i) => i.id as string],
  // The tenant's own template plus the built-in defaults of every other type × channel.
  ['/api/v1/notifications/templates', (w) => [w.templateId, ...BUILT_IN_TEMPLATES], (i) => i.id as string],
  ['/api/v1/notifications/flows', (w) => [w.flowId], (i) => i.id as string],
  ['/api/v1/cases', (w) => [w.caseId], (i) => i.id as string],
  ['/api/v1/notifications/schedules', (w) => [w.scheduleId, w.billingScheduleId], (i) => i.id as string],
  ['/api/v1/billing/api-keys', (w) => [w.apiKeyId, w.adminKeyId], (i) => i.id as string],
  ['/api/v1/billing/templates', (w) => [w.billingTemplateId], (i) => i.id as string],
  ['/api/v1/billing/campaigns', (w) => [w.billingCampaignId], (i) => i.id as string],
  ['/api/v1/payments', (w) => [w.paymentId], (i) => i.id as string],
  ['/api/v1/debtors', (w) => [w.clinicDebtorId], (i) => i.id as string],
  ['/api/v1/debtors/clinics', (w) => [w.clinicId], (i) => i.id as string],
  ['/api/v1/debtors/sync/runs', (w) => [w.clinicSyncRunId], (i) => i.id as string],
];

/** Routes that write or read only the caller's own tenant, checked one by one below. */
const OWN_TENANT_ONLY = [
  'POST /api/v1/auth/login',
  'GET /api/v1/auth/me',
  'POST /api/v1/admin/api-keys',
  'POST /api/v1/admin/users',
  // needs a body first; isolation checked in access-users.e2e-spec.ts
  'PUT /api/v1/admin/users/{id}/password',
  'PUT /api/v1/auth/password',
  'PUT /api/v1/admin/integrations/{system}',
  'POST /api/v1/ixc/sync',
  'GET /api/v1/ixc/automation/settings',
  'PUT /api/v1/ixc/automation/settings',
  'POST /api/v1/ixc/automation/dry-run',
  'POST /api/v1/ixc/automation/runs',
  'POST /api/v1/enforcement/runs',
  'GET /api/v1/enforcement/state',
  'POST /api/v1/enforcement/pause',
  'POST /api/v1/enforcement/resume',
  'GET /api/v1/enforcement/settings',
  'PUT /api/v1/enforcement/settings',
  'POST /api/v1/notifications/templates',
  'POST /api/v1/notifications/flows',
  'GET /api/v1/notifications/settings',
  'PUT /api/v1/notifications/settings',
  'GET /api/v1/notifications/stats',
  // the caller's own channels (notification-operators.e2e-spec.ts)
  'GET /api/v1/notifications/channels',
  'POST /api/v1/notifications/channels/whatsapp/resume',
  // needs a body first; isolation checked in notification-operators.e2e-spec.ts
  'POST /api/v1/notifications/debtors/{id}/snooze',
  // needs a body first; isolation checked in resolve-unknown-schedule.int-spec.ts
  'POST /api/v1/notifications/schedules/{id}/resolve',
  // public, authenticated by the tenant's own webhook secret (notification-webhook.e2e-spec.ts)
  'POST /api/v1/webhooks/evolution/{tenant}',
  // public, verified by the tenant's own payment secret (payments.e2e-spec.ts, its slice test)
  'POST /api/v1/webhooks/payments/{provider}/{tenant}',
  // sets the caller's own Evolution webhook (notification-whatsapp-reply.e2e-spec.ts)
  'POST /api/v1/notifications/whatsapp/webhook',
  // the caller's own outbox and dead-letter counts (get-messaging-overview.int-spec.ts)
  'GET /api/v1/admin/messaging/overview',
  'GET /api/v1/cases/stats',
  'GET /api/v1/escalation/settings',
  'PUT /api/v1/escalation/settings',
  'POST /api/v1/escalation/dry-run',
  'POST /api/v1/escalation/runs',
  // need a body first; isolation checked in debt-escalation.e2e-spec.ts
  'POST /api/v1/cases/{id}/transition',
  'POST /api/v1/cases/{id}/assign',
  // the billing API (seed 003) creates in the caller's tenant; isolation of reads in billing-api.e2e-spec.ts
  'POST /api/v1/billing/send/overdue',
  'POST /api/v1/billing/send/upcoming',
  'POST /api/v1/billing/send/notification',
  'POST /api/v1/billing/api-keys',
  'POST /api/v1/billing/templates',
  'GET /api/v1/billing/stats',
  // register a clinic found in the caller's own clinic API; sync the caller's own covered clinics
  'POST /api/v1/debtors/clinics',
  'POST /api/v1/debtors/sync',
];

/** What an API key needs on each route (README, "API-key scopes"); `admin` holds every scope. */
const REQUIRED: Record<string, ApiKeyScope | 'anyone' | 'public'> = {
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/auth/me': 'anyone',
  'PUT /api/v1/auth/password': 'anyone',
  'POST /api/v1/webhooks/evolution/{tenant}': 'public',
  'POST /api/v1/webhooks/payments/{provider}/{tenant}': 'public',
  'GET /api/v1/payments': 'payments:read',
  'GET /api/v1/billing/open': 'billing:read',
  'POST /api/v1/billing/send/overdue': 'billing:send',
  'POST /api/v1/billing/send/upcoming': 'billing:send',
  'POST /api/v1/billing/send/notification': 'billing:send',
  'GET /api/v1/billing/queue/{id}/status': 'billing:send',
  'GET /api/v1/billing/campaign/{id}/contacts': 'billing:send',
  'GET /api/v1/billing/api-keys': 'admin',
  'POST /api/v1/billing/api-keys': 'admin',
  'DELETE /api/v1/billing/api-keys/{id}': 'admin',
  'GET /api/v1/billing/templates': 'admin',
  'POST /api/v1/billing/templates': 'admin',
  'PATCH /api/v1/billing/templates/{id}': 'admin',
  'DELETE /api/v1/billing/templates/{id}': 'admin',
  'GET /api/v1/billing/campaigns': 'admin',
  'GET /api/v1/billing/stats': 'admin',
  'GET /api/v1/notifications/debtors/{id}': 'notifications:read',
  'GET /api/v1/notifications/debtors/{id}/history': 'notifications:read',
  'GET /api/v1/notifications/flows': 'notifications:read',
  'GET /api/v1/notifications/flows/{id}': 'notifications:read',
  'GET /api/v1/notifications/flows/{id}/versions': 'notifications:read',
  'GET /api/v1/notifications/schedules': 'notifications:read',
  'GET /api/v1/notifications/schedules/{id}': 'notifications:read',
  'GET /api/v1/notifications/settings': 'notifications:read',
  'GET /api/v1/notifications/stats': 'notifications:read',
  'GET /api/v1/notifications/channels': 'notifications:read',
  'POST /api/v1/notifications/channels/whatsapp/resume': 'notifications:write',
  'POST /api/v1/notifications/schedules/{id}/resolve': 'notifications:write',
  'GET /api/v1/notifications/templates': 'notifications:read',
  'GET /api/v1/notifications/templates/{id}': 'notifications:read',
  'POST /api/v1/notifications/templates/{id}/preview': 'notifications:read',
  'POST /api/v1/notifications/debtors/{id}/cancel': 'notifications:write',
  'POST /api/v1/notifications/debtors/{id}/snooze': 'notifications:write',
  'POST /api/v1/notifications/debtors/{id}/opt-out': 'notifications:write',
  'POST /api/v1/notifications/debtors/{id}/opt-in': 'notifications:write',
  'GET /api/v1/ixc/sync/runs': 'ixc:read',
  'GET /api/v1/ixc/sync/runs/{id}': 'ixc:read',
  'GET /api/v1/ixc/automation/settings': 'ixc:read',
  'POST /api/v1/ixc/automation/dry-run': 'ixc:write',
  'GET /api/v1/enforcement/runs': 'enforcement:read',
  'GET /api/v1/enforcement/runs/{id}': 'enforcement:read',
  'GET /api/v1/enforcement/state': 'enforcement:read',
  'GET /api/v1/enforcement/settings': 'enforcement:read',
  'POST /api/v1/enforcement/runs': 'enforcement:write',
  'GET /api/v1/cases': 'cases:read',
  'GET /api/v1/cases/stats': 'cases:read',
  'GET /api/v1/cases/{id}': 'cases:read',
  'GET /api/v1/escalation/settings': 'cases:read',
  'POST /api/v1/escalation/dry-run': 'cases:read',
  'POST /api/v1/cases/{id}/transition': 'cases:write',
  'POST /api/v1/cases/{id}/assign': 'cases:write',
  'PUT /api/v1/escalation/settings': 'admin',
  'POST /api/v1/escalation/runs': 'admin',
  'POST /api/v1/notifications/flows': 'admin',
  'PUT /api/v1/notifications/flows/{id}': 'admin',
  'DELETE /api/v1/notifications/flows/{id}': 'admin',
  'POST /api/v1/notifications/templates': 'admin',
  'PUT /api/v1/notifications/templates/{id}': 'admin',
  'DELETE /api/v1/notifications/templates/{id}': 'admin',
  'PUT /api/v1/notifications/settings': 'admin',
  'POST /api/v1/notifications/whatsapp/webhook': 'admin',
  'POST /api/v1/ixc/sync': 'admin',
  'PUT /api/v1/ixc/automation/settings': 'admin',
  'POST /api/v1/ixc/automation/runs': 'admin',
  'POST /api/v1/enforcement/pause': 'admin',
  'POST /api/v1/enforcement/resume': 'admin',
  'PUT /api/v1/enforcement/settings': 'admin',
  'POST /api/v1/admin/api-keys': 'admin',
  'GET /api/v1/admin/api-keys': 'admin',
  'GET /api/v1/admin/api-keys/{id}': 'admin',
  'DELETE /api/v1/admin/api-keys/{id}': 'admin',
  'POST /api/v1/admin/users': 'admin',
  'PATCH /api/v1/admin/users/{id}': 'admin',
  'DELETE /api/v1/admin/users/{id}': 'admin',
  'PUT /api/v1/admin/users/{id}/password': 'admin',
  'GET /api/v1/admin/users': 'admin',
  'GET /api/v1/admin/users/{id}': 'admin',
  'GET /api/v1/admin/integrations': 'admin',
  'PUT /api/v1/admin/integrations/{system}': 'admin',
  'GET /api/v1/admin/dead-letters': 'admin',
  'GET /api/v1/admin/dead-letters/{id}': 'admin',
  'POST /api/v1/admin/dead-letters/{id}/replay': 'admin',
  'GET /api/v1/admin/messaging/overview': 'admin',
  'GET /api/v1/debtors': 'debtors:read',
  'GET /api/v1/debtors/{id}': 'debtors:read',
  'GET /api/v1/debtors/clinics': 'debtors:read',
  'GET /api/v1/debtors/sync/runs': 'debtors:read',
  'GET /api/v1/debtors/sync/runs/{id}': 'debtors:read',
  'POST /api/v1/debtors/sync': 'debtors:write',
  'POST /api/v1/debtors/clinics': 'admin',
  'POST /api/v1/debtors/clinics/{id}/pause': 'admin',
  'POST /api/v1/debtors/clinics/{id}/resume': 'admin',
  'POST /api/v1/debtors/clinics/{id}/end': 'admin',
};

const SCOPED_ROUTES = Object.entries(REQUIRED).filter(
  (entry): entry is [string, ApiKeyScope] => entry[1] !== 'anyone' && entry[1] !== 'public',
);
const NARROW_SCOPES = API_KEY_SCOPES.filter((scope) => scope !== 'admin');

/** Fills a route's path parameters; the guard answers before any parameter is looked at. */
const concrete = (route: string) => route.replace('{id}', randomUUID()).replace('{system}', 'ixc');

const baseUrlTenant = (item: Record<string, unknown>): string =>
  String((item.settings as { baseUrl?: string }).baseUrl ?? '').replace(
    /^https:\/\/erp\.([a-z-]+)\.test.*$/,
    '$1',
  );

describe('tenant isolation: tenant A never sees or changes tenant B (every endpoint)', () => {
  let t: TestApp;
  let db: Client;
  let a: World;
  let b: World;

  async function world(slug: string): Promise<World> {
    const admin = await tenantAdmin(t, slug);
    const adminKey = await createApiKey(t.url, admin.token, { name: `${slug} robot`, scopes: ['admin'] });
    const key = await createApiKey(t.url, admin.token, { name: `${slug} billing`, scopes: ['billing:send'] });
    const user = await call<{ id: string }>(t.url, 'POST', '/api/v1/admin/users', {
      token: admin.token,
      body: { email: `operator@${slug}.test`, password: 'operator password 1', role: 'operator' },
    });
    expect(user.status).toBe(201);
    const integration = await call(t.url, 'PUT', '/api/v1/admin/integrations/ixc', {
      token: admin.token,
      body: {
        settings: { baseUrl: `https://erp.${slug}.test/webservice/v1` },
        secrets: { token: `${slug}-token` },
      },
    });
    expect(integration.status).toBe(200);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO messaging.dead_letters (tenant_id, consumer, message_id, routing_key, payload, attempts, error)
       VALUES ($1, 'isolation.test', $2, 'isolation.thing.happened.v1', '{}', 5, 'boom') RETURNING id`,
      [admin.tenantId, randomUUID()],
    );
    const run = await db.query<{ id: string }>(
      `INSERT INTO sync_ixc.sync_runs (tenant_id, mode, resources, trigger, status)
       VALUES ($1, 'full', '{cliente}', 'api', 'completed') RETURNING id`,
      [admin.tenantId],
    );
    const enforcement = await db.query<{ id: string }>(
      `INSERT INTO telephony_enforcement.runs (id, tenant_id, trigger, dry_run, status)
       VALUES ($1, $2, 'api', true, 'completed') RETURNING id`,
      [randomUUID(), admin.tenantId],
    );
    // Each tenant's mirror holds one overdue receivable with the same IXC id: ids repeat across ERPs.
    await db.query(
      `INSERT INTO sync_ixc.receivables (tenant_id, id, customer_id, status, released, amount_cents, open_cents,
                                         received_cents, due_date, row_hash)
       VALUES ($1, 777, 1, 'A', true, 9990, 9990, 0, current_date - 30, 'h')`,
      [admin.tenantId],
    );
    const payment = await db.query(
      `INSERT INTO payments.payments (tenant_id, provider, provider_payment_id, event_id, amount_cents, receivable_id)
       VALUES ($1, 'regua', 'pay_1', 'evt_1', 9990, '777') RETURNING id`,
      [admin.tenantId],
    );
    const flow = await call<{ id: string }>(t.url, 'POST', '/api/v1/notifications/flows', {
      token: admin.token,
      body: { name: `${slug} flow`, steps: [{ key: 'D0', offsetDays: 0, channels: ['sms'] }] },
    });
    expect(flow.status).toBe(201);
    const debtorId = `ixc:${slug}`;
    await db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name) VALUES ($1, $2, 'ixc', $2)`,
      [admin.tenantId, debtorId],
    );
    const scheduleId = randomUUID();
    await db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status)
       VALUES ($1, $2, $3, $4, 1, 'D0', 0, 'sms', 'upcoming', current_date, now(), now() + interval '1 day', 'planned')`,
      [scheduleId, admin.tenantId, debtorId, flow.body.id],
    );
    // debtor-sync: patient ids come from each tenant's own clinic API, so they differ here per tenant.
    const clinicId = randomUUID();
    const clinicDebtorId = slug === 'tenant-a' ? '910001' : '920002';
    await db.query(
      `INSERT INTO debtor_sync.clinics (tenant_id, id, external_id, name, coverage) VALUES ($1, $2, 77, $3, 'covered')`,
      [admin.tenantId, clinicId, `Clínica ${slug}`],
    );
    await db.query(
      `INSERT INTO debtor_sync.patients (tenant_id, id, clinic_id, name, cpf_valid, row_hash) VALUES ($1, $2, $3, $4, false, 'h')`,
      [admin.tenantId, clinicDebtorId, clinicId, `Paciente ${slug}`],
    );
    await db.query(
      `INSERT INTO debtor_sync.installments (tenant_id, id, clinic_id, contract_id, patient_id, number, due_date,
         amount_cents, raw_status, status, row_hash)
       VALUES ($1, $2, $3, 5, $2, 1, current_date - 30, 9990, 'Não Compensado', 'open', 'h')`,
      [admin.tenantId, clinicDebtorId, clinicId],
    );
    const clinicRun = await db.query<{ id: string }>(
      `INSERT INTO debtor_sync.sync_runs (tenant_id, id, clinic_id, kind, trigger, status, window_from, window_to, counts)
       VALUES ($1, $2, $3, 'initial', 'api', 'completed', current_date - 365, current_date + 730, '{}') RETURNING id`,
      [admin.tenantId, randomUUID(), clinicId],
    );
    const collectionCase = await db.query<{ id: string }>(
      `INSERT INTO debt_escalation.cases (tenant_id, source, debtor_id, contract_key, debtor_name, threshold_days,
                                          oldest_due_date, crm_status)
       VALUES ($1, 'ixc', '1', '10', $2, 90, current_date - 100, 'off') RETURNING id`,
      [admin.tenantId, `${slug} debtor`],
    );
    const template = await call<{ id: string }>(t.url, 'POST', '/api/v1/notifications/templates', {
      token: admin.token,
      body: { type: 'overdue', channel: 'sms', variations: ['Ola {{firstName debtor.name}}'] },
    });
    expect(template.status).toBe(201);
    const billing = await call<{ campaign_id: string; queue_id: string }>(
      t.url,
      'POST',
      '/api/billing/v1/billing/send/overdue',
      {
        apiKey: key.secret,
        body: {
          template_type: 'overdue',
          contacts: [
            { nome: slug, telefone: '+5511988887777', valor: 'R$ 10,00', data_vencimento: '2026-11-01' },
          ],
        },
      },
    );
    expect(billing.status).toBe(202);
    // not due before the test ends: the scheduler (ROLE=all) leaves it alone, so the lists stay as seeded
    const billingSchedule = await db.query<{ id: string }>(
      `UPDATE notification_flow.schedules SET due_at = now() + interval '1 day' WHERE campaign_id = $1 RETURNING id`,
      [billing.body.campaign_id],
    );
    const billingTemplate = await call<{ id: string }>(t.url, 'POST', '/api/v1/billing/templates', {
      token: admin.token,
      body: {
        name: `${slug} cobrança`,
        template_type: 'overdue',
        variations: [{ name: 'V1', template_text: 'Olá {{nome_cliente}}, {{valor}} em atraso.' }],
      },
    });
    expect(billingTemplate.status).toBe(201);
    return {
      billingCampaignId: billing.body.campaign_id,
      billingScheduleId: (billingSchedule.rows[0] as { id: string }).id,
      billingQueueId: billing.body.queue_id,
      billingTemplateId: billingTemplate.body.id,
      slug,
      tenantId: admin.tenantId,
      templateId: template.body.id,
      flowId: flow.body.id,
      scheduleId,
      debtorId,
      clinicId,
      clinicDebtorId,
      clinicSyncRunId: (clinicRun.rows[0] as { id: string }).id,
      caseId: (collectionCase.rows[0] as { id: string }).id,
      syncRunId: (run.rows[0] as { id: string }).id,
      enforcementRunId: (enforcement.rows[0] as { id: string }).id,
      receivableId: '777',
      paymentId: (payment.rows[0] as { id: string }).id,
      token: admin.token,
      adminKey: adminKey.secret,
      adminKeyId: adminKey.id,
      adminUserId: admin.userId,
      apiKeyId: key.id,
      userId: user.body.id,
      deadLetterId: (rows[0] as { id: string }).id,
    };
  }

  beforeAll(async () => {
    // Dispatch passes a minute apart: the worlds' billing campaigns (made not due) are not sent meanwhile.
    t = await startTestApp({
      env: { REGUA_SECRET_KEY: TEST_SECRET_KEY, NOTIFY_DISPATCH_INTERVAL_MS: '60000' },
    });
    db = new Client({ connectionString: t.database.url });
    await db.connect();
    a = await world('tenant-a');
    b = await world('tenant-b');
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('covers every /api/v1 route the app serves', async () => {
    const doc = (await call<{ paths: Record<string, Record<string, unknown>> }>(t.url, 'GET', '/docs-json'))
      .body;
    const served = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = [
      ...BY_ID.map(([method, route]) => `${method} ${route}`),
      ...LISTS.map(([route]) => `GET ${route}`),
      ...OWN_TENANT_ONLY,
    ];
    expect(served.sort()).toEqual(covered.sort());
    expect(Object.keys(REQUIRED).sort()).toEqual(served.sort());
  });

  it('finds an access rule on every route of every controller (public, a scope, or any principal)', () => {
    const reflector = t.app.get(Reflector);
    const scanner = t.app.get(MetadataScanner);
    const undeclared: string[] = [];
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const type = wrapper.metatype as (new () => object) | undefined;
      if (!type) continue;
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, () => unknown>)[name] as () => unknown;
        if (reflector.get<string | undefined>(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, type];
        const declared = [IS_PUBLIC, REQUIRED_SCOPE, ANY_PRINCIPAL].some(
          (key) => reflector.getAllAndOverride<unknown>(key, targets) !== undefined,
        );
        const method = RequestMethod[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
        if (!declared) undeclared.push(`${method} ${type.name}.${name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  describe('API-key scopes: a key holding one scope is refused (403) everywhere that needs another', () => {
    const keys = new Map<ApiKeyScope, string>();
    beforeAll(async () => {
      // A tenant of its own, so these keys do not show in tenant A's lists.
      const c = await tenantAdmin(t, 'tenant-c');
      for (const scope of NARROW_SCOPES) {
        const key = await createApiKey(t.url, c.token, { name: `only ${scope}`, scopes: [scope] });
        keys.set(scope, key.secret);
      }
    });

    it.each(NARROW_SCOPES)('a key with only %s', async (held) => {
      const answers = [];
      for (const [route, needed] of SCOPED_ROUTES.filter(([, needed]) => needed !== held)) {
        const [method, path] = route.split(' ') as [string, string];
        const body = method === 'GET' ? undefined : {};
        const res = await call(t.url, method, concrete(path), { apiKey: keys.get(held), body });
        answers.push([route, res.status, res.body.code, res.body.requiredScope]);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.text).toContain(needed);
      }
      expect(answers).toEqual(
        SCOPED_ROUTES.filter(([, needed]) => needed !== held).map(([route, needed]) => [
          route,
          403,
          'ACCESS.SCOPE_MISSING',
          needed,
        ]),
      );
    });

    it.each(SCOPED_ROUTES.filter(([, needed]) => needed !== 'admin'))(
      '%s lets a key with %s through',
      async (route, needed) => {
        const [method, path] = route.split(' ') as [string, string];
        // Tenant B's ids: the route runs (404 on another tenant's resource) and changes nothing.
        const byId = BY_ID.find(([m, r]) => `${m} ${r}` === route);
        const target = byId ? path.replace('{id}', byId[2](b)) : path;
        const body = method === 'GET' ? undefined : path.endsWith('/runs') ? { dryRun: true } : {};
        const res = await call(t.url, method, target, { apiKey: keys.get(needed), body });
        expect([401, 403]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
        if (byId) expect(res.status).toBe(404);
      },
    );
  });

  describe.each(CALLERS)("as tenant A's %s", (_name, as) => {
    it.each(BY_ID)("%s %s with tenant B's id answers 404", async (method, route, id) => {
      const res = await call(t.url, method, route.replace('{id}', id(b)), as(a));
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(b.tenantId);
      // The same route works on A's own resource (so the 404 is isolation, not a broken route).
      if (method === 'GET')
        expect((await call(t.url, method, route.replace('{id}', id(a)), as(a))).status).toBe(200);
    });

    it.each(LISTS)('GET %s lists only tenant A rows', async (route, ids, idOf) => {
      const res = await call<{ items: Array<Record<string, unknown>> }>(t.url, 'GET', route, as(a));
      expect(res.status).toBe(200);
      expect(res.body.items.map(idOf).sort()).toEqual(ids(a).sort());
      expect(res.text).not.toContain(b.slug);
    });
  });

  it("leaves tenant B's resources untouched after all of that", async () => {
    const bKey = await call(t.url, 'GET', `/api/v1/admin/api-keys/${b.apiKeyId}`, { token: b.token });
    expect(bKey.body).toMatchObject({ status: 'active', revokedAt: null });
    const letter = await db.query(`SELECT replayed_at FROM messaging.dead_letters WHERE id = $1`, [
      b.deadLetterId,
    ]);
    expect(letter.rows[0]).toEqual({ replayed_at: null });
    expect((await call(t.url, 'GET', `/api/v1/admin/users/${b.userId}`, { token: b.token })).status).toBe(
      200,
    );
    const flow = await db.query(`SELECT archived_at FROM notification_flow.flows WHERE id = $1`, [b.flowId]);
    expect(flow.rows[0]).toEqual({ archived_at: null });
    const schedule = await db.query(`SELECT status FROM notification_flow.schedules WHERE id = $1`, [
      b.scheduleId,
    ]);
    expect(schedule.rows[0]).toEqual({ status: 'planned' });
  });

  it('creates users, keys and integration settings only in the caller tenant', async () => {
    const before = await snapshot(b);
    const user = await call(t.url, 'POST', '/api/v1/admin/users', {
      apiKey: a.adminKey,
      body: { email: 'new@tenant-a.test', password: 'another password', role: 'operator' },
    });
    const key = await call(t.url, 'POST', '/api/v1/admin/api-keys', {
      apiKey: a.adminKey,
      body: { name: 'made by a', scopes: ['billing:read'] },
    });
    const put = await call(t.url, 'PUT', '/api/v1/admin/integrations/ixc', {
      token: a.token,
      body: { settings: { baseUrl: 'https://erp.tenant-a.test/v2' }, secrets: { token: 'rotated' } },
    });
    expect([user.status, key.status, put.status]).toEqual([201, 201, 200]);
    expect(await snapshot(b)).toEqual(before);
    const aList = await call<{ total: number }>(t.url, 'GET', '/api/v1/admin/users', { token: a.token });
    expect(aList.body.total).toBe(3);
  });

  it('answers /auth/me with the caller tenant only', async () => {
    for (const [, as] of CALLERS) {
      const me = await call(t.url, 'GET', '/api/v1/auth/me', as(a));
      expect(me.body).toMatchObject({ tenantId: a.tenantId, role: 'admin' });
    }
  });

  async function snapshot(w: World): Promise<Array<Reply['body']>> {
    const routes = ['/api/v1/admin/users', '/api/v1/admin/api-keys', '/api/v1/admin/integrations'];
    return Promise.all(routes.map(async (r) => (await call(t.url, 'GET', r, { token: w.token })).body));
  }
});
