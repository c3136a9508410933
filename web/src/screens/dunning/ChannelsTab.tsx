import { ErrorNotice, Loading } from '../../components/ui';
import { get, post } from '../../lib/api';
import { count, dateTime } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import { CHANNEL_LABEL, type ChannelState } from '../../lib/types';

export function ChannelsTab() {
  const session = useSignedIn();
  const channels = useLoad((s) => get<{ items: ChannelState[] }>('/notifications/channels', {}, s), [], {
    pollMs: 5000,
  });
  const resume = useAction(async () => {
    await post('/notifications/channels/whatsapp/resume');
    channels.reload();
  });
  if (!channels.data) return channels.error ? <ErrorNotice error={channels.error} /> : <Loading />;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Canal</th>
            <th scope="col">Situação</th>
            <th scope="col">Motivo</th>
            <th scope="col">Desde</th>
            <th scope="col" className="num">
              Mensagens retidas
            </th>
            <th scope="col">Ação</th>
          </tr>
        </thead>
        <tbody>
          {channels.data.items.map((c) => (
            <tr key={c.channel}>
              <td>{CHANNEL_LABEL[c.channel] ?? c.channel}</td>
              <td>
                {c.paused ? (
                  <span className="badge bad">pausado</span>
                ) : (
                  <span className="badge ok">enviando</span>
                )}
              </td>
              <td>{c.reason ?? '—'}</td>
              <td>{dateTime(c.since, session.timeZone)}</td>
              <td className="num">{count(c.held)}</td>
              <td>
                {c.paused && c.channel === 'whatsapp' && session.isAdmin ? (
                  <button type="button" onClick={() => void resume.run()} disabled={resume.busy}>
                    Retomar WhatsApp
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={resume.error ?? channels.error} />
      <p className="muted">O WhatsApp pausa sozinho quando a instância cai e volta quando ela reconecta.</p>
    </div>
  );
}
