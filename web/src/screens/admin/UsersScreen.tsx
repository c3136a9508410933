import { useState, type FormEvent } from 'react';
import { ConfirmDialog, EmptyState, ErrorNotice, Loading, Notice, Pager } from '../../components/ui';
import { del, get, patch, post, put } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';

interface User {
  id: string;
  email: string;
  role: 'admin' | 'operator';
  disabled: boolean;
  createdAt: string;
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const LIMIT = 25;

export function UsersScreen() {
  const session = useSignedIn();
  const [offset, setOffset] = useState(0);
  const users = useLoad(
    (signal) => get<Page<User>>('/admin/users', { limit: LIMIT, offset }, signal),
    [offset],
  );
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'operator' | 'admin'>('operator');
  const [message, setMessage] = useState<string | undefined>();
  const [removing, setRemoving] = useState<User | undefined>();
  const [resetting, setResetting] = useState<User | undefined>();
  const [newPassword, setNewPassword] = useState('');

  const create = useAction(async (event: FormEvent) => {
    event.preventDefault();
    await post('/admin/users', { email: email.trim(), password, role });
    setMessage(`Usuário ${email.trim()} criado.`);
    setEmail('');
    setPassword('');
    users.reload();
  });
  const change = useAction(async (user: User, body: { role?: string; disabled?: boolean }) => {
    await patch(`/admin/users/${user.id}`, body);
    setMessage(`Usuário ${user.email} alterado.`);
    users.reload();
  });
  const remove = useAction(async (user: User) => {
    await del(`/admin/users/${user.id}`);
    setRemoving(undefined);
    setMessage(`Usuário ${user.email} excluído.`);
    users.reload();
  });
  const reset = useAction(async (user: User) => {
    await put(`/admin/users/${user.id}/password`, { password: newPassword });
    setResetting(undefined);
    setNewPassword('');
    setMessage(`Senha de ${user.email} redefinida; as sessões dele foram encerradas.`);
  });

  return (
    <>
      <h1>Usuários</h1>
      <form className="card" onSubmit={(e) => void create.run(e)} aria-label="Novo usuário">
        <h2>Novo usuário</h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="user-email">E-mail</label>
            <input
              id="user-email"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="user-password">Senha inicial (mín. 12 caracteres)</label>
            <input
              id="user-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="user-role">Papel</label>
            <select
              id="user-role"
              value={role}
              onChange={(e) => setRole(e.target.value as 'operator' | 'admin')}
            >
              <option value="operator">Operador</option>
              <option value="admin">Administrador</option>
            </select>
          </div>
          <button type="submit" disabled={create.busy}>
            Criar usuário
          </button>
        </div>
        <ErrorNotice error={create.error} />
      </form>
      {message ? <Notice kind="ok">{message}</Notice> : null}
      <ErrorNotice error={users.error ?? change.error ?? remove.error} />
      {!users.data && users.loading ? <Loading /> : null}
      {users.data && users.data.items.length === 0 ? (
        <EmptyState>Nenhum usuário ainda. Crie o primeiro no formulário acima.</EmptyState>
      ) : null}
      {users.data && users.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="muted" style={{ textAlign: 'left' }}>
              {users.data.total} usuários
            </caption>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Papel</th>
                <th scope="col">Situação</th>
                <th scope="col">Criado em</th>
                <th scope="col">Ações</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <td>{user.email}</td>
                  <td>
                    <select
                      aria-label={`Papel de ${user.email}`}
                      value={user.role}
                      onChange={(e) => void change.run(user, { role: e.target.value })}
                    >
                      <option value="operator">Operador</option>
                      <option value="admin">Administrador</option>
                    </select>
                  </td>
                  <td>{user.disabled ? 'desativado' : 'ativo'}</td>
                  <td>{dateTime(user.createdAt, session.timeZone)}</td>
                  <td className="row">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void change.run(user, { disabled: !user.disabled })}
                    >
                      {user.disabled ? 'Reativar' : 'Desativar'}
                    </button>
                    <button type="button" className="secondary" onClick={() => setResetting(user)}>
                      Redefinir senha
                    </button>
                    <button type="button" className="danger" onClick={() => setRemoving(user)}>
                      Excluir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={users.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </div>
      ) : null}
      <ConfirmDialog
        open={!!removing}
        title="Excluir usuário?"
        confirmLabel="Excluir"
        danger
        busy={remove.busy}
        onCancel={() => setRemoving(undefined)}
        onConfirm={() => removing && void remove.run(removing)}
      >
        <p>{removing?.email} perde o acesso na hora. Isto não pode ser desfeito.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={!!resetting}
        title={`Redefinir a senha de ${resetting?.email ?? ''}`}
        confirmLabel="Redefinir"
        busy={reset.busy}
        onCancel={() => setResetting(undefined)}
        onConfirm={() => resetting && void reset.run(resetting)}
      >
        <div className="field">
          <label htmlFor="reset-password">Nova senha (mín. 12 caracteres)</label>
          <input
            id="reset-password"
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        </div>
        <ErrorNotice error={reset.error} />
      </ConfirmDialog>
    </>
  );
}
