import { useEffect, useState } from 'react';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { get, put } from '../../lib/api';
import { day } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import { CHANNEL_LABEL, type Channel, type NotificationSettings } from '../../lib/types';

const WEEKDAYS = ['Domingo', 'Segunda', 'Terça', 'Quarta', 'Quinta', 'Sexta', 'Sábado'];
const CHANNELS: Channel[] = ['whatsapp', 'sms', 'email'];

const optionalNumber = (value: string): number | null => (value.trim() === '' ? null : Number(value));

export function SettingsTab() {
  const session = useSignedIn();
  const settings = useLoad((s) => get<NotificationSettings>('/notifications/settings', {}, s), []);
  const [draft, setDraft] = useState<NotificationSettings | undefined>();
  const [newHoliday, setNewHoliday] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setDraft(structuredClone(settings.data));
  }, [settings.data]);

  const save = useAction(async () => {
    if (!draft) return;
    setSaved(false);
    await put('/notifications/settings', {
      businessHours: draft.businessHours,
      extraClosedDays: draft.extraClosedDays,
      throttles: draft.throttles,
      companyName: draft.companyName?.trim() ? draft.companyName.trim() : null,
      enabled: draft.enabled,
    });
    setSaved(true);
    settings.reload();
  });

  if (!draft) return settings.error ? <ErrorNotice error={settings.error} /> : <Loading />;
  const readOnly = !session.isAdmin;
  const setDay = (i: number, value: { open: string; close: string } | null) =>
    setDraft({
      ...draft,
      businessHours: {
        ...draft.businessHours,
        week: draft.businessHours.week.map((w, j) => (j === i ? value : w)),
      },
    });

  return (
    <form
      className="card"
      aria-label="Horários e limites"
      onSubmit={(e) => (e.preventDefault(), void save.run())}
    >
      {readOnly ? <p className="muted">Só administradores alteram estas configurações.</p> : null}
      <fieldset disabled={readOnly}>
        <legend>Geral</legend>
        <div className="toolbar">
          <label className="field inline">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
            />
            Régua ligada (desligada, nenhuma mensagem sai)
          </label>
          <div className="field">
            <label htmlFor="st-company">Nome da empresa nas mensagens</label>
            <input
              id="st-company"
              value={draft.companyName ?? ''}
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, companyName: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="st-tz">Fuso horário</label>
            <input
              id="st-tz"
              value={draft.businessHours.timeZone}
              onChange={(e) =>
                setDraft({ ...draft, businessHours: { ...draft.businessHours, timeZone: e.target.value } })
              }
            />
          </div>
        </div>
      </fieldset>
      <fieldset disabled={readOnly}>
        <legend>Horário comercial</legend>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Dia</th>
                <th scope="col">Envia</th>
                <th scope="col">Abre</th>
                <th scope="col">Fecha</th>
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((label, i) => {
                const window = draft.businessHours.week[i] ?? null;
                return (
                  <tr key={label}>
                    <td>{label}</td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Envia no(a) ${label}`}
                        checked={!!window}
                        onChange={(e) =>
                          setDay(i, e.target.checked ? { open: '08:00', close: '18:00' } : null)
                        }
                      />
                    </td>
                    <td>
                      {window ? (
                        <input
                          type="time"
                          aria-label={`Abre no(a) ${label}`}
                          value={window.open}
                          onChange={(e) => setDay(i, { ...window, open: e.target.value })}
                        />
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {window ? (
                        <input
                          type="time"
                          aria-label={`Fecha no(a) ${label}`}
                          value={window.close}
                          onChange={(e) => setDay(i, { ...window, close: e.target.value })}
                        />
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <fieldset disabled={readOnly}>
        <legend>Feriados e dias sem envio</legend>
        <p className="muted">
          Os feriados nacionais já são respeitados. Acrescente os locais ou dias de folga.
        </p>
        <ul>
          {draft.extraClosedDays.length === 0 ? <li className="muted">Nenhum dia extra.</li> : null}
          {draft.extraClosedDays.map((d) => (
            <li key={d}>
              {day(d)}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remover ${day(d)}`}
                onClick={() =>
                  setDraft({ ...draft, extraClosedDays: draft.extraClosedDays.filter((x) => x !== d) })
                }
              >
                remover
              </button>
            </li>
          ))}
        </ul>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="st-holiday">Novo dia</label>
            <input
              id="st-holiday"
              type="date"
              value={newHoliday}
              onChange={(e) => setNewHoliday(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="secondary"
            disabled={!newHoliday}
            onClick={() => {
              if (!draft.extraClosedDays.includes(newHoliday))
                setDraft({ ...draft, extraClosedDays: [...draft.extraClosedDays, newHoliday].sort() });
              setNewHoliday('');
            }}
          >
            Acrescentar
          </button>
        </div>
      </fieldset>
      <fieldset disabled={readOnly}>
        <legend>Limites de envio por canal</legend>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Canal</th>
                <th scope="col">Por minuto</th>
                <th scope="col">Por dia</th>
              </tr>
            </thead>
            <tbody>
              {CHANNELS.map((c) => {
                const t = draft.throttles[c] ?? { perMinute: null, perDay: null };
                const setT = (patch: Partial<typeof t>) =>
                  setDraft({ ...draft, throttles: { ...draft.throttles, [c]: { ...t, ...patch } } });
                return (
                  <tr key={c}>
                    <td>{CHANNEL_LABEL[c]}</td>
                    <td>
                      <input
                        type="number"
                        min={1}
                        aria-label={`${CHANNEL_LABEL[c]}: mensagens por minuto`}
                        placeholder="sem limite"
                        value={t.perMinute ?? ''}
                        onChange={(e) => setT({ perMinute: optionalNumber(e.target.value) })}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={1}
                        aria-label={`${CHANNEL_LABEL[c]}: mensagens por dia`}
                        placeholder="sem limite"
                        value={t.perDay ?? ''}
                        onChange={(e) => setT({ perDay: optionalNumber(e.target.value) })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      {!readOnly ? (
        <div style={{ marginTop: '0.75rem' }}>
          <button type="submit" disabled={save.busy}>
            Salvar
          </button>
        </div>
      ) : null}
      <ErrorNotice error={save.error} />
      {saved ? <Notice kind="ok">Configurações salvas.</Notice> : null}
    </form>
  );
}
