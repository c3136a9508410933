import { useEffect, useState } from 'react';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { get, put } from '../../lib/api';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';

interface Settings {
  blockValue: number;
  inactiveWhenBlocked: 'keep' | 'block';
  allowList: string[];
  breaker: { maxShare: number; maxCount: number; windowMinutes?: number };
  reportNoChange: boolean;
}

export function EnforcementSettingsPanel() {
  const session = useSignedIn();
  const settings = useLoad((s) => get<Settings>('/enforcement/settings', {}, s), []);
  const [draft, setDraft] = useState<Settings | undefined>();
  const [allowList, setAllowList] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) {
      setDraft(settings.data);
      setAllowList(settings.data.allowList.join('\n'));
    }
  }, [settings.data]);

  const save = useAction(async () => {
    if (!draft) return;
    setSaved(false);
    await put('/enforcement/settings', {
      blockValue: draft.blockValue,
      inactiveWhenBlocked: draft.inactiveWhenBlocked,
      reportNoChange: draft.reportNoChange,
      breaker: draft.breaker,
      allowList: allowList
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
    setSaved(true);
    settings.reload();
  });

  if (!draft) return settings.error ? <ErrorNotice error={settings.error} /> : <Loading />;
  const readOnly = !session.isAdmin;
  return (
    <form
      className="card"
      aria-label="Configurações de bloqueio"
      onSubmit={(e) => (e.preventDefault(), void save.run())}
    >
      <h2>Configurações</h2>
      {readOnly ? <p className="muted">Só administradores alteram as configurações.</p> : null}
      <fieldset disabled={readOnly}>
        <legend>Regras</legend>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="es-block">Valor escrito ao bloquear</label>
            <select
              id="es-block"
              value={draft.blockValue}
              onChange={(e) => setDraft({ ...draft, blockValue: Number(e.target.value) })}
            >
              {[2, 3, 4].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="es-inactive">Linha desativada com contrato bloqueado</label>
            <select
              id="es-inactive"
              value={draft.inactiveWhenBlocked}
              onChange={(e) =>
                setDraft({ ...draft, inactiveWhenBlocked: e.target.value as 'keep' | 'block' })
              }
            >
              <option value="keep">manter desativada</option>
              <option value="block">bloquear</option>
            </select>
          </div>
          <label className="field inline">
            <input
              type="checkbox"
              checked={draft.reportNoChange}
              onChange={(e) => setDraft({ ...draft, reportNoChange: e.target.checked })}
            />
            Relatar no Discord também as linhas sem mudança
          </label>
        </div>
      </fieldset>
      <fieldset disabled={readOnly}>
        <legend>Disjuntor de segurança</legend>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="es-count">Máximo de bloqueios por execução</label>
            <input
              id="es-count"
              type="number"
              min={0}
              value={draft.breaker.maxCount}
              onChange={(e) =>
                setDraft({ ...draft, breaker: { ...draft.breaker, maxCount: Number(e.target.value) } })
              }
            />
          </div>
          <div className="field">
            <label htmlFor="es-share">Máximo de linhas bloqueadas na janela (%)</label>
            <input
              id="es-share"
              type="number"
              min={0.1}
              max={100}
              step={0.1}
              value={Math.round(draft.breaker.maxShare * 1000) / 10}
              onChange={(e) =>
                setDraft({ ...draft, breaker: { ...draft.breaker, maxShare: Number(e.target.value) / 100 } })
              }
            />
          </div>
          <div className="field">
            <label htmlFor="es-window">Janela (minutos)</label>
            <input
              id="es-window"
              type="number"
              min={1}
              max={10080}
              value={draft.breaker.windowMinutes ?? 60}
              onChange={(e) =>
                setDraft({ ...draft, breaker: { ...draft.breaker, windowMinutes: Number(e.target.value) } })
              }
            />
          </div>
        </div>
      </fieldset>
      <fieldset disabled={readOnly}>
        <legend>Usuários que nunca são alterados</legend>
        <div className="field">
          <label htmlFor="es-allow">Um usuário do Magnus por linha</label>
          <textarea
            id="es-allow"
            value={allowList}
            onChange={(e) => setAllowList(e.target.value)}
            style={{ minHeight: '5rem' }}
          />
        </div>
      </fieldset>
      {!readOnly ? (
        <div style={{ marginTop: '0.75rem' }}>
          <button type="submit" disabled={save.busy}>
            Salvar configurações
          </button>
        </div>
      ) : null}
      <ErrorNotice error={save.error} />
      {saved ? <Notice kind="ok">Configurações salvas.</Notice> : null}
    </form>
  );
}
