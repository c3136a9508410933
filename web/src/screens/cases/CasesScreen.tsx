import { useState } from 'react';
import { EmptyState, ErrorNotice, Field, Loading, Pager, StatCard } from '../../components/ui';
import { get } from '../../lib/api';
import { brl, count, day } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { CASE_STATE_LABEL, CASE_STATES, CaseStateBadge, type CaseStats, type CaseSummary } from './labels';

const LIMIT = 20;

export function CasesScreen() {
  const [state, setState] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const search = q.trim();
  const stats = useLoad((s) => get<CaseStats>('/cases/stats', {}, s), []);
  const cases = useLoad(
    (s) =>
      get<{ items: CaseSummary[]; total: number }>('/cases', { state, q: search, limit: LIMIT, offset }, s),
    [state, search, offset],
  );

  return (
    <>
      <h1>Casos</h1>
      <p className="muted">
        Dívidas antigas que saíram da régua e vão para a equipe de cobrança: negocie, registre o acordo e
        feche o caso.
      </p>
      <ErrorNotice error={stats.error} />
      {stats.data ? (
        <div className="grid">
          <StatCard
            label="Em cobrança"
            value={brl(stats.data.inCollectionCents)}
            testId="cases-in-collection"
          />
          <StatCard label="Recuperado" value={brl(stats.data.recoveredCents)} testId="cases-recovered" />
          <StatCard label="Abertos" value={count(stats.data.byState.open ?? 0)} testId="cases-open" />
          <StatCard
            label="Em negociação"
            value={count(stats.data.byState.in_negotiation ?? 0)}
            testId="cases-negotiating"
          />
        </div>
      ) : null}
      <div className="card row" role="search">
        <Field label="Situação">
          {(id) => (
            <select
              id={id}
              value={state}
              onChange={(e) => {
                setState(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">Todas</option>
              {CASE_STATES.map((s) => (
                <option key={s} value={s}>
                  {CASE_STATE_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Buscar (nome, CPF/CNPJ ou contrato)">
          {(id) => (
            <input
              id={id}
              type="search"
              value={q}
              maxLength={100}
              onChange={(e) => {
                setQ(e.target.value);
                setOffset(0);
              }}
            />
          )}
        </Field>
      </div>
      <ErrorNotice error={cases.error} />
      {!cases.data && cases.loading ? <Loading /> : null}
      {cases.data && cases.data.items.length === 0 ? (
        <EmptyState>
          {state || search
            ? 'Nenhum caso com esses filtros. Limpe a busca ou escolha outra situação.'
            : 'Nenhum caso ainda. Dívidas passam a casos quando vencem há mais dias que o limite configurado.'}
        </EmptyState>
      ) : null}
      {cases.data && cases.data.items.length > 0 ? (
        <div className="table-wrap">
          <p className="muted">
            <span data-testid="cases-total">{count(cases.data.total)}</span> casos
          </p>
          <table data-testid="cases-table">
            <thead>
              <tr>
                <th scope="col">Devedor</th>
                <th scope="col">Situação</th>
                <th scope="col">Responsável</th>
                <th scope="col">Vencimento mais antigo</th>
                <th scope="col" className="num">
                  Em aberto
                </th>
              </tr>
            </thead>
            <tbody>
              {cases.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/casos/${c.id}`}>{c.debtor.name ?? c.debtorId}</Link>
                    {c.debtor.document ? <div className="muted">{c.debtor.document}</div> : null}
                  </td>
                  <td>
                    <CaseStateBadge state={c.state} />
                  </td>
                  <td>{c.assignee ?? '—'}</td>
                  <td>{day(c.oldestDueDate)}</td>
                  <td className="num">{brl(c.openCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={cases.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
    </>
  );
}
