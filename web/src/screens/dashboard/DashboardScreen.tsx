import { BarChart, ErrorNotice, Loading, StatCard, StatusBadge } from '../../components/ui';
import { get } from '../../lib/api';
import { brl, count, dateTime, day, todayIn } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import {
  CHANNEL_LABEL,
  type ChannelState,
  type EnforcementRun,
  type MessagingOverview,
  type NotificationStats,
  type OpenBillingPage,
  type Page,
} from '../../lib/types';

const AGING_LABEL: Record<string, string> = {
  '1-15': '1–15 dias',
  '16-30': '16–30 dias',
  '31-60': '31–60 dias',
  '61-90': '61–90 dias',
  '90+': 'mais de 90',
};

const POLL_MS = 15_000;

export function DashboardScreen() {
  const session = useSignedIn();
  const billing = useLoad((s) => get<OpenBillingPage>('/billing/open', { limit: 1 }, s), [], {
    pollMs: POLL_MS,
  });
  const stats = useLoad((s) => get<NotificationStats>('/notifications/stats', {}, s), [], {
    pollMs: POLL_MS,
  });
  const channels = useLoad((s) => get<{ items: ChannelState[] }>('/notifications/channels', {}, s), [], {
    pollMs: POLL_MS,
  });
  const runs = useLoad((s) => get<Page<EnforcementRun>>('/enforcement/runs', { limit: 1 }, s), [], {
    pollMs: POLL_MS,
  });
  const messaging = useLoad((s) => get<MessagingOverview>('/admin/messaging/overview', {}, s), [], {
    pollMs: POLL_MS,
    enabled: session.isAdmin,
  });

  const summary = billing.data?.summary;
  const today = todayIn(stats.data?.timeZone ?? session.timeZone);
  const todayStats = (stats.data?.days ?? []).filter((d) => d.day === today);
  const lastRun = runs.data?.items[0];
  const paused = (channels.data?.items ?? []).filter((c) => c.paused);

  return (
    <>
      <h1>Painel</h1>
      <ErrorNotice error={billing.error ?? stats.error ?? channels.error ?? runs.error ?? messaging.error} />
      {!summary && billing.loading ? <Loading /> : null}
      <div className="grid">
        <StatCard
          label="Em aberto"
          value={summary ? brl(summary.open_cents) : '—'}
          testId="dash-open-amount"
          hint={
            summary
              ? `${count(summary.total_open)} faturas · mais antiga ${day(summary.oldest_due_date)}`
              : undefined
          }
          href="/em-aberto"
        />
        <StatCard
          label="Devedores"
          value={summary?.debtors !== undefined ? count(summary.debtors) : '—'}
          testId="dash-debtors"
          hint={summary ? `${count(summary.over_20_days)} faturas com 20 dias ou mais de atraso` : undefined}
          href="/em-aberto?minDaysOverdue=1"
        />
        <StatCard
          label="Última execução de bloqueios"
          value={lastRun ? <StatusBadge status={lastRun.status} /> : 'nenhuma'}
          testId="dash-last-run"
          hint={
            lastRun
              ? `${lastRun.dryRun ? 'Simulação' : 'Real'} · ${dateTime(lastRun.startedAt, session.timeZone)} · ${count(lastRun.planned)} ações`
              : 'Faça uma simulação em Bloqueios.'
          }
          href={lastRun ? `/bloqueios/execucoes/${lastRun.id}` : '/bloqueios'}
        />
        <StatCard
          label="Canais pausados"
          value={channels.data ? count(paused.length) : '—'}
          testId="dash-paused-channels"
          hint={
            paused.length
              ? paused.map((c) => CHANNEL_LABEL[c.channel] ?? c.channel).join(', ')
              : 'Todos os canais enviando.'
          }
          href="/regua/canais"
        />
        {session.isAdmin ? (
          <StatCard
            label="Mensagens mortas aguardando"
            value={messaging.data ? count(messaging.data.deadLetters.waiting) : '—'}
            testId="dash-dead-letters"
            hint={
              messaging.data ? `${count(messaging.data.outbox.pending)} eventos na caixa de saída` : undefined
            }
            href="/filas"
          />
        ) : null}
      </div>

      <div className="two-cols">
        <section className="card" aria-labelledby="aging-title">
          <h2 id="aging-title">Atraso das faturas em aberto</h2>
          {summary ? (
            <BarChart
              title="Faturas em aberto por faixa de atraso"
              bars={Object.entries(summary.aging).map(([key, bucket]) => ({
                label: AGING_LABEL[key] ?? key,
                value: bucket.open_cents,
                display: `${brl(bucket.open_cents)} (${count(bucket.count)})`,
              }))}
            />
          ) : (
            <Loading />
          )}
          <p>
            <Link href="/em-aberto">Ver as faturas em aberto</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="today-title">
          <h2 id="today-title">Mensagens de hoje ({day(today)})</h2>
          {stats.data && todayStats.length === 0 ? (
            <p className="muted">Nenhuma mensagem hoje ainda. A régua envia nos horários configurados.</p>
          ) : null}
          {todayStats.length > 0 ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Canal</th>
                    <th scope="col" className="num">
                      Enviadas
                    </th>
                    <th scope="col" className="num">
                      Falharam
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {todayStats.map((d) => (
                    <tr key={d.channel}>
                      <td>{CHANNEL_LABEL[d.channel] ?? d.channel}</td>
                      <td className="num" data-testid={`dash-sent-${d.channel}`}>
                        {count(d.sent)}
                      </td>
                      <td className="num" data-testid={`dash-failed-${d.channel}`}>
                        {count(d.failed)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p>
            <Link href="/regua/agendamentos">Ver os agendamentos</Link>
          </p>
        </section>
      </div>
    </>
  );
}
