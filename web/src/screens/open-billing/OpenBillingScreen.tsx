import { useEffect, useState } from 'react';
import { EmptyState, ErrorNotice, Loading, Pager } from '../../components/ui';
import { errorText, get } from '../../lib/api';
import { brl, count, day } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { Link, navigate, useLocation } from '../../lib/router';
import type { OpenBillingItem, OpenBillingPage } from '../../lib/types';
import { download, toCsv } from './csv';
import { SyncPanel } from './SyncPanel';

const LIMIT = 25;
const EXPORT_MAX = 10_000;
type Sort = 'dueDate' | 'daysOverdue' | 'openAmount' | 'customer';

const CONTRACT_STATUS: Record<string, string> = {
  A: 'Ativo',
  I: 'Inativo',
  P: 'Pré-contrato',
  N: 'Negativado',
  D: 'Desistiu',
};
const INTERNET_STATUS: Record<string, string> = {
  A: 'Ativo',
  D: 'Desativado',
  CM: 'Bloqueio manual',
  CA: 'Bloqueio automático',
  FA: 'Financeiro em atraso',
  AA: 'Aguardando assinatura',
};

const FILTER_KEYS = [
  'q',
  'minDaysOverdue',
  'contractStatus',
  'internetStatus',
  'branchId',
  'sort',
  'order',
  'offset',
];

