import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ADMIN_PASSWORD, call, login, tenantAdmin } from '../support/access-client';
import {
  collectConsoleErrors,
  ensureConsoleBuilt,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  unlabelledControls,
} from '../support/browser';
import { eventually } from '../support/eventually';
import {
  BrokenConsumer,
  EFFECTS_DDL,
  MessagingFixturesModule,
  ThingHappenedEvent,
} from '../support/messaging-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { Outbox } from '../../src/platform/messaging/outbox';

const NEVER = '0 0 1 1 *';
const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const INTEGER = new Intl.NumberFormat('pt-BR');
/** Intl puts no-break spaces in money; compare text with plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

interface Summary {
  open_cents: number;
  debtors: number;
  total_open: number;
}
interface Stats {
  timeZone: string;
  days: Array<{ day: string; channel: string; sent: number; failed: number }>;
}
interface OpenItem {
  customer: { id: string; name: string };
}

/**
 * The operator console in a real Chromium (Debian's, driven by playwright-core) against the app in demo mode:
 * what an operator does, checked against the public API. Any browser console error fails the test.
 */
describe('operator console in Chromium (demo mode)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let admin: { token: string; tenantId: string; email: string };
  let enforcementRunId = '';
  let debtorId = '';
  let caseId = '';
  let campaignId = '';

  const api = <T>(method: string, path: string, body?: unknown) =>
    call<T>(t.url, method, `/api/v1${path}`, { token: admin.token, body });
  const open = async (path: string) => {
    await page.goto(`${t.url}${path}`);
    await page.locator('h1').first().waitFor();
  };
  /** Every panel of the screen has its data (no "Carregando…" left). */
  const loaded = () =>
    page
      .getByText(/Carregando/)
      .first()
      .waitFor({ state: 'detached' });
  const text = async (testId: string) => plain(await page.getByTestId(testId).textContent());

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        ENFORCEMENT_CRON: NEVER,
        IXC_INCREMENTAL_CRON: NEVER,
        IXC_FULL_CRON: NEVER,
        IXC_AUTOMATION_CRON: NEVER,
        OUTBOX_POLL_INTERVAL_MS: '50',
        MESSAGING_RETRY_DELAYS_MS: '50',
        MESSAGING_MAX_ATTEMPTS: '3',
      },
      extraModules: [MessagingFixturesModule],
    });
    await t.app.get(DataSource).query(EFFECTS_DDL);
    admin = await tenantAdmin(t, 'demo');
    // A message its consumer gives up on: a dead letter to replay from the Filas screen.
    BrokenConsumer.repaired = false;
    await t.app
      .get(DataSource)
      .transaction((tx) =>
        t.app.get(Outbox).publish(tx, [new ThingHappenedEvent(admin.tenantId, { n: 1, kind: 'broken' })]),
      );
    // The demo tenant's first full sync runs by itself; wait until dunning has sent its first messages.
    await eventually(
      async () => {
        const stats = await api<Stats>('GET', '/notifications/stats');
        return stats.body.days.some((d) => d.sent > 0);
      },
      { timeoutMs: 60_000, description: 'the first sync and the first messages sent' },
    );
    browser = await launchBrowser();
    context = await browser.newContext({
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    errors = collectConsoleErrors(page);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('logs in and shows the dashboard with the numbers the API gives', async () => {
    await page.goto(`${t.url}/`);
    await screenshot(page, '00-login');
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Senha').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Painel' }).waitFor();

    // Dunning may still be sending: reload until the page and the API agree at one moment.
    await eventually(
      async () => {
        await page.reload();
        await page.getByTestId('dash-dead-letters').filter({ hasText: /\d/ }).waitFor();
        await page.getByTestId('dash-debtors').filter({ hasText: /\d/ }).waitFor();
        const summary = (await api<{ summary: Summary }>('GET', '/billing/open?limit=1')).body.summary;
        const stats = (await api<Stats>('GET', '/notifications/stats')).body;
        expect(await text('dash-open-amount')).toBe(plain(BRL.format(summary.open_cents / 100)));
        expect(await text('dash-debtors')).toBe(INTEGER.format(summary.debtors));
        expect(await text('dash-paused-channels')).toBe('0');
        expect(await text('dash-dead-letters')).toBe('1');
        const today = stats.days.filter((d) => d.day === todayIn(stats.timeZone));
        expect(today.length).toBeGreaterThan(0);
        for (const d of today) {
          expect(await text(`dash-sent-${d.channel}`)).toBe(INTEGER.format(d.sent));
          expect(await text(`dash-failed-${d.channel}`)).toBe(INTEGER.format(d.failed));
        }
        return true;
      },
      { timeoutMs: 45_000, intervalMs: 500, description: 'the dashboard to show the API’s numbers' },
    );
    expect(isPositiveCount(await text('dash-debtors'))).toBe(true);
    await screenshot(page, '01-painel');
  });

  it('simulates an enforcement run, shows its plan, then applies it (admin, after confirming)', async () => {
    await open('/bloqueios');
    await page.getByRole('button', { name: 'Simular agora' }).click();
    await page.waitForURL(/\/bloqueios\/execucoes\/[0-9a-f-]{36}$/);
    const dryRunId = page.url().split('/').pop() as string;
    await page.getByText('concluída', { exact: true }).first().waitFor({ timeout: 30_000 });
    const dry = (
      await api<{ planned: number; dryRun: boolean; simulated: number }>(
        'GET',
        `/enforcement/runs/${dryRunId}`,
      )
    ).body;
    expect(dry).toMatchObject({ dryRun: true });
    expect(dry.planned).toBeGreaterThan(0);
    await page.getByTestId('plan-table').waitFor();
    expect(await page.getByTestId('plan-table').locator('tbody tr').count()).toBe(dry.planned);
    await screenshot(page, '02-bloqueios-simulacao');

    await page.getByRole('button', { name: 'Aplicar este plano' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/escreve no MagnusBilling/).waitFor();
    await dialog.getByRole('button', { name: 'Aplicar', exact: true }).click();
    await page.waitForURL(
      (url) => /\/bloqueios\/execucoes\//.test(url.pathname) && !url.pathname.endsWith(dryRunId),
    );
    enforcementRunId = page.url().split('/').pop() as string;
    await page.getByText('concluída', { exact: true }).first().waitFor({ timeout: 30_000 });
    const real = await eventually(async () => {
      const run = (
        await api<{ dryRun: boolean; applied: number; planned: number; pending: number }>(
          'GET',
          `/enforcement/runs/${enforcementRunId}`,
        )
      ).body;
      return run.pending === 0 && run;
    });
    expect(real).toMatchObject({ dryRun: false, applied: dry.planned });
    await page
      .getByTestId('run-figures')
      .filter({ hasText: `${real.applied} aplicadas` })
      .waitFor();
    await screenshot(page, '03-bloqueios-aplicada');
  });

  it('edits a template: the preview follows the draft live, and saving makes it the tenant’s', async () => {
    await open('/regua/modelos');
    await page.getByLabel('Modelo', { exact: true }).selectOption('default:overdue:sms');
    const preview = page.getByTestId('template-preview');
    await preview.filter({ hasText: /\S/ }).waitFor();
    const before = plain(await preview.textContent());
    expect(before).not.toContain('TESTE-CONSOLE');
    const editor = page.getByRole('textbox', { name: 'Variação 1', exact: true });
    await editor.fill(`${await editor.inputValue()} TESTE-CONSOLE`);
    await preview.filter({ hasText: 'TESTE-CONSOLE' }).waitFor();
    await page
      .getByTestId('preview-sms')
      .filter({ hasText: /segmento/ })
      .waitFor();
    await screenshot(page, '04-regua-modelos');
    await page.getByRole('button', { name: 'Salvar modelo' }).click();
    await page.getByText('Modelo salvo').waitFor();
    const templates = (
      await api<{ items: Array<{ type: string; channel: string; builtIn: boolean; variations: string[] }> }>(
        'GET',
        '/notifications/templates',
      )
    ).body.items;
    const sms = templates.find((x) => x.type === 'overdue' && x.channel === 'sms');
    expect(sms).toMatchObject({ builtIn: false });
    expect(sms?.variations[0]).toContain('TESTE-CONSOLE');
  });

  it('edits the default flow’s steps: saving writes a new version', async () => {
    const flows = (
      await api<{ items: Array<{ id: string; version: number; isDefault: boolean }> }>(
        'GET',
        '/notifications/flows',
      )
    ).body.items;
    const flow = flows.find((f) => f.isDefault)!;
    await open('/regua/fluxos');
    await page.getByLabel('Intervalo mínimo do passo 1').fill('30');
    await page.getByRole('button', { name: 'Salvar (nova versão)' }).click();
    await page.getByText(`Salvo como versão ${flow.version + 1}`).waitFor();
    const saved = (
      await api<{ version: number; steps: Array<{ cooldownHours: number }> }>(
        'GET',
        `/notifications/flows/${flow.id}`,
      )
    ).body;
    expect(saved.version).toBe(flow.version + 1);
    expect(saved.steps[0]?.cooldownHours).toBe(30);
  });

  it('finds a debtor in open billing without typing accents and opts them out', async () => {
    const first = (await api<{ items: OpenItem[] }>('GET', '/billing/open?limit=1&sort=dueDate&order=asc'))
      .body.items[0]!;
    const unaccented = first.customer.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    await open('/em-aberto');
    // An admin re-syncs the mirror; the panel follows the run without a reload.
    const sync = page.getByRole('region', { name: 'Sincronização com o IXC' });
    await sync.getByText('completa').waitFor();
    await sync.getByRole('button', { name: 'Sincronizar agora' }).click();
    await sync.getByText(/concluída\s+incremental/).waitFor({ timeout: 30_000 });
    await page.getByLabel('Buscar (nome, CPF/CNPJ ou telefone)').fill(unaccented);
    await page.waitForURL(/q=/);
    const link = page.getByRole('link', { name: first.customer.name, exact: true }).first();
    await link.waitFor();
    await screenshot(page, '05-em-aberto');
    await link.click();
    debtorId = `ixc:${first.customer.id}`;
    await page.getByRole('heading', { name: first.customer.name }).waitFor();
    await page.getByTestId('debtor-opt-state').filter({ hasText: 'recebe mensagens' }).waitFor();
    await page.getByLabel('Motivo do descadastro (opcional)').fill('pediu por telefone');
    await page.getByRole('button', { name: 'Descadastrar', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Descadastrar' }).click();
    await page.getByTestId('debtor-opt-state').filter({ hasText: 'descadastrado' }).waitFor();
    const debtor = (
      await api<{ debtor: { optedOutAt: string | null; optOutReason: string | null } }>(
        'GET',
        `/notifications/debtors/${debtorId}`,
      )
    ).body.debtor;
    expect(debtor.optedOutAt).not.toBeNull();
    expect(debtor.optOutReason).toBe('pediu por telefone');
    await screenshot(page, '06-devedor');
  });

  it('replays a dead letter from the Filas screen', async () => {
    const letter = await eventually(async () => {
      const res = await api<{ items: Array<{ id: string; consumer: string; replayedAt: string | null }> }>(
        'GET',
        '/admin/dead-letters?consumer=fixture.broken',
      );
      return res.body.items[0];
    });
    await open('/filas');
    const row = page.getByTestId('dead-letters').locator('tr', { hasText: 'fixture.broken' });
    await row.waitFor();
    await page.getByTestId('dead-letters-waiting').filter({ hasText: '1' }).waitFor();
    await screenshot(page, '07-filas');
    BrokenConsumer.repaired = true;
    await row.getByRole('button', { name: 'Reenviar' }).click();
    await row.getByText(/reenviada/).waitFor();
    const replayed = (await api<{ replayedAt: string | null }>('GET', `/admin/dead-letters/${letter.id}`))
      .body;
    expect(replayed.replayedAt).not.toBeNull();
    await page.getByTestId('dead-letters-waiting').filter({ hasText: '0' }).waitFor();
  });

  it('creates an API key shown once, and revokes it', async () => {
    await open('/admin/chaves');
    await page.getByLabel('Nome').fill('Console e2e');
    await page.getByLabel(/Ler cobranças em aberto/).check();
    await page.getByRole('button', { name: 'Criar chave' }).click();
    const secret = plain(await page.getByTestId('new-api-key').textContent());
    expect(secret).toMatch(/^rg_demo_[0-9a-f]{16}_/);
    expect((await call(t.url, 'GET', '/api/v1/billing/open?limit=1', { apiKey: secret })).status).toBe(200);
    await page.getByRole('button', { name: 'Já copiei' }).click();
    expect(await page.getByText(secret).count()).toBe(0);
    const row = page.locator('tr', { hasText: 'Console e2e' });
    await row.getByRole('button', { name: 'Revogar' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revogar' }).click();
    await row.getByText('revogada').waitFor();
  });

  it('Clínicas: the covered clinics as the API lists them, a register by name offers the 409 choices, sync now', async () => {
    const clinics = await eventually(
      async () => {
        const res = await api<{ items: Array<{ id: string; name: string; externalId: string }> }>(
          'GET',
          '/debtors/clinics',
        );
        return res.body.items.length > 0 && res.body.items;
      },
      { timeoutMs: 60_000, description: 'the demo clinics covered' },
    );
    await open('/clinicas');
    const table = page.getByTestId('clinics-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(clinics.length);
    for (const clinic of clinics) await table.getByText(clinic.name, { exact: true }).waitFor();

    await page.getByLabel('Nome da clínica').fill('centro');
    await page.getByRole('button', { name: 'Cadastrar', exact: true }).click();
    const choices = page.getByTestId('clinic-matches');
    await choices.getByText('Várias clínicas têm esse nome').waitFor();
    const many = await api<{ matches: Array<{ externalId: string; name: string }> }>(
      'POST',
      '/debtors/clinics',
      { name: 'centro' },
    );
    expect(await choices.getByRole('button').count()).toBe(many.body.matches.length);
    await screenshot(page, '08-clinicas-escolha');
    // The 409 that listed the choices is the browser's only complaint.
    expect(errors.every((e) => /status of 409 .*\/debtors\/clinics/.test(e))).toBe(true);
    errors.length = 0;
    const pick = many.body.matches.find((m) => !clinics.some((c) => c.externalId === m.externalId));
    if (pick) {
      await choices.getByRole('button', { name: new RegExp(`código ${pick.externalId}\\)`) }).click();
      await page.getByText(/cadastrada; a primeira sincronização começou/).waitFor();
      await table.getByText(pick.name, { exact: true }).waitFor();
    }

    await page.getByRole('button', { name: 'Sincronizar todas agora' }).click();
    await eventually(
      async () => {
        const runs = (
          await api<{ items: Array<{ status: string }>; total: number }>('GET', '/debtors/sync/runs')
        ).body;
        if (runs.items.some((r) => r.status === 'running')) return false;
        await page
          .getByTestId('sync-runs-total')
          .filter({ hasText: INTEGER.format(runs.total) })
          .waitFor();
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'the syncs to finish and the ledger to show them' },
    );
    await screenshot(page, '09-clinicas');
  });

  it('Casos, Campanhas and Pagamentos show what the API gives (or say it is empty)', async () => {
    const cases = (await api<{ items: Array<{ id: string; state: string }>; total: number }>('GET', '/cases'))
      .body;
    await open('/casos');
    await loaded();
    const caseStats = (await api<{ inCollectionCents: number }>('GET', '/cases/stats')).body;
    expect(await text('cases-in-collection')).toBe(plain(BRL.format(caseStats.inCollectionCents / 100)));
    if (cases.total === 0) await page.getByText('Nenhum caso ainda.', { exact: false }).waitFor();
    else {
      expect(await text('cases-total')).toBe(INTEGER.format(cases.total));
      caseId = cases.items[0]!.id;
      await page.getByLabel('Situação').selectOption(cases.items[0]!.state);
      await page.getByTestId('cases-table').locator('tbody tr').first().waitFor();
      // A case: its open amount as the API says, then a transition and an assignment from the screen.
      const before = (await api<{ state: string; openCents: number }>('GET', `/cases/${caseId}`)).body;
      await open(`/casos/${caseId}`);
      expect(await text('case-open')).toBe(plain(BRL.format(before.openCents / 100)));
      if (before.state === 'open') {
        await page.getByLabel('Nova situação').selectOption('in_negotiation');
        await page.getByLabel('Observação (opcional)').fill('ligou para negociar');
        await page.getByRole('button', { name: 'Mudar situação' }).click();
        await page.getByText('Caso movido para “em negociação”.').waitFor();
        expect((await api<{ state: string }>('GET', `/cases/${caseId}`)).body.state).toBe('in_negotiation');
      }
      await page.getByLabel('Atribuir a').fill('Equipe e2e');
      await page.getByRole('button', { name: 'Atribuir', exact: true }).click();
      await page.getByTestId('case-assignee').filter({ hasText: 'Equipe e2e' }).waitFor();
      const after = (await api<{ assignee: string | null; history: unknown[] }>('GET', `/cases/${caseId}`))
        .body;
      expect(after.assignee).toBe('Equipe e2e');
      expect(await page.getByTestId('case-history').locator('li').count()).toBe(after.history.length);
      await screenshot(page, '09-caso');
    }

    const campaigns = (
      await api<{ items: Array<{ id: string }>; total: number }>('GET', '/billing/campaigns')
    ).body;
    const billingStats = (await api<{ total_campaigns: number }>('GET', '/billing/stats')).body;
    await open('/campanhas');
    await loaded();
    expect(await text('billing-campaigns')).toBe(INTEGER.format(billingStats.total_campaigns));
    if (campaigns.total === 0) await page.getByText('Nenhuma campanha ainda.', { exact: false }).waitFor();
    else {
      campaignId = campaigns.items[0]!.id;
      expect(await page.getByTestId('campaigns-table').locator('tbody tr').count()).toBe(
        Math.min(20, campaigns.total),
      );
    }

    const unmatched = (await api<{ total: number }>('GET', '/payments?matched=false')).body;
    await open('/pagamentos');
    await loaded();
    await page.getByLabel('Conciliação').selectOption('false');
    if (unmatched.total === 0) await page.getByText('Nenhum pagamento sem conciliação').waitFor();
    else
      await page
        .getByTestId('payments-total')
        .filter({ hasText: INTEGER.format(unmatched.total) })
        .waitFor();
  });

  it('every main screen: controls labelled, no horizontal overflow at 375 px, a screenshot each', async () => {
    const screens: Array<[string, string]> = [
      ['10-painel', '/'],
      ['11-em-aberto', '/em-aberto'],
      ['12-bloqueios', '/bloqueios'],
      ['13-execucao', `/bloqueios/execucoes/${enforcementRunId}`],
      ['14-regua-fluxos', '/regua/fluxos'],
      ['15-regua-modelos', '/regua/modelos'],
      ['16-regua-horarios', '/regua/horarios'],
      ['17-regua-agendamentos', '/regua/agendamentos'],
      ['18-regua-canais', '/regua/canais'],
      ['19-devedor', `/devedores/${encodeURIComponent(debtorId)}`],
      ['20-filas', '/filas'],
      ['21-usuarios', '/admin/usuarios'],
      ['22-chaves', '/admin/chaves'],
      ['23-conta', '/conta'],
      ['24-clinicas', '/clinicas'],
      ['25-casos', '/casos'],
      ['26-campanhas', '/campanhas'],
      ['27-pagamentos', '/pagamentos'],
    ];
    if (caseId) screens.push(['28-caso', `/casos/${caseId}`]);
    if (campaignId) screens.push(['29-campanha', `/campanhas/${campaignId}`]);
    const problems: string[] = [];
    for (const [name, path] of screens) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await open(path);
      await loaded();
      await screenshot(page, name);
      for (const control of await unlabelledControls(page)) problems.push(`${path}: unlabelled ${control}`);
      await page.setViewportSize({ width: 375, height: 800 });
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) problems.push(`${path}: ${overflow}px wider than a 375px screen`);
      await screenshot(page, `${name}-375`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  });

  it('changes the own password; a session revoked elsewhere or expired ends cleanly on the login screen', async () => {
    await open('/conta');
    const next = 'a brand new passphrase 42';
    await page.getByLabel('Senha atual').fill(ADMIN_PASSWORD);
    await page.getByLabel('Nova senha', { exact: true }).fill(next);
    await page.getByLabel('Repita a nova senha').fill(next);
    await page.getByRole('button', { name: 'Trocar a senha' }).click();
    await page.getByText('Senha trocada.').waitFor();
    // The console got a fresh token: it keeps working.
    await open('/em-aberto');
    await page.getByTestId('open-summary').waitFor();

    // Another session changes the password back: every other token (the browser's) ends at once.
    const other = await login(t.url, admin.email, next);
    const reset = await call(t.url, 'PUT', '/api/v1/auth/password', {
      token: other,
      body: { currentPassword: next, newPassword: ADMIN_PASSWORD },
    });
    expect(reset.status).toBe(200);
    await page.getByRole('link', { name: 'Bloqueios' }).click();
    await page.getByText('Sua sessão expirou ou foi encerrada. Entre de novo.').waitFor();
    await page.getByLabel('E-mail').waitFor();
    // The 401 that ended the session is the browser's only complaint.
    expect(errors.every((e) => /status of 401/.test(e))).toBe(true);
    errors.length = 0;

    // A tab reopened after its token ran out says so, rather than failing on the first click.
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Senha').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('navigation', { name: 'Navegação principal' }).waitFor();
    await page.evaluate(
      `(() => { const s = JSON.parse(sessionStorage.getItem('regua.session')); s.expiresAt = Date.now() - 1000;
        sessionStorage.setItem('regua.session', JSON.stringify(s)); })()`,
    );
    await page.reload();
    await page.getByText('Sua sessão expirou. Entre de novo para continuar.').waitFor();
  });
});

function isPositiveCount(value: string): boolean {
  return Number(value.replace(/\D/g, '')) > 0;
}
