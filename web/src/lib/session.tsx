import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, get, setToken, setUnauthorizedHandler } from './api';
import { DEFAULT_TIME_ZONE } from './format';

export interface Me {
  kind: 'user' | 'api_key';
  tenantId: string;
  role: 'admin' | 'operator';
  scopes: string[];
  userId?: string;
}

interface Stored {
  token: string;
  expiresAt: number;
  email: string;
}

export interface Session {
  email: string;
  me: Me;
  isAdmin: boolean;
  timeZone: string;
  expiresAt: number;
}

interface SessionApi {
  session: Session | undefined;
  /** Why the last session ended (shown on the login screen). */
  endedBecause: string | undefined;
  restoring: boolean;
  login(email: string, password: string, tenant?: string): Promise<void>;
  logout(reason?: string): void;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const KEY = 'regua.session';
const Context = createContext<SessionApi | undefined>(undefined);

interface TokenAnswer {
  accessToken: string;
  expiresIn: number;
}

/** The tab's session; `expired` when one was kept but its token has run out since. */
function read(): { stored?: Stored; expired: boolean } {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null') as Stored | null;
    if (!stored) return { expired: false };
    return stored.expiresAt > Date.now() ? { stored, expired: false } : { expired: true };
  } catch {
    return { expired: false };
  }
}

function store(stored: Stored | undefined): void {
  if (stored) window.sessionStorage.setItem(KEY, JSON.stringify(stored));
  else window.sessionStorage.removeItem(KEY);
  setToken(stored?.token ?? null);
}

async function describe(stored: Stored): Promise<Session> {
  const me = await get<Me>('/auth/me');
  // The tenant's zone is the one its dunning settings name (default São Paulo).
  const timeZone = await get<{ businessHours?: { timeZone?: string } }>('/notifications/settings')
    .then((s) => s.businessHours?.timeZone || DEFAULT_TIME_ZONE)
    .catch(() => DEFAULT_TIME_ZONE);
  return { email: stored.email, me, isAdmin: me.role === 'admin', timeZone, expiresAt: stored.expiresAt };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [endedBecause, setEndedBecause] = useState<string | undefined>(undefined);
  const [restoring, setRestoring] = useState(true);

  const logout = useCallback((reason?: string) => {
    store(undefined);
    setSession(undefined);
    setEndedBecause(reason);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => logout('Sua sessão expirou ou foi encerrada. Entre de novo.'));
    const { stored, expired } = read();
    if (!stored) {
      if (expired) logout('Sua sessão expirou. Entre de novo para continuar.');
      setRestoring(false);
      return;
    }
    store(stored);
    describe(stored)
      .then(setSession)
      .catch(() => store(undefined))
      .finally(() => setRestoring(false));
  }, [logout]);

  // End the session when the token expires, rather than failing the next click.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(
      () => logout('Sua sessão expirou. Entre de novo para continuar.'),
      Math.max(0, session.expiresAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [session, logout]);

  const begin = useCallback(async (email: string, answer: TokenAnswer) => {
    const stored = { token: answer.accessToken, email, expiresAt: Date.now() + answer.expiresIn * 1000 };
    store(stored);
    setEndedBecause(undefined);
    setSession(await describe(stored));
  }, []);

  const login = useCallback(
    async (email: string, password: string, tenant?: string) => {
      const answer = await api<TokenAnswer>('POST', '/auth/login', {
        anonymous: true,
        body: { email, password, ...(tenant ? { tenant } : {}) },
      });
      await begin(email, answer);
    },
    [begin],
  );

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const answer = await api<TokenAnswer>('PUT', '/auth/password', {
        body: { currentPassword, newPassword },
      });
      if (session) await begin(session.email, answer);
    },
    [begin, session],
  );

  const value = useMemo(
    () => ({ session, endedBecause, restoring, login, logout, changePassword }),
    [session, endedBecause, restoring, login, logout, changePassword],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session (screens render only inside the signed-in layout). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session;
}
