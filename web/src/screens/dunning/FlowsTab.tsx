import { useEffect, useState } from 'react';
import { EmptyState, ErrorNotice, Loading, Notice } from '../../components/ui';
import { get, post, put } from '../../lib/api';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import {
  CHANNEL_LABEL,
  TYPE_LABEL,
  type Channel,
  type Flow,
  type FlowStep,
  type MessageType,
} from '../../lib/types';

const CHANNELS: Channel[] = ['whatsapp', 'sms', 'email'];

const newStep = (n: number): FlowStep => ({
  key: `D+${n}`,
  offsetDays: n,
  sendAt: '09:00',
  channels: ['whatsapp'],
  cooldownHours: 20,
  type: 'overdue',
  allDay: false,
});

export function FlowsTab() {
  const session = useSignedIn();
  const flows = useLoad((s) => get<{ items: Flow[] }>('/notifications/flows', {}, s), []);
  const [selected, setSelected] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [steps, setSteps] = useState<FlowStep[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const flow = flows.data?.items.find((f) => f.id === selected) ?? flows.data?.items[0];

  useEffect(() => {
    if (flow) {
      setSelected(flow.id);
      setName(flow.name);
      setSteps(flow.steps.map((s) => ({ ...s, channels: [...s.channels] })));
    }
  }, [flow?.id, flow?.version]);

  const save = useAction(async () => {
    if (!flow) return;
    const saved = await put<Flow>(`/notifications/flows/${flow.id}`, { name, steps });
    setMessage(
      saved.version !== flow.version
        ? `Salvo como versão ${saved.version}. Ciclos em andamento seguem a versão em que começaram.`
        : 'Salvo.',
    );
    flows.reload();
  });
  const create = useAction(async () => {
    const created = await post<Flow>('/notifications/flows', {
      name: `Novo fluxo ${new Date().toLocaleDateString('pt-BR')}`,
      steps: [newStep(3)],
    });
    setSelected(created.id);
    setMessage('Fluxo criado. Ajuste os passos e salve.');
    flows.reload();
  });

  const change = (index: number, patch: Partial<FlowStep>) =>
    setSteps(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));

  if (!flows.data) return flows.error ? <ErrorNotice error={flows.error} /> : <Loading />;
  if (!flow)
    return (
      <EmptyState>
        Nenhum fluxo. {session.isAdmin ? 'Crie um.' : 'Peça a um administrador que crie um.'}
      </EmptyState>
    );
  const readOnly = !session.isAdmin;

  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="flow-select">Fluxo</label>
          <select
            id="flow-select"
            value={flow.id}
            onChange={(e) => (setSelected(e.target.value), setMessage(undefined))}
          >
            {flows.data.items.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name} (v{f.version}){f.isDefault ? ' — padrão' : ''}
              </option>
            ))}
          </select>
        </div>
        {!readOnly ? (
          <button type="button" className="secondary" onClick={() => void create.run()}>
            Novo fluxo
          </button>
        ) : null}
      </div>
      <form
        className="card"
        aria-label="Editar fluxo"
        onSubmit={(e) => (e.preventDefault(), void save.run())}
      >
        <fieldset disabled={readOnly} style={{ border: 'none', padding: 0, margin: 0 }}>
          <div className="field" style={{ maxWidth: '24rem' }}>
            <label htmlFor="flow-name">Nome</label>
            <input id="flow-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </div>
          <p className="muted">
            Versão atual: {flow.version}. Mudar os passos cria uma nova versão; cada ciclo mantém a versão em
            que começou.
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Passo</th>
                  <th scope="col">Dias do vencimento</th>
                  <th scope="col">Hora</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Canais (em ordem de tentativa)</th>
                  <th scope="col">Intervalo mínimo (h)</th>
                  <th scope="col">Remover</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((step, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        aria-label={`Nome do passo ${i + 1}`}
                        value={step.key}
                        maxLength={32}
                        onChange={(e) => change(i, { key: e.target.value })}
                        style={{ width: '6rem' }}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Dias do vencimento do passo ${i + 1}`}
                        type="number"
                        min={-60}
                        max={365}
                        value={step.offsetDays}
                        onChange={(e) => change(i, { offsetDays: Number(e.target.value) })}
                        style={{ width: '5rem' }}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Hora do passo ${i + 1}`}
                        type="time"
                        value={step.sendAt}
                        onChange={(e) => change(i, { sendAt: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={`Tipo do passo ${i + 1}`}
                        value={step.type}
                        onChange={(e) => change(i, { type: e.target.value as MessageType })}
                      >
                        {Object.entries(TYPE_LABEL).map(([k, v]) => (
                          <option key={k} value={k}>
                            {v}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <div className="row">
                        {CHANNELS.map((c) => (
                          <label key={c} className="field inline">
                            <input
                              type="checkbox"
                              checked={step.channels.includes(c)}
                              onChange={(e) =>
                                change(i, {
                                  channels: e.target.checked
                                    ? [...step.channels, c]
                                    : step.channels.filter((x) => x !== c),
                                })
                              }
                            />
                            {CHANNEL_LABEL[c]}
                          </label>
                        ))}
                      </div>
                      <span className="muted">
                        {step.channels.map((c) => CHANNEL_LABEL[c]).join(' → ') || 'nenhum'}
                      </span>
                    </td>
                    <td>
                      <input
                        aria-label={`Intervalo mínimo do passo ${i + 1}`}
                        type="number"
                        min={0}
                        max={720}
                        value={step.cooldownHours}
                        onChange={(e) => change(i, { cooldownHours: Number(e.target.value) })}
                        style={{ width: '5rem' }}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Remover o passo ${step.key}`}
                        onClick={() => setSteps(steps.filter((_, j) => j !== i))}
                      >
                        Remover
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!readOnly ? (
            <div className="row" style={{ marginTop: '0.75rem' }}>
              <button
                type="button"
                className="secondary"
                onClick={() => setSteps([...steps, newStep((steps.at(-1)?.offsetDays ?? 0) + 7)])}
              >
                Adicionar passo
              </button>
              <button type="submit" disabled={save.busy}>
                Salvar (nova versão)
              </button>
            </div>
          ) : null}
        </fieldset>
        <ErrorNotice error={save.error ?? create.error} />
        {message ? <Notice kind="ok">{message}</Notice> : null}
      </form>
    </>
  );
}
