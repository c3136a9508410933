import { useState } from 'react';
import { EmptyState, ErrorNotice, Field, Loading, Pager } from '../../components/ui';
import { get } from '../../lib/api';
import { brl, count, dateTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import type { Page } from '../../lib/types';

interface Payment {
  id: string;
  provider: string;
  providerPaymentId: string;
  amountCents: number;
  paidAt: string | null;
  method: string | null;
  externalReference: string | null;
  erpReference: string | null;
  matched: boolean;
  matchedBy: string | null;
  receivableId: string | null;
  customerId: string | null;
  contractId: string | null;
  receivedAt: string;
  restoredAt: string | null;
}

const PROVIDER_LABEL: Record<string, string> = {
  regua: 'Régua',
  mercadopago: 'Mercado Pago',
  asaas: 'Asaas',
};
const METHOD_LABEL: Record<string, string> = {
  pix: 'PIX',
  boleto: 'Boleto',
  card: 'Cartão',
  cash: 'Dinheiro',
  other: 'Outro',
};
const MATCHED_BY_LABEL: Record<string, string> = {
  receivableId: 'pelo título',
  boletoNumber: 'pelo nosso número',
  pixTxid: 'pelo txid do PIX',
};
const LIMIT = 20;

export function PaymentsScreen() {
  const session = useSignedIn();
  const [matched, setMatched] = useState('');
  const [offset, setOffset] = useState(0);
  const payments = useLoad(
    (s) => get<Page<Payment>>('/payments', { matched, limit: LIMIT, offset }, s),
    [matched, offset],
    { pollMs: 5000 },
  );

  return (
    <>
      <h1>Pagamentos</h1>
      <p className="muted">
        Pagamentos avisados pelos provedores (webhooks). Os não conciliados não acharam o título no IXC e
        pedem conferência.
      </p>
      <div className="card row" role="search">
        <Field label="Conciliação">
          {(id) => (
            <select
              id={id}
              value={matched}
              onChange={(e) => {
                setMatched(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">Todos</option>
              <option value="false">Não conciliados</option>
              <option value="true">Conciliados</option>
            </select>
          )}
        </Field>
      </div>
      <ErrorNotice error={payments.error} />
      {!payments.data && payments.loading ? <Loading /> : null}
      {payments.data && payments.data.items.length === 0 ? (
        <EmptyState>
          {matched === 'false'
            ? 'Nenhum pagamento sem conciliação: todos acharam seu título.'
            : 'Nenhum pagamento recebido ainda. Eles chegam pelos webhooks dos provedores.'}
        </EmptyState>
      ) : null}
      {payments.data && payments.data.items.length > 0 ? (
        <div className="table-wrap">
          <p className="muted">
            <span data-testid="payments-total">{count(payments.data.total)}</span> pagamentos
          </p>
          <table data-testid="payments-table">
            <thead>
              <tr>
                <th scope="col">Recebido em</th>
                <th scope="col">Provedor</th>
                <th scope="col">Forma</th>
                <th scope="col" className="num">
                  Valor
                </th>
                <th scope="col">Conciliação</th>
              </tr>
            </thead>
            <tbody>
              {payments.data.items.map((p) => (
                <tr key={p.id}>
                  <td>{dateTime(p.receivedAt, session.timeZone)}</td>
                  <td>
                    {PROVIDER_LABEL[p.provider] ?? p.provider}
                    <div className="muted">{p.providerPaymentId}</div>
                  </td>
                  <td>{p.method ? (METHOD_LABEL[p.method] ?? p.method) : '—'}</td>
                  <td className="num">{brl(p.amountCents)}</td>
                  <td>
                    {p.matched ? (
                      <span className="badge ok">
                        conciliado {p.matchedBy ? (MATCHED_BY_LABEL[p.matchedBy] ?? p.matchedBy) : ''}
                      </span>
                    ) : (
                      <span className="badge bad">não conciliado</span>
                    )}
                    {p.restoredAt ? (
                      <div className="muted">linha religada {dateTime(p.restoredAt, session.timeZone)}</div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={payments.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
