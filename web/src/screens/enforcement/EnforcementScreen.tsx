import { useState } from 'react';
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
import { count, dateTime, duration } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import type { EnforcementRun, Page, PauseState } from '../../lib/types';
import { EnforcementSettingsPanel } from './EnforcementSettingsPanel';
import { PHASE_LABEL, TRIGGER_LABEL } from './labels';

const LIMIT = 20;

export function EnforcementScreen() {
  const session = useSignedIn();
  const [offset, setOffset] = useState(0);
  const runs = useLoad(
    (s) => get<Page<EnforcementRun>>('/enforcement/runs', { limit: LIMIT, offset }, s),
    [offset],
    {
      pollMs: 3000,
    },
  );
  const state = useLoad((s) => get<PauseState>('/enforcement/state', {}, s), []);
  const [confirmPause, setConfirmPause] = useState(false);

  const simulate = useAction(async () => {
    const run = await post<{ id: string }>('/enforcement/runs', { dryRun: true });
    navigate(`/bloqueios/execucoes/${run.id}`);
  });
  const togglePause = useAction(async () => {
    await post(state.data?.paused ? '/enforcement/resume' : '/enforcement/pause');
    setConfirmPause(false);
    state.reload();
  });

  return (
    <>
      <h1>Bloqueios</h1>
      <p className="muted">
        Mantém cada linha VoIP do MagnusBilling de acordo com o contrato no IXC. Simule primeiro: a simulação
        mostra o plano sem escrever nada.
      </p>
      {state.data?.killSwitch ? (
        <Notice kind="warn">
          A chave geral (ENFORCEMENT_KILL_SWITCH) está ligada: nenhuma escrita no Magnus acontece.
        </Notice>
      ) : null}
      {state.data?.paused ? (
        <Notice kind="warn">
          Bloqueios pausados desde {dateTime(state.data.pausedAt, session.timeZone)}. Ações na fila são
          ignoradas até retomar.
        </Notice>
      ) : null}
      <div className="card row">
        <button type="button" onClick={() => void simulate.run()} disabled={simulate.busy}>
          Simular agora
        </button>
        {session.isAdmin && state.data ? (
          <button type="button" className="secondary" onClick={() => setConfirmPause(true)}>
            {state.data.paused ? 'Retomar bloqueios' : 'Pausar bloqueios'}
          </button>
        ) : null}
        <ErrorNotice error={simulate.error ?? state.error ?? togglePause.error} />
      </div>
      <h2>Execuções</h2>
      <ErrorNotice error={runs.error} />
      {!runs.data && runs.loading ? <Loading /> : null}
      {runs.data && runs.data.items.length === 0 ? (
        <EmptyState>Nenhuma execução ainda. Clique em “Simular agora” para ver o que mudaria.</EmptyState>
      ) : null}
      {runs.data && runs.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Início</th>
                <th scope="col">Tipo</th>
                <th scope="col">Situação</th>
                <th scope="col" className="num">
                  Linhas
                </th>
                <th scope="col" className="num">
                  Planejadas
                </th>
                <th scope="col" className="num">
                  Aplicadas
                </th>
                <th scope="col" className="num">
                  Falhas
                </th>
                <th scope="col">Duração</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link href={`/bloqueios/execucoes/${run.id}`}>
                      {dateTime(run.startedAt, session.timeZone)}
                    </Link>
                  </td>
                  <td>
                    {run.dryRun ? 'Simulação' : run.forced ? 'Real (forçada)' : 'Real'} ·{' '}
                    {TRIGGER_LABEL[run.trigger] ?? run.trigger}
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                    {run.status === 'running' ? (
                      <div className="muted">{PHASE_LABEL[run.phase] ?? run.phase}</div>
                    ) : null}
                  </td>
                  <td className="num">{count(run.accounts)}</td>
                  <td className="num">{count(run.planned)}</td>
                  <td className="num">{count(run.dryRun ? run.simulated : run.applied)}</td>
                  <td className="num">{count(run.failed)}</td>
                  <td>{duration(run.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={runs.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
      <EnforcementSettingsPanel />
      <ConfirmDialog
        open={confirmPause}
        title={state.data?.paused ? 'Retomar os bloqueios?' : 'Pausar os bloqueios?'}
        confirmLabel={state.data?.paused ? 'Retomar' : 'Pausar'}
        danger={!state.data?.paused}
        busy={togglePause.busy}
        onCancel={() => setConfirmPause(false)}
        onConfirm={() => void togglePause.run()}
      >
        <p>
          {state.data?.paused
            ? 'As próximas execuções voltam a escrever no Magnus.'
            : 'Nenhuma linha será alterada no Magnus até retomar; simulações continuam possíveis.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
