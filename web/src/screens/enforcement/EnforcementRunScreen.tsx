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
  STATUS_LABEL,
} from '../../components/ui';
import { get, post } from '../../lib/api';
import { count, dateTime, duration } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import type { EnforcementRunDetail } from '../../lib/types';
import { ACTION_LABEL, PHASE_LABEL, STATE_LABEL, TRIGGER_LABEL } from './labels';

const LIMIT = 50;
const OUTCOMES = ['pending', 'held', 'applied', 'already_applied', 'dry_run', 'skipped', 'failed', 'none'];

export function EnforcementRunScreen({ params }: ScreenProps) {
  const session = useSignedIn();
  const [offset, setOffset] = useState(0);
  const [outcome, setOutcome] = useState('');
  const [includeNoChange, setIncludeNoChange] = useState(false);
  const [confirm, setConfirm] = useState<'apply' | 'force' | undefined>();
  const [running, setRunning] = useState(true);
  const run = useLoad(
    async (signal) => {
      const detail = await get<EnforcementRunDetail>(
        `/enforcement/runs/${encodeURIComponent(params.id ?? '')}`,
        { limit: LIMIT, offset, outcome, includeNoChange },
        signal,
      );
      setRunning(detail.status === 'running' || detail.pending > 0);
      return detail;
    },
    [params.id, offset, outcome, includeNoChange],
    { pollMs: running ? 1500 : false },
  );

  const start = useAction(async (force: boolean) => {
    const usernames = Array.isArray(run.data?.scope.usernames)
      ? (run.data?.scope.usernames as string[])
      : undefined;
    const started = await post<{ id: string }>('/enforcement/runs', {
      dryRun: false,
      force,
      ...(usernames?.length ? { usernames } : {}),
    });
    setConfirm(undefined);
    navigate(`/bloqueios/execucoes/${started.id}`);
  });
  const simulateAgain = useAction(async () => {
    const started = await post<{ id: string }>('/enforcement/runs', { dryRun: true });
    navigate(`/bloqueios/execucoes/${started.id}`);
  });

  const data = run.data;
  if (!data) {
    return (
      <>
        <h1>Execução de bloqueios</h1>
        <ErrorNotice error={run.error} />
        {run.loading ? <Loading /> : null}
      </>
    );
  }
  const finished = data.status !== 'running';
  const canApply = session.isAdmin && finished && data.dryRun && data.planned > 0;
  const canForce = session.isAdmin && data.status === 'held';
  const progress = data.planned ? Math.round(((data.planned - data.pending) / data.planned) * 100) : 0;

  return (
    <>
      <p>
        <Link href="/bloqueios">← Bloqueios</Link>
      </p>
      <h1>
        {data.dryRun ? 'Simulação' : 'Execução'} de {dateTime(data.startedAt, session.timeZone)}
      </h1>
      <div className="card">
        <div className="row">
          <StatusBadge status={data.status} />
          <span>{TRIGGER_LABEL[data.trigger] ?? data.trigger}</span>
          {data.forced ? <span className="badge warn">forçada</span> : null}
          <span className="muted">
            {PHASE_LABEL[data.phase] ?? data.phase} · {duration(data.durationMs)}
          </span>
        </div>
        {!finished || data.pending > 0 ? (
          <div style={{ marginTop: '0.6rem' }} aria-live="polite">
            <div
              className="progress"
              role="progressbar"
              aria-label="Progresso"
              aria-valuenow={progress}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <span style={{ width: `${progress}%` }} />
            </div>
            <span className="muted">Em andamento — esta página se atualiza sozinha.</span>
          </div>
        ) : null}
        <p data-testid="run-figures">
          {count(data.accounts)} linhas avaliadas · {count(data.planned)} ações planejadas ·{' '}
          {data.dryRun ? `${count(data.simulated)} simuladas` : `${count(data.applied)} aplicadas`} ·{' '}
          {count(data.failed)} falhas · {count(data.skipped)} ignoradas
        </p>
        <p className="muted">
          {Object.entries(data.counts)
            .map(([action, n]) => `${ACTION_LABEL[action] ?? action}: ${count(n)}`)
            .join(' · ')}
        </p>
        {data.status === 'held' ? (
          <Notice kind="warn">
            O disjuntor de segurança reteve esta execução: {data.heldReason ?? 'ações demais de uma vez'}.
            Nada foi aplicado.
          </Notice>
        ) : null}
        {data.error ? <Notice kind="error">{data.error}</Notice> : null}
        <div className="row">
          {canApply ? (
            <button type="button" onClick={() => setConfirm('apply')}>
              Aplicar este plano
            </button>
          ) : null}
          {canForce ? (
            <button type="button" className="danger" onClick={() => setConfirm('force')}>
              Aplicar mesmo assim
            </button>
          ) : null}
          {finished ? (
            <button type="button" className="secondary" onClick={() => void simulateAgain.run()}>
              Simular de novo
            </button>
          ) : null}
          {!session.isAdmin && data.dryRun ? (
            <span className="muted">Só administradores aplicam um plano.</span>
          ) : null}
        </div>
        <ErrorNotice error={start.error ?? simulateAgain.error ?? run.error} />
      </div>

      <h2>Plano</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="plan-outcome">Resultado</label>
          <select
            id="plan-outcome"
            value={outcome}
            onChange={(e) => (setOutcome(e.target.value), setOffset(0))}
          >
            <option value="">Todos</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {STATUS_LABEL[o] ?? o}
              </option>
            ))}
          </select>
        </div>
        <label className="field inline">
          <input
            type="checkbox"
            checked={includeNoChange}
            onChange={(e) => (setIncludeNoChange(e.target.checked), setOffset(0))}
          />
          Mostrar linhas sem mudança
        </label>
      </div>
      {data.actions.items.length === 0 ? (
        <EmptyState>
          {finished
            ? 'Nenhuma ação com esses filtros: as linhas já estão de acordo com os contratos.'
            : 'Planejando…'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table data-testid="plan-table">
            <thead>
              <tr>
                <th scope="col">Usuário</th>
                <th scope="col">Contrato</th>
                <th scope="col">Ação</th>
                <th scope="col">De → para</th>
                <th scope="col">Motivo</th>
                <th scope="col">Resultado</th>
              </tr>
            </thead>
            <tbody>
              {data.actions.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.username}
                    <div className="muted">{a.company}</div>
                  </td>
                  <td>{a.contract ?? '—'}</td>
                  <td>{ACTION_LABEL[a.action] ?? a.action}</td>
                  <td>
                    {STATE_LABEL[a.from] ?? a.from} → {STATE_LABEL[a.to] ?? a.to}
                  </td>
                  <td>
                    {a.detail || a.reason}
                    {a.error ? <div className="notice error">{a.error}</div> : null}
                  </td>
                  <td>
                    <StatusBadge status={a.outcome} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={data.actions.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      )}
      <ConfirmDialog
        open={!!confirm}
        title={confirm === 'force' ? 'Aplicar apesar do disjuntor?' : 'Aplicar este plano no Magnus?'}
        confirmLabel={confirm === 'force' ? 'Aplicar mesmo assim' : 'Aplicar'}
        danger
        busy={start.busy}
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => void start.run(confirm === 'force')}
      >
        <p>
          Uma execução real decide de novo e escreve no MagnusBilling:{' '}
          {Object.entries(data.counts)
            .filter(([action, n]) => action !== 'no_change' && n > 0)
            .map(([action, n]) => `${ACTION_LABEL[action] ?? action}: ${count(n)}`)
            .join(', ') || 'nenhuma mudança planejada'}
          .
        </p>
        {confirm === 'force' ? (
          <p>
            <strong>O disjuntor existe para evitar bloqueios em massa por engano.</strong> Confira o plano
            acima antes.
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
