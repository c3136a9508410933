import { useState, type FormEvent } from 'react';
import { EmptyState, ErrorNotice, Field, Loading, Notice, Pager, StatusBadge } from '../../components/ui';
import { ApiError, get, post } from '../../lib/api';
import { count, dateTime, day, duration } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import type { Page } from '../../lib/types';

interface Clinic {
  id: string;
  externalId: string;
  name: string;
  corporateName: string | null;
  cnpj: string | null;
  timeZone: string;
  coverage: 'covered' | 'paused' | 'ended';
  lastSyncedAt: string | null;
  createdAt: string;
}

interface Counts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}

interface SyncRun {
  id: string;
  clinicId: string;
  kind: string;
  trigger: string;
  status: string;
  windowFrom: string;
  windowTo: string;
  counts: { patients: Counts; contracts: Counts; installments: Counts; events: number; pages: number };
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number;
}

interface Match {
  externalId: string;
  name: string;
}

const COVERAGE_LABEL: Record<string, string> = { covered: 'coberta', paused: 'pausada', ended: 'encerrada' };
const COVERAGE_TONE: Record<string, string> = { covered: 'ok', paused: 'warn', ended: 'bad' };
const KIND_LABEL: Record<string, string> = { initial: 'inicial', periodic: 'periódica' };
const TRIGGER_LABEL: Record<string, string> = { coverage: 'cadastro', api: 'manual', schedule: 'agendada' };
const LIMIT = 20;

