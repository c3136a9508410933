import { useState } from 'react';
import { EmptyState, ErrorNotice, Loading, Pager, StatCard } from '../../components/ui';
import { get } from '../../lib/api';
import { count, dateTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSignedIn } from '../../lib/session';
import type { Page } from '../../lib/types';

export interface CampaignLine {
  id: string;
  queue_id: string;
  external_id: string | null;
  billing_type: string;
  total_contacts: number;
  sent_contacts: number;
  failed_contacts: number;
  pending_contacts: number;
  created_at: string;
}

interface BillingStats {
  total_campaigns: number;
  total_contacts: number;
  sent_contacts: number;
  failed_contacts: number;
  pending_contacts: number;
  success_rate: number;
}

export const BILLING_TYPE_LABEL: Record<string, string> = {
  overdue: 'vencidas',
  upcoming: 'a vencer',
  notification: 'aviso',
};

const LIMIT = 20;
const PERCENT = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 });

export function CampaignsScreen() {
  const session = useSignedIn();
  const [offset, setOffset] = useState(0);
  const stats = useLoad((s) => get<BillingStats>('/billing/stats', {}, s), []);
  const campaigns = useLoad(
    (s) => get<Page<CampaignLine>>('/billing/campaigns', { limit: LIMIT, offset }, s),
    [offset],
    { pollMs: 5000 },
  );

  return (
    <>
      <h1>Campanhas</h1>
      <p className="muted">
        Envios pedidos pela API de cobrança (vencidas, a vencer, avisos): cada campanha é uma fila de
        contatos.
      </p>
      <ErrorNotice error={stats.error} />
      {stats.data ? (
        <div className="grid">
          <StatCard label="Campanhas" value={count(stats.data.total_campaigns)} testId="billing-campaigns" />
          <StatCard label="Contatos enviados" value={count(stats.data.sent_contacts)} testId="billing-sent" />
          <StatCard label="Falhas" value={count(stats.data.failed_contacts)} testId="billing-failed" />
          <StatCard label="Taxa de sucesso" value={`${PERCENT.format(stats.data.success_rate)}%`} />
        </div>
      ) : null}
      <h2>Campanhas</h2>
      <ErrorNotice error={campaigns.error} />
      {!campaigns.data && campaigns.loading ? <Loading /> : null}
      {campaigns.data && campaigns.data.items.length === 0 ? (
        <EmptyState>
          Nenhuma campanha ainda. Elas aparecem aqui quando um sistema chama a API de cobrança (POST
          /api/v1/billing/send/…) com uma chave de escopo billing:send.
        </EmptyState>
      ) : null}
      {campaigns.data && campaigns.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">Criada em</th>
                <th scope="col">Tipo</th>
                <th scope="col">Referência</th>
                <th scope="col" className="num">
                  Contatos
                </th>
                <th scope="col" className="num">
                  Enviados
                </th>
                <th scope="col" className="num">
                  Falhas
                </th>
                <th scope="col" className="num">
                  Pendentes
                </th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/campanhas/${c.id}`}>{dateTime(c.created_at, session.timeZone)}</Link>
                  </td>
                  <td>{BILLING_TYPE_LABEL[c.billing_type] ?? c.billing_type}</td>
                  <td>{c.external_id ?? '—'}</td>
                  <td className="num">{count(c.total_contacts)}</td>
                  <td className="num">{count(c.sent_contacts)}</td>
                  <td className="num">{count(c.failed_contacts)}</td>
                  <td className="num">{count(c.pending_contacts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={campaigns.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
