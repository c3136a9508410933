import { useState } from 'react';
import { EmptyState, ErrorNotice, Field, Loading, Pager } from '../../components/ui';
import type { ScreenProps } from '../../app/screens';
import { get } from '../../lib/api';
import { count, dateTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSignedIn } from '../../lib/session';

interface Contact {
  contact_id: string;
  phone: string;
  name: string;
  status: string;
  sent_at: string | null;
  error_message: string;
  message_id: string | null;
  channel: string;
  attempts: number;
  next_attempt_at: string | null;
}

interface ContactsPage {
  campaign_id: string;
  total: number;
  page: number;
  page_size: number;
  contacts: Contact[];
}

const CONTACT_STATUSES = ['pending', 'sending', 'sent', 'failed', 'pending_retry', 'skipped', 'cancelled'];
const CONTACT_STATUS_LABEL: Record<string, string> = {
  pending: 'pendente',
  sending: 'enviando',
  sent: 'enviado',
  failed: 'falhou',
  pending_retry: 'aguardando nova tentativa',
  skipped: 'ignorado',
  cancelled: 'cancelado',
};
const CONTACT_STATUS_TONE: Record<string, string> = {
  pending: 'warn',
  sending: 'warn',
  pending_retry: 'warn',
  sent: 'ok',
  failed: 'bad',
};
const PAGE_SIZE = 50;

export function CampaignScreen({ params }: ScreenProps) {
  const session = useSignedIn();
  const id = params.id ?? '';
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const contacts = useLoad(
    (s) => get<ContactsPage>(`/billing/campaign/${id}/contacts`, { status, page, page_size: PAGE_SIZE }, s),
    [id, status, page],
    { pollMs: 5000 },
  );

  return (
    <>
      <p>
        <Link href="/campanhas">← Campanhas</Link>
      </p>
      <h1>Campanha</h1>
      <p className="muted">Os contatos da campanha na ordem do pedido, com a situação de cada envio.</p>
      <div className="card row" role="search">
        <Field label="Situação do contato">
          {(fid) => (
            <select
              id={fid}
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">Todas</option>
              {CONTACT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {CONTACT_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ErrorNotice error={contacts.error} />
      {!contacts.data && contacts.loading ? <Loading /> : null}
      {contacts.data && contacts.data.contacts.length === 0 ? (
        <EmptyState>
          {status ? 'Nenhum contato nessa situação. Escolha “Todas”.' : 'Esta campanha não tem contatos.'}
        </EmptyState>
      ) : null}
      {contacts.data && contacts.data.contacts.length > 0 ? (
        <div className="table-wrap">
          <p className="muted">
            <span data-testid="campaign-contacts-total">{count(contacts.data.total)}</span> contatos
          </p>
          <table data-testid="campaign-contacts">
            <thead>
              <tr>
                <th scope="col">Contato</th>
                <th scope="col">Canal</th>
                <th scope="col">Situação</th>
                <th scope="col">Enviado em</th>
                <th scope="col" className="num">
                  Tentativas
                </th>
              </tr>
            </thead>
            <tbody>
              {contacts.data.contacts.map((c) => (
                <tr key={c.contact_id}>
                  <td>
                    {c.name}
                    <div className="muted">{c.phone}</div>
                  </td>
                  <td>{c.channel}</td>
                  <td>
                    <span className={`badge ${CONTACT_STATUS_TONE[c.status] ?? ''}`}>
                      {CONTACT_STATUS_LABEL[c.status] ?? c.status}
                    </span>
                    {c.error_message ? <div className="muted">{c.error_message}</div> : null}
                  </td>
                  <td>{dateTime(c.sent_at, session.timeZone)}</td>
                  <td className="num">{count(c.attempts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={contacts.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
