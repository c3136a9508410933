import { useState } from 'react';
import type { ScreenProps } from '../../app/screens';
import {
  ConfirmDialog,
  EmptyState,
  ErrorNotice,
  Loading,
  Notice,
  Pager,
  StatusBadge,
} from '../../components/ui';
import { get, post } from '../../lib/api';
import { brl, dateTime, day } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import {
  CHANNEL_LABEL,
  type Debt,
  type Debtor,
  type HistoryEntry,
  type Page,
  type Schedule,
} from '../../lib/types';

interface Detail {
  debtor: Debtor;
  openDebts: Debt[];
  pendingSchedules: Schedule[];
}

const EVENT_LABEL: Record<string, string> = {
  sent: 'enviada',
  failed: 'falhou',
  delivered: 'entregue',
  read: 'lida',
  server_ack: 'recebida pelo servidor',
  opted_out: 'descadastro',
  opt_out: 'descadastrado',
  opt_in: 'recadastrado',
  cancel: 'mensagens canceladas',
  snooze: 'envios adiados',
  resolved: 'resolvida pelo operador',
};

const LIMIT = 20;
type Pending = 'cancel' | 'opt-out' | undefined;

export function DebtorScreen({ params }: ScreenProps) {
  const session = useSignedIn();
  const id = params.id ?? '';
  const path = `/notifications/debtors/${encodeURIComponent(id)}`;
  const [offset, setOffset] = useState(0);
  const detail = useLoad((s) => get<Detail>(path, {}, s), [id]);
  const history = useLoad(
    (s) => get<Page<HistoryEntry>>(`${path}/history`, { limit: LIMIT, offset }, s),
    [id, offset],
    {
      pollMs: 10_000,
    },
  );
  const [snoozeUntil, setSnoozeUntil] = useState('');
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState<Pending>();
  const [done, setDone] = useState<string | undefined>();

  const act = useAction(async (action: 'cancel' | 'snooze' | 'opt-out' | 'opt-in') => {
    setDone(undefined);
    const body =
      action === 'snooze'
        ? { until: new Date(`${snoozeUntil}T09:00:00`).toISOString() }
        : action === 'opt-out'
          ? reason.trim()
            ? { reason: reason.trim() }
            : {}
          : {};
    const result = await post<{ changed: boolean; schedules: number }>(`${path}/${action}`, body);
    const what = {
      cancel: 'Mensagens pendentes canceladas',
      snooze: 'Envios adiados',
      'opt-out': 'Devedor descadastrado: não recebe mais mensagens',
      'opt-in': 'Devedor recadastrado: o ciclo em aberto foi planejado de novo',
    }[action];
    setDone(`${what} (${result.schedules} agendamentos${result.changed ? '' : ', nada mudou'}).`);
    setConfirm(undefined);
    detail.reload();
    history.reload();
  });

  if (!detail.data) {
    return (
      <>
        <h1>Devedor</h1>
        <ErrorNotice error={detail.error} />
        {detail.loading ? <Loading /> : null}
        <p>
          <Link href="/em-aberto">Voltar às faturas em aberto</Link>
        </p>
      </>
    );
  }
  const { debtor, openDebts, pendingSchedules } = detail.data;
  const tz = session.timeZone;
  return (
    <>
      <p>
        <Link href="/regua/agendamentos">← Agendamentos</Link>
      </p>
      <h1>{debtor.name}</h1>
      <div className="card">
        <div className="row">
          {debtor.optedOutAt ? (
            <span className="badge bad" data-testid="debtor-opt-state">
              descadastrado em {dateTime(debtor.optedOutAt, tz)}
            </span>
          ) : (
            <span className="badge ok" data-testid="debtor-opt-state">
              recebe mensagens
            </span>
          )}
          {debtor.snoozedUntil ? (
            <span className="badge warn">adiado até {dateTime(debtor.snoozedUntil, tz)}</span>
          ) : null}
          {!debtor.consent ? <span className="badge warn">sem consentimento</span> : null}
        </div>
        <p className="muted">
          {debtor.id} · documento {debtor.document ?? '—'} · WhatsApp {debtor.whatsapp ?? '—'} · telefone{' '}
          {debtor.phone ?? '—'} · e-mail {debtor.email ?? '—'} · último contato{' '}
          {dateTime(debtor.lastContactAt, tz)}
        </p>
        {debtor.optOutReason ? <p>Motivo do descadastro: {debtor.optOutReason}</p> : null}
      </div>

      <section className="card" aria-labelledby="actions-title">
        <h2 id="actions-title">Ações</h2>
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            onClick={() => setConfirm('cancel')}
            disabled={act.busy}
          >
            Cancelar mensagens pendentes
          </button>
          <div className="field">
            <label htmlFor="snooze-until">Adiar envios até</label>
            <input
              id="snooze-until"
              type="date"
              value={snoozeUntil}
              onChange={(e) => setSnoozeUntil(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="secondary"
            disabled={!snoozeUntil || act.busy}
            onClick={() => void act.run('snooze')}
          >
            Adiar
          </button>
          {debtor.optedOutAt ? (
            <button type="button" onClick={() => void act.run('opt-in')} disabled={act.busy}>
              Recadastrar (voltar a receber)
            </button>
          ) : (
            <>
              <div className="field">
                <label htmlFor="optout-reason">Motivo do descadastro (opcional)</label>
                <input
                  id="optout-reason"
                  value={reason}
                  maxLength={500}
                  onChange={(e) => setReason(e.target.value)}
                />
              </div>
              <button
                type="button"
                className="danger"
                onClick={() => setConfirm('opt-out')}
                disabled={act.busy}
              >
                Descadastrar
              </button>
            </>
          )}
        </div>
        <ErrorNotice error={act.error} />
        {done ? <Notice kind="ok">{done}</Notice> : null}
      </section>

      <section className="card" aria-labelledby="debts-title">
        <h2 id="debts-title">Faturas em aberto</h2>
        {openDebts.length === 0 ? (
          <EmptyState>Nenhuma fatura em aberto: nada a cobrar deste devedor.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Fatura</th>
                  <th scope="col">Vencimento</th>
                  <th scope="col" className="num">
                    Em aberto
                  </th>
                </tr>
              </thead>
              <tbody>
                {openDebts.map((d) => (
                  <tr key={d.id}>
                    <td>{d.description}</td>
                    <td>{day(d.dueDate)}</td>
                    <td className="num">{brl(d.openCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="pending-title">
        <h2 id="pending-title">Próximas mensagens</h2>
        {pendingSchedules.length === 0 ? (
          <EmptyState>Nenhuma mensagem programada.</EmptyState>
        ) : (
          <ul>
            {pendingSchedules.map((s) => (
              <li key={s.id}>
                {dateTime(s.dueAt, tz)} · {s.stepKey} · {CHANNEL_LABEL[s.channel] ?? s.channel} ·{' '}
                <StatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Linha do tempo de contatos e entregas</h2>
        <ErrorNotice error={history.error} />
        {history.data && history.data.items.length === 0 ? (
          <EmptyState>Nenhum contato ainda.</EmptyState>
        ) : null}
        {history.data && history.data.items.length > 0 ? (
          <>
            <ol data-testid="debtor-timeline">
              {history.data.items.map((h) => (
                <li key={h.id}>
                  <strong>{dateTime(h.at, tz)}</strong> —{' '}
                  {h.channel === 'operator' ? 'Operador' : (CHANNEL_LABEL[h.channel] ?? h.channel)}:{' '}
                  {EVENT_LABEL[h.event] ?? h.event}
                  {h.provider ? <span className="muted"> ({h.provider})</span> : null}
                  {h.error ? <span className="muted"> — {h.error}</span> : null}
                </li>
              ))}
            </ol>
            <Pager total={history.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
          </>
        ) : null}
      </section>

      <ConfirmDialog
        open={!!confirm}
        title={confirm === 'opt-out' ? `Descadastrar ${debtor.name}?` : 'Cancelar as mensagens pendentes?'}
        confirmLabel={confirm === 'opt-out' ? 'Descadastrar' : 'Cancelar mensagens'}
        danger
        busy={act.busy}
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => confirm && void act.run(confirm)}
      >
        <p>
          {confirm === 'opt-out'
            ? 'O devedor deixa de receber qualquer mensagem até ser recadastrado.'
            : 'As mensagens já programadas não serão enviadas; os próximos passos da régua continuam.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
