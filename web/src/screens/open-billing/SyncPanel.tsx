import { useState } from 'react';
import { ErrorNotice, StatusBadge } from '../../components/ui';
import { get, post } from '../../lib/api';
import { count, dateTime, duration } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import type { Page } from '../../lib/types';

interface SyncRun {
  id: string;
  mode: string;
  status: string;
  trigger: string;
  progress: Record<string, { read: number; inserted: number; updated: number; status?: string }>;
  error: string | null;
  startedAt: string;
  durationMs: number;
}

const RESOURCE_LABEL: Record<string, string> = {
  cliente: 'clientes',
  cliente_contrato: 'contratos',
  fn_areceber: 'faturas',
};

/** The mirror's freshness: the last IXC sync, its progress while it runs (polled), and "sync now" for admins. */
export function SyncPanel({ onFinished }: { onFinished: () => void }) {
  const session = useSignedIn();
  const [watching, setWatching] = useState(false);
  const runs = useLoad(
    async (signal) => {
      const page = await get<Page<SyncRun>>('/ixc/sync/runs', { limit: 1 }, signal);
      const running = page.items[0]?.status === 'running';
      if (watching && !running) onFinished();
      setWatching(running);
      return page;
    },
    [],
    { pollMs: watching ? 1500 : 30_000 },
  );
  const start = useAction(async () => {
    await post('/ixc/sync', { mode: 'incremental' });
    setWatching(true);
    runs.reload();
  });
  const last = runs.data?.items[0];
  return (
    <section className="card" aria-labelledby="sync-title" aria-live="polite">
      <div className="spread">
        <h2 id="sync-title" style={{ margin: 0 }}>
          Sincronização com o IXC
        </h2>
        {session.isAdmin ? (
          <button
            type="button"
            className="secondary"
            onClick={() => void start.run()}
            disabled={start.busy || last?.status === 'running'}
          >
            Sincronizar agora
          </button>
        ) : null}
      </div>
      {last ? (
        <p>
          <StatusBadge status={last.status} /> {last.mode === 'full' ? 'completa' : 'incremental'} · início{' '}
          {dateTime(last.startedAt, session.timeZone)} · {duration(last.durationMs)} ·{' '}
          {Object.entries(last.progress)
            .map(([resource, p]) => `${RESOURCE_LABEL[resource] ?? resource}: ${count(p.read)} lidos`)
            .join(' · ')}
        </p>
      ) : runs.data ? (
        <p className="muted">
          Nenhuma sincronização ainda: a primeira começa sozinha quando o IXC está configurado.
        </p>
      ) : null}
      {last?.error ? <p className="notice error">{last.error}</p> : null}
      <ErrorNotice error={start.error ?? runs.error} />
    </section>
  );
}
