import { useState, type FormEvent } from 'react';
import { ErrorNotice, Notice } from '../../components/ui';
import { errorText } from '../../lib/api';
import { useSession } from '../../lib/session';

export function LoginScreen() {
  const { login, endedBecause } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email.trim(), password, tenant.trim() || undefined);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>Régua — entrar no console</h1>
      {endedBecause ? <Notice kind="info">{endedBecause}</Notice> : null}
      <form onSubmit={submit} className="card" aria-label="Entrar">
        <div className="field">
          <label htmlFor="login-email">E-mail</label>
          <input
            id="login-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Senha</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-tenant">Empresa (opcional)</label>
          <input
            id="login-tenant"
            autoComplete="organization"
            value={tenant}
            onChange={(e) => setTenant(e.target.value)}
            aria-describedby="login-tenant-hint"
          />
          <span id="login-tenant-hint" className="muted">
            Só é preciso quando o mesmo e-mail existe em mais de uma empresa.
          </span>
        </div>
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Entrando…' : 'Entrar'}
        </button>
      </form>
      <p className="muted">
        No modo demonstração, a senha do administrador <code>admin@demo.regua.local</code> aparece uma vez no
        log da primeira inicialização.
      </p>
    </main>
  );
}
