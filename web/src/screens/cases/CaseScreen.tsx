import { useState, type FormEvent } from 'react';
import { EmptyState, ErrorNotice, Field, Loading, Notice } from '../../components/ui';
import type { ScreenProps } from '../../app/screens';
import { post, get } from '../../lib/api';
import { brl, dateTime, day } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import {
  CASE_STATE_LABEL,
  CaseStateBadge,
  DEBT_STATUS_LABEL,
  HISTORY_KIND_LABEL,
  TRANSITIONS,
  type CaseDetail,
} from './labels';

export function CaseScreen({ params }: ScreenProps) {
  const session = useSignedIn();
  const id = params.id ?? '';
  const loaded = useLoad((s) => get<CaseDetail>(`/cases/${id}`, {}, s), [id]);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [done, setDone] = useState<string | undefined>(undefined);

  const transition = useAction(async () => {
    await post<CaseDetail>(`/cases/${id}/transition`, { to, ...(note.trim() ? { note: note.trim() } : {}) });
    setDone(`Caso movido para “${CASE_STATE_LABEL[to] ?? to}”.`);
    setTo('');
    setNote('');
    loaded.reload();
  });
  const assign = useAction(async (who: string | null) => {
    await post<CaseDetail>(`/cases/${id}/assign`, { assignee: who });
    setDone(who ? `Caso atribuído a ${who}.` : 'Caso sem responsável.');
    setAssignee('');
    loaded.reload();
  });

  const c = loaded.data;
  const next = c ? (TRANSITIONS[c.state] ?? []) : [];
  const submitTransition = (event: FormEvent) => {
    event.preventDefault();
    if (to) void transition.run();
  };
  const submitAssign = (event: FormEvent) => {
    event.preventDefault();
    if (assignee.trim()) void assign.run(assignee.trim());
  };

  return (
    <>
      <p>
        <Link href="/casos">← Casos</Link>
      </p>
      <h1>{c ? (c.debtor.name ?? c.debtorId) : 'Caso'}</h1>
      <ErrorNotice error={loaded.error} />
      {!c && loaded.loading ? <Loading /> : null}
      {c ? (
        <>
          <div className="card">
            <p>
              Situação: <CaseStateBadge state={c.state} /> · Responsável:{' '}
              <span data-testid="case-assignee">{c.assignee ?? 'ninguém'}</span>
            </p>
            <p>
              Em aberto: <strong data-testid="case-open">{brl(c.openCents)}</strong> · Recuperado:{' '}
              {brl(c.recoveredCents)} · Aberto em {dateTime(c.openedAt, session.timeZone)}
              {c.closedAt ? ` · Fechado em ${dateTime(c.closedAt, session.timeZone)}` : ''}
            </p>
            {c.debtor.document ? <p className="muted">Documento {c.debtor.document}</p> : null}
          </div>
          {done ? <Notice kind="ok">{done}</Notice> : null}
          {next.length > 0 ? (
            <form className="card" onSubmit={submitTransition} aria-label="Mudar situação">
              <h2>Mudar situação</h2>
              <div className="row">
                <Field label="Nova situação">
                  {(fid) => (
                    <select id={fid} value={to} onChange={(e) => setTo(e.target.value)}>
                      <option value="">Escolha…</option>
                      {next.map((s) => (
                        <option key={s} value={s}>
                          {CASE_STATE_LABEL[s] ?? s}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Observação (opcional)">
                  {(fid) => (
                    <input id={fid} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
                  )}
                </Field>
                <button type="submit" disabled={!to || transition.busy}>
                  Mudar situação
                </button>
              </div>
              <ErrorNotice error={transition.error} />
            </form>
          ) : (
            <Notice>Caso encerrado: a situação não muda mais.</Notice>
          )}
          <form className="card" onSubmit={submitAssign} aria-label="Atribuir caso">
            <h2>Responsável</h2>
            <div className="row">
              <Field label="Atribuir a">
                {(fid) => (
                  <input
                    id={fid}
                    value={assignee}
                    maxLength={200}
                    onChange={(e) => setAssignee(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" disabled={!assignee.trim() || assign.busy}>
                Atribuir
              </button>
              {c.assignee ? (
                <button
                  type="button"
                  className="secondary"
                  disabled={assign.busy}
                  onClick={() => void assign.run(null)}
                >
                  Remover responsável
                </button>
              ) : null}
            </div>
            <ErrorNotice error={assign.error} />
          </form>
          <h2>Dívidas</h2>
          {c.debts.length === 0 ? (
            <EmptyState>Nenhuma dívida neste caso.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table data-testid="case-debts">
                <thead>
                  <tr>
                    <th scope="col">Vencimento</th>
                    <th scope="col" className="num">
                      Valor
                    </th>
                    <th scope="col" className="num">
                      Em aberto
                    </th>
                    <th scope="col">Situação</th>
                  </tr>
                </thead>
                <tbody>
                  {c.debts.map((d) => (
                    <tr key={d.debtId}>
                      <td>{day(d.dueDate)}</td>
                      <td className="num">{brl(d.amountCents)}</td>
                      <td className="num">{brl(d.openCents)}</td>
                      <td>{DEBT_STATUS_LABEL[d.status] ?? d.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>Histórico</h2>
          {c.history.length === 0 ? (
            <EmptyState>Sem histórico.</EmptyState>
          ) : (
            <ol data-testid="case-history">
              {[...c.history].reverse().map((h, i) => (
                <li key={`${h.at}-${i}`}>
                  <strong>{dateTime(h.at, session.timeZone)}</strong> · {HISTORY_KIND_LABEL[h.kind] ?? h.kind}
                  :{' '}
                  {h.kind === 'assigned'
                    ? (h.assignee ?? 'sem responsável')
                    : `${h.from ? `${CASE_STATE_LABEL[h.from] ?? h.from} → ` : ''}${CASE_STATE_LABEL[h.to] ?? h.to}`}{' '}
                  <span className="muted">por {h.by}</span>
                  {h.note ? <div className="muted">“{h.note}”</div> : null}
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </>
  );
}
