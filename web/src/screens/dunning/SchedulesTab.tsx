import { useState } from 'react';
import { EmptyState, ErrorNotice, Loading, Pager, StatusBadge, STATUS_LABEL } from '../../components/ui';
import { get } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import { CHANNEL_LABEL, type Page, type Schedule } from '../../lib/types';

const LIMIT = 25;
const STATUSES = [
  'planned',
  'queued',
  'sending',
  'sent',
  'failed',
  'cancelled',
  'deferred',
  'skipped',
  'unknown',
];

export function SchedulesTab() {
  const session = useSignedIn();
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [offset, setOffset] = useState(0);
  const schedules = useLoad(
    (s) => get<Page<Schedule>>('/notifications/schedules', { status, channel, limit: LIMIT, offset }, s),
    [status, channel, offset],
    { pollMs: 10_000 },
  );
  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="sch-status">Situação</label>
          <select id="sch-status" value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))}>
            <option value="">Todas</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sch-channel">Canal</label>
          <select
            id="sch-channel"
            value={channel}
            onChange={(e) => (setChannel(e.target.value), setOffset(0))}
          >
            <option value="">Todos</option>
            {Object.entries(CHANNEL_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={schedules.error} />
      {!schedules.data && schedules.loading ? <Loading /> : null}
      {schedules.data && schedules.data.items.length === 0 ? (
        <EmptyState>
          Nenhum agendamento com esses filtros. Agendamentos surgem quando o IXC informa faturas a vencer ou
          vencidas.
        </EmptyState>
      ) : null}
      {schedules.data && schedules.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Devedor</th>
                <th scope="col">Passo</th>
                <th scope="col">Canal</th>
                <th scope="col">Quando</th>
                <th scope="col">Situação</th>
              </tr>
            </thead>
            <tbody>
              {schedules.data.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/devedores/${encodeURIComponent(s.debtorId)}`}>{s.debtorId}</Link>
                  </td>
                  <td>
                    {s.stepKey} <span className="muted">v{s.flowVersion}</span>
                  </td>
                  <td>{CHANNEL_LABEL[s.channel] ?? s.channel}</td>
                  <td>{dateTime(s.sentAt ?? s.dueAt, session.timeZone)}</td>
                  <td>
                    <StatusBadge status={s.status} />
                    {s.statusReason ? <div className="muted">{s.statusReason}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={schedules.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
