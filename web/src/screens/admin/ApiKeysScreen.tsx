import { useState, type FormEvent } from 'react';
import {
  ConfirmDialog,
  EmptyState,
  ErrorNotice,
  Loading,
  Notice,
  Pager,
  StatusBadge,
} from '../../components/ui';
import { del, get, post } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  allowedIps: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}
interface Page<T> {
  items: T[];
  total: number;
}

export const SCOPES: Array<[string, string]> = [
  ['billing:read', 'Ler cobranças em aberto'],
  ['billing:send', 'Enviar cobranças (API de cobrança)'],
  ['notifications:read', 'Ler a régua de cobrança'],
  ['notifications:write', 'Ações em devedores'],
  ['ixc:read', 'Ler sincronizações do IXC'],
  ['ixc:write', 'Simular automações do IXC'],
  ['enforcement:read', 'Ler bloqueios'],
  ['enforcement:write', 'Simular bloqueios'],
  ['admin', 'Tudo (administrador)'],
];

const LIMIT = 25;

export function ApiKeysScreen() {
  const session = useSignedIn();
  const [offset, setOffset] = useState(0);
  const keys = useLoad(
    (signal) => get<Page<ApiKey>>('/admin/api-keys', { limit: LIMIT, offset }, signal),
    [offset],
  );
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiresAt, setExpiresAt] = useState('');
  const [allowedIps, setAllowedIps] = useState('');
  const [created, setCreated] = useState<{ name: string; secret: string } | undefined>();
  const [revoking, setRevoking] = useState<ApiKey | undefined>();

  const create = useAction(async (event: FormEvent) => {
    event.preventDefault();
    const ips = allowedIps
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const key = await post<ApiKey & { secret: string }>('/admin/api-keys', {
      name: name.trim(),
      scopes,
      ...(expiresAt ? { expiresAt: new Date(`${expiresAt}T23:59:59`).toISOString() } : {}),
      ...(ips.length ? { allowedIps: ips } : {}),
    });
    setCreated({ name: key.name, secret: key.secret });
    setName('');
    setScopes([]);
    setExpiresAt('');
    setAllowedIps('');
    keys.reload();
  });
  const revoke = useAction(async (key: ApiKey) => {
    await del(`/admin/api-keys/${key.id}`);
    setRevoking(undefined);
    keys.reload();
  });

  return (
    <>
      <h1>Chaves de API</h1>
      {created ? (
        <Notice kind="warn">
          <p>
            Chave <strong>{created.name}</strong> criada. Copie agora: ela{' '}
            <strong>não será mostrada de novo</strong>.
          </p>
          <p className="secret" data-testid="new-api-key">
            {created.secret}
          </p>
          <button type="button" className="secondary" onClick={() => setCreated(undefined)}>
            Já copiei
          </button>
        </Notice>
      ) : null}
      <form className="card" onSubmit={(e) => void create.run(e)} aria-label="Nova chave de API">
        <h2>Nova chave</h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="key-name">Nome</label>
            <input
              id="key-name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="key-expires">Expira em (opcional)</label>
            <input
              id="key-expires"
              type="date"
              value={expiresAt}
              onChange={(e) => setExpiresAt(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="key-ips">IPs permitidos (opcional, separados por vírgula)</label>
            <input id="key-ips" value={allowedIps} onChange={(e) => setAllowedIps(e.target.value)} />
          </div>
        </div>
        <fieldset>
          <legend>Permissões</legend>
          <div className="row">
            {SCOPES.map(([scope, label]) => (
              <label key={scope} className="field inline">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(e) =>
                    setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))
                  }
                />
                {label} <code>{scope}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div style={{ marginTop: '0.75rem' }}>
          <button type="submit" disabled={create.busy || scopes.length === 0}>
            Criar chave
          </button>
        </div>
        <ErrorNotice error={create.error} />
      </form>
      <ErrorNotice error={keys.error ?? revoke.error} />
      {!keys.data && keys.loading ? <Loading /> : null}
      {keys.data && keys.data.items.length === 0 ? (
        <EmptyState>Nenhuma chave ainda. Crie uma acima para integrar outro sistema à Régua.</EmptyState>
      ) : null}
      {keys.data && keys.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">Prefixo</th>
                <th scope="col">Permissões</th>
                <th scope="col">Situação</th>
                <th scope="col">Último uso</th>
                <th scope="col">Expira</th>
                <th scope="col">Ações</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>
                    <StatusBadge status={key.status} />
                  </td>
                  <td>{dateTime(key.lastUsedAt, session.timeZone)}</td>
                  <td>{dateTime(key.expiresAt, session.timeZone)}</td>
                  <td>
                    {key.status === 'active' ? (
                      <button type="button" className="danger" onClick={() => setRevoking(key)}>
                        Revogar
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={keys.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
      <ConfirmDialog
        open={!!revoking}
        title="Revogar a chave?"
        confirmLabel="Revogar"
        danger
        busy={revoke.busy}
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => revoking && void revoke.run(revoking)}
      >
        <p>Quem usa a chave {revoking?.name} passa a receber 401 imediatamente.</p>
      </ConfirmDialog>
    </>
  );
}
