import { useState, type FormEvent } from 'react';
import { ErrorNotice, Notice } from '../../components/ui';
import { errorText } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { useSession, useSignedIn } from '../../lib/session';

export function AccountScreen() {
  const session = useSignedIn();
  const { changePassword } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setError('A nova senha e a confirmação são diferentes.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Minha conta</h1>
      <div className="card">
        <p>
          <strong>{session.email}</strong> — {session.isAdmin ? 'administrador' : 'operador'}
        </p>
        <p className="muted">
          Fuso horário da empresa: {session.timeZone}. Sessão válida até{' '}
          {dateTime(new Date(session.expiresAt), session.timeZone)}.
        </p>
      </div>
      <form className="card" onSubmit={submit} aria-label="Trocar a senha">
        <h2>Trocar a senha</h2>
        <p className="muted">Ao trocar a senha, suas outras sessões são encerradas.</p>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="pw-current">Senha atual</label>
            <input
              id="pw-current"
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="pw-new">Nova senha</label>
            <input
              id="pw-new"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="pw-repeat">Repita a nova senha</label>
            <input
              id="pw-repeat"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          </div>
          <button type="submit" disabled={busy}>
            Trocar a senha
          </button>
        </div>
        <ErrorNotice error={error} />
        {done ? <Notice kind="ok">Senha trocada.</Notice> : null}
      </form>
    </>
  );
}
