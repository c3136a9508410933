import { useState } from 'react';
import { EmptyState, ErrorNotice, Loading, Notice, Pager } from '../../components/ui';
import { errorText, get, post } from '../../lib/api';
import { count, dateTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import type { DeadLetter, MessagingOverview, Page } from '../../lib/types';

const LIMIT = 20;

export function QueuesScreen() {
  const session = useSignedIn();
  const tz = session.timeZone;
  const [offset, setOffset] = useState(0);
  const [consumer, setConsumer] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [replaying, setReplaying] = useState(false);
  const [result, setResult] = useState<{ ok: number; errors: string[] } | undefined>();
  const overview = useLoad((s) => get<MessagingOverview>('/admin/messaging/overview', {}, s), [], {
    pollMs: 5000,
  });
  const letters = useLoad(
    (s) => get<Page<DeadLetter>>('/admin/dead-letters', { consumer, limit: LIMIT, offset }, s),
    [consumer, offset],
    { pollMs: 5000 },
  );

  const replay = async (ids: string[]) => {
    setReplaying(true);
    setResult(undefined);
    const errors: string[] = [];
    let ok = 0;
    for (const id of ids) {
      try {
        await post(`/admin/dead-letters/${id}/replay`);
        ok += 1;
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    setResult({ ok, errors });
    setSelected([]);
    setReplaying(false);
    letters.reload();
    overview.reload();
  };

  const waiting = (letters.data?.items ?? []).filter((l) => !l.replayedAt);
  const o = overview.data;
  return (
    <>
      <h1>Filas</h1>
      <ErrorNotice error={overview.error} />
      {!o && overview.loading ? <Loading /> : null}
      {o ? (
        <>
          <div className="grid">
            <div className="card stat">
              <div className="label">Transporte</div>
              <div className="value">{o.transport === 'rabbitmq' ? 'RabbitMQ' : 'Interno (Postgres)'}</div>
              <div className="hint">{o.source}</div>
            </div>
            <div className="card stat">
              <div className="label">Caixa de saída pendente</div>
              <div className="value" data-testid="outbox-pending">
                {count(o.outbox.pending)}
              </div>
              <div className="hint">
                {o.outbox.oldestPendingAt
                  ? `mais antigo: ${dateTime(o.outbox.oldestPendingAt, tz)}`
                  : 'nada esperando'}
                {o.outbox.failing ? ` · ${count(o.outbox.failing)} com erro de publicação` : ''}
              </div>
            </div>
            <div className="card stat">
              <div className="label">Mensagens mortas aguardando</div>
              <div className="value" data-testid="dead-letters-waiting">
                {count(o.deadLetters.waiting)}
              </div>
              <div className="hint">{count(o.deadLetters.replayed)} já reenviadas</div>
            </div>
          </div>
          <h2>Filas dos consumidores</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Fila</th>
                  <th scope="col" className="num">
                    Prontas
                  </th>
                  <th scope="col" className="num">
                    Aguardando nova tentativa
                  </th>
                  <th scope="col" className="num">
                    Consumidores
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.queues.map((q) => (
                  <tr key={q.name}>
                    <td>
                      <code>{q.name}</code>
                    </td>
                    <td className="num">{q.ready === null ? '—' : count(q.ready)}</td>
                    <td className="num">{q.delayed === null ? '—' : count(q.delayed)}</td>
                    <td className="num">{q.consumers === null ? '—' : count(q.consumers)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2>Mensagens mortas</h2>
      <p className="muted">
        Mensagens que um consumidor desistiu de processar depois de todas as tentativas. Corrija a causa e
        reenvie: a mensagem volta só para o consumidor que falhou, com o mesmo id.
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="dl-consumer">Consumidor</label>
          <select
            id="dl-consumer"
            value={consumer}
            onChange={(e) => (setConsumer(e.target.value), setOffset(0))}
          >
            <option value="">Todos</option>
            {(o?.queues ?? []).map((q) => (
              <option key={q.name} value={q.name}>
                {q.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          disabled={selected.length === 0 || replaying}
          onClick={() => void replay(selected)}
        >
          Reenviar selecionadas ({selected.length})
        </button>
      </div>
      {result ? (
        <Notice kind={result.errors.length ? 'warn' : 'ok'}>
          {result.ok} reenviada(s).{result.errors.length ? ` Falhas: ${result.errors.join('; ')}` : ''}
        </Notice>
      ) : null}
      <ErrorNotice error={letters.error} />
      {letters.data && letters.data.items.length === 0 ? (
        <EmptyState>Nenhuma mensagem morta. Tudo o que foi publicado foi processado.</EmptyState>
      ) : null}
      {letters.data && letters.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="dead-letters">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Selecionar todas as que aguardam"
                    checked={waiting.length > 0 && waiting.every((l) => selected.includes(l.id))}
                    onChange={(e) => setSelected(e.target.checked ? waiting.map((l) => l.id) : [])}
                  />
                </th>
                <th scope="col">Consumidor</th>
                <th scope="col">Evento</th>
                <th scope="col">Erro e conteúdo</th>
                <th scope="col">Quando</th>
                <th scope="col">Ação</th>
              </tr>
            </thead>
            <tbody>
              {letters.data.items.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.replayedAt ? null : (
                      <input
                        type="checkbox"
                        aria-label={`Selecionar a mensagem ${l.messageId}`}
                        checked={selected.includes(l.id)}
                        onChange={(e) =>
                          setSelected(
                            e.target.checked ? [...selected, l.id] : selected.filter((x) => x !== l.id),
                          )
                        }
                      />
                    )}
                  </td>
                  <td>
                    <code>{l.consumer}</code>
                  </td>
                  <td>
                    <code>{l.routingKey}</code>
                    <div className="muted">{l.attempts} tentativas</div>
                  </td>
                  <td style={{ minWidth: '14rem' }}>
                    <div className="notice error">{l.error}</div>
                    <details>
                      <summary>Conteúdo da mensagem</summary>
                      <pre className="payload">{JSON.stringify(l.payload, null, 2)}</pre>
                    </details>
                  </td>
                  <td>{dateTime(l.deadLetteredAt, tz)}</td>
                  <td>
                    {l.replayedAt ? (
                      <span className="badge ok">reenviada {dateTime(l.replayedAt, tz)}</span>
                    ) : (
                      <button type="button" disabled={replaying} onClick={() => void replay([l.id])}>
                        Reenviar
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={letters.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