export function ClinicsScreen() {
  const session = useSignedIn();
  const [offset, setOffset] = useState(0);
  const [name, setName] = useState('');
  const [matches, setMatches] = useState<Match[]>([]);
  const [registered, setRegistered] = useState<string | undefined>(undefined);
  const clinics = useLoad((s) => get<{ items: Clinic[] }>('/debtors/clinics', {}, s), []);
  const runs = useLoad(
    (s) => get<Page<SyncRun>>('/debtors/sync/runs', { limit: LIMIT, offset }, s),
    [offset],
    { pollMs: 3000 },
  );
  const running = (runs.data?.items ?? []).some((r) => r.status === 'running');
  const names = new Map((clinics.data?.items ?? []).map((c) => [c.id, c.name]));

  const register = useAction(async (by: { name: string } | { externalId: string }) => {
    setMatches([]);
    setRegistered(undefined);
    try {
      const result = await post<{ clinic: Clinic; created: boolean }>('/debtors/clinics', by);
      setRegistered(
        result.created
          ? `Clínica “${result.clinic.name}” cadastrada; a primeira sincronização começou.`
          : `A clínica “${result.clinic.name}” já estava cadastrada.`,
      );
      setName('');
      clinics.reload();
      runs.reload();
    } catch (error) {
      const found = error instanceof ApiError ? (error.problem as { matches?: Match[] }).matches : undefined;
      if (error instanceof ApiError && error.status === 409 && found?.length) {
        setMatches(found);
        return;
      }
      if (error instanceof ApiError && error.status === 404)
        throw new Error('Nenhuma clínica com esse nome.');
      throw error;
    }
  });
  const change = useAction(async (clinic: Clinic, action: 'pause' | 'resume') => {
    await post(`/debtors/clinics/${clinic.id}/${action}`);
    clinics.reload();
  });
  const sync = useAction(async (clinicId?: string) => {
    await post('/debtors/sync', clinicId ? { clinicId } : {});
    runs.reload();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length >= 2) void register.run({ name: name.trim() });
  };

  return (
    <>
      <h1>Clínicas</h1>
      <p className="muted">
        Clínicas cobertas pela cobrança: os devedores de cada uma vêm da API de clínicas e são sincronizados
        periodicamente.
      </p>
      {session.isAdmin ? (
        <form className="card" onSubmit={submit} aria-label="Cadastrar clínica">
          <h2>Cadastrar clínica</h2>
          <div className="row">
            <Field label="Nome da clínica" hint="Como a API de clínicas a conhece; acentos são ignorados.">
              {(id) => (
                <input
                  id={id}
                  value={name}
                  minLength={2}
                  maxLength={120}
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" disabled={register.busy || name.trim().length < 2}>
              Cadastrar
            </button>
          </div>
          <ErrorNotice error={register.error} />
          {registered ? <Notice kind="ok">{registered}</Notice> : null}
          {matches.length > 0 ? (
            <div data-testid="clinic-matches">
              <Notice kind="warn">Várias clínicas têm esse nome. Escolha qual cadastrar:</Notice>
              <ul>
                {matches.map((m) => (
                  <li key={m.externalId}>
                    <button
                      type="button"
                      className="secondary"
                      disabled={register.busy}
                      onClick={() => void register.run({ externalId: m.externalId })}
                    >
                      {m.name} (código {m.externalId})
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </form>
      ) : null}
      <div className="card row">
        <button type="button" onClick={() => void sync.run()} disabled={sync.busy || running}>
          Sincronizar todas agora
        </button>
        {running ? <span role="status">Sincronização em andamento…</span> : null}
        <ErrorNotice error={sync.error ?? change.error} />
      </div>
      <h2>Clínicas cobertas</h2>
      <ErrorNotice error={clinics.error} />
      {!clinics.data && clinics.loading ? <Loading /> : null}
      {clinics.data && clinics.data.items.length === 0 ? (
        <EmptyState>Nenhuma clínica coberta ainda. Cadastre uma pelo nome acima.</EmptyState>
      ) : null}
      {clinics.data && clinics.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="clinics-table">
            <thead>
              <tr>
                <th scope="col">Clínica</th>
                <th scope="col">Cobertura</th>
                <th scope="col">Última sincronização</th>
                <th scope="col">Ações</th>
              </tr>
            </thead>
            <tbody>
              {clinics.data.items.map((clinic) => (
                <tr key={clinic.id}>
                  <td>
                    <strong>{clinic.name}</strong>
                    <div className="muted">
                      código {clinic.externalId}
                      {clinic.cnpj ? ` · CNPJ ${clinic.cnpj}` : ''}
                    </div>
                  </td>
                  <td>
                    <span className={`badge ${COVERAGE_TONE[clinic.coverage] ?? ''}`}>
                      {COVERAGE_LABEL[clinic.coverage] ?? clinic.coverage}
                    </span>
                  </td>
                  <td>{dateTime(clinic.lastSyncedAt, session.timeZone)}</td>
                  <td className="row">
                    {clinic.coverage === 'covered' ? (
                      <button
                        type="button"
                        className="secondary"
                        disabled={sync.busy}
                        aria-label={`Sincronizar ${clinic.name} agora`}
                        onClick={() => void sync.run(clinic.id)}
                      >
                        Sincronizar
                      </button>
                    ) : null}
                    {session.isAdmin && clinic.coverage !== 'ended' ? (
                      <button
                        type="button"
                        className="secondary"
                        disabled={change.busy}
                        aria-label={`${clinic.coverage === 'paused' ? 'Retomar' : 'Pausar'} ${clinic.name}`}
                        onClick={() =>
                          void change.run(clinic, clinic.coverage === 'paused' ? 'resume' : 'pause')
                        }
                      >
                        {clinic.coverage === 'paused' ? 'Retomar' : 'Pausar'}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>Sincronizações</h2>
      <ErrorNotice error={runs.error} />
      {!runs.data && runs.loading ? <Loading /> : null}
      {runs.data && runs.data.items.length === 0 ? (
        <EmptyState>Nenhuma sincronização ainda. Cadastre uma clínica ou clique em “Sincronizar”.</EmptyState>
      ) : null}
      {runs.data && runs.data.items.length > 0 ? (
        <div className="table-wrap">
          <p className="muted">
            <span data-testid="sync-runs-total">{count(runs.data.total)}</span> sincronizações
          </p>
          <table data-testid="sync-runs">
            <thead>
              <tr>
                <th scope="col">Início</th>
                <th scope="col">Clínica</th>
                <th scope="col">Tipo</th>
                <th scope="col">Situação</th>
                <th scope="col">Janela</th>
                <th scope="col" className="num">
                  Parcelas lidas
                </th>
                <th scope="col" className="num">
                  Eventos
                </th>
                <th scope="col">Duração</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id}>
                  <td>{dateTime(run.startedAt, session.timeZone)}</td>
                  <td>{names.get(run.clinicId) ?? '—'}</td>
                  <td>
                    {KIND_LABEL[run.kind] ?? run.kind} · {TRIGGER_LABEL[run.trigger] ?? run.trigger}
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                    {run.error ? <div className="muted">{run.error}</div> : null}
                    {run.status === 'running' ? (
                      <div className="muted">{count(run.counts.pages)} páginas lidas</div>
                    ) : null}
                  </td>
                  <td>
                    {day(run.windowFrom)} a {day(run.windowTo)}
                  </td>
                  <td className="num">{count(run.counts.installments.read)}</td>
                  <td className="num">{count(run.counts.events)}</td>
                  <td>{run.status === 'running' ? '—' : duration(run.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={runs.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