export function OpenBillingScreen() {
  const { search } = useLocation();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? '']));
  const [q, setQ] = useState(filters.q ?? '');
  const offset = Number(filters.offset) || 0;
  const sort = (filters.sort || 'dueDate') as Sort;
  const order = filters.order === 'desc' ? 'desc' : 'asc';
  const [exporting, setExporting] = useState<string | undefined>();
  const [exportError, setExportError] = useState<string | undefined>();

  const query = {
    q: filters.q,
    minDaysOverdue: filters.minDaysOverdue,
    contractStatus: filters.contractStatus,
    internetStatus: filters.internetStatus,
    branchId: filters.branchId,
    sort,
    order,
  };
  const page = useLoad(
    (signal) => get<OpenBillingPage>('/billing/open', { ...query, limit: LIMIT, offset }, signal),
    [query, offset],
  );

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries({ offset: undefined, ...changes })) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    const text = next.toString();
    navigate(`/em-aberto${text ? `?${text}` : ''}`, { replace: true });
  };

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (q === (filters.q ?? '')) return;
    const timer = window.setTimeout(() => update({ q: q.trim() }), 350);
    return () => window.clearTimeout(timer);
  }, [q]);

  const sortBy = (key: Sort) =>
    update({ sort: key, order: sort === key && order === 'asc' ? 'desc' : 'asc' });
  const sortState = (key: Sort) => (sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none');
  const arrow = (key: Sort) => (sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : '');

  const exportCsv = async () => {
    setExportError(undefined);
    const items: OpenBillingItem[] = [];
    try {
      for (let at = 0; at < EXPORT_MAX; at += 100) {
        setExporting(`Exportando… ${items.length} linhas`);
        const chunk = await get<OpenBillingPage>('/billing/open', { ...query, limit: 100, offset: at });
        items.push(...chunk.items);
        if (items.length >= chunk.total || chunk.items.length === 0) break;
      }
      download(`em-aberto-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(items));
    } catch (err) {
      setExportError(errorText(err));
    } finally {
      setExporting(undefined);
    }
  };

  const data = page.data;
  return (
    <>
      <h1>Em aberto</h1>
      {data ? (
        <p className="muted" data-testid="open-summary">
          {count(data.summary.total_open)} faturas · {brl(data.summary.open_cents)} em aberto · posição de{' '}
          {day(data.summary.as_of)}
        </p>
      ) : null}
      <SyncPanel onFinished={page.reload} />
      <form
        className="card toolbar"
        role="search"
        onSubmit={(e) => (e.preventDefault(), update({ q: q.trim() }))}
      >
        <div className="field">
          <label htmlFor="ob-q">Buscar (nome, CPF/CNPJ ou telefone)</label>
          <input id="ob-q" type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ob-days">Dias de atraso (mínimo)</label>
          <input
            id="ob-days"
            type="number"
            min={0}
            max={36500}
            value={filters.minDaysOverdue}
            onChange={(e) => update({ minDaysOverdue: e.target.value })}
            style={{ width: '7rem' }}
          />
        </div>
        <div className="field">
          <label htmlFor="ob-contract">Contrato</label>
          <select
            id="ob-contract"
            value={filters.contractStatus}
            onChange={(e) => update({ contractStatus: e.target.value })}
          >
            <option value="">Todos</option>
            {Object.entries(CONTRACT_STATUS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ob-internet">Internet</label>
          <select
            id="ob-internet"
            value={filters.internetStatus}
            onChange={(e) => update({ internetStatus: e.target.value })}
          >
            <option value="">Todos</option>
            {Object.entries(INTERNET_STATUS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ob-branch">Filial</label>
          <input
            id="ob-branch"
            inputMode="numeric"
            pattern="\d{1,9}"
            value={filters.branchId}
            onChange={(e) => update({ branchId: e.target.value.replace(/\D/g, '') })}
            style={{ width: '6rem' }}
          />
        </div>
        <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={!!exporting}>
          Exportar CSV
        </button>
      </form>
      {exporting ? <Loading what={exporting} /> : null}
      <ErrorNotice error={page.error ?? exportError} />
      {!data && page.loading ? <Loading /> : null}
      {data && data.items.length === 0 ? (
        <EmptyState>
          Nenhuma fatura em aberto com esses filtros. Limpe a busca ou os filtros — ou, se a base está vazia,
          confira a sincronização com o IXC.
        </EmptyState>
      ) : null}
      {data && data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col" aria-sort={sortState('customer')}>
                  <button type="button" className="sort" onClick={() => sortBy('customer')}>
                    Cliente{arrow('customer')}
                  </button>
                </th>
                <th scope="col" aria-sort={sortState('dueDate')}>
                  <button type="button" className="sort" onClick={() => sortBy('dueDate')}>
                    Vencimento{arrow('dueDate')}
                  </button>
                </th>
                <th scope="col" className="num" aria-sort={sortState('daysOverdue')}>
                  <button type="button" className="sort" onClick={() => sortBy('daysOverdue')}>
                    Atraso{arrow('daysOverdue')}
                  </button>
                </th>
                <th scope="col" className="num" aria-sort={sortState('openAmount')}>
                  <button type="button" className="sort" onClick={() => sortBy('openAmount')}>
                    Em aberto{arrow('openAmount')}
                  </button>
                </th>
                <th scope="col">Contrato</th>
                <th scope="col">Internet</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.receivableId}>
                  <td>
                    <Link href={`/devedores/${encodeURIComponent(`ixc:${item.customer.id}`)}`}>
                      {item.customer.name ?? `Cliente ${item.customer.id}`}
                    </Link>
                    <div className="muted">{item.customer.document ?? ''}</div>
                  </td>
                  <td>{day(item.dueDate)}</td>
                  <td className="num">{item.daysOverdue > 0 ? `${item.daysOverdue} dias` : 'a vencer'}</td>
                  <td className="num">{brl(item.openCents)}</td>
                  <td>
                    {item.contract
                      ? `${item.contract.id} · ${CONTRACT_STATUS[item.contract.status] ?? item.contract.status}`
                      : '—'}
                  </td>
                  <td>
                    {item.contract
                      ? (INTERNET_STATUS[item.contract.internetStatus] ?? item.contract.internetStatus)
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={data.total}
            limit={LIMIT}
            offset={offset}
            onChange={(o) => update({ ...filters, offset: o })}
          />
        </div>
      ) : null}
    </>
  );
}
