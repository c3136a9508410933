import { useEffect, useRef, useState } from 'react';
import { ErrorNotice, Loading } from '../components/ui';
import { Link, matchPath, navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { LoginScreen } from '../screens/login/LoginScreen';
import { NAV_SECTIONS, SCREENS, type ScreenRoute } from './screens';

function findRoute(path: string): { route: ScreenRoute; params: Record<string, string> } | undefined {
  for (const route of SCREENS) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

function isActive(route: ScreenRoute, path: string): boolean {
  return route.path === '/' ? path === '/' : path === route.path || path.startsWith(`${route.path}/`);
}

function UserMenu() {
  const { session, logout } = useSession();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  if (!session) return null;
  return (
    <div ref={ref} style={{ position: 'relative' }}>
      <button
        type="button"
        className="secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {session.email} ({session.isAdmin ? 'admin' : 'operador'})
      </button>
      {open ? (
        <div
          role="menu"
          className="card"
          style={{
            position: 'absolute',
            right: 0,
            top: '2.6rem',
            zIndex: 5,
            minWidth: '12rem',
            padding: '0.5rem',
          }}
        >
          <button
            type="button"
            role="menuitem"
            className="link"
            style={{ display: 'block', marginBottom: '0.5rem' }}
            onClick={() => {
              setOpen(false);
              navigate('/conta');
            }}
          >
            Minha conta e senha
          </button>
          <button type="button" role="menuitem" className="link" onClick={() => logout('Você saiu.')}>
            Sair
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Shell() {
  const { session } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const found = findRoute(path);
  const isAdmin = session?.isAdmin ?? false;
  useEffect(() => {
    document.title = `${found?.route.title ?? 'Página não encontrada'} — Régua`;
    setMenuOpen(false);
  }, [path, found?.route.title]);

  const visible = SCREENS.filter((s) => s.nav && (!s.adminOnly || isAdmin));
  let body;
  if (!found) {
    body = (
      <>
        <h1>Página não encontrada</h1>
        <p>
          Este endereço não existe no console. <Link href="/">Voltar ao painel</Link>.
        </p>
      </>
    );
  } else if (found.route.adminOnly && !isAdmin) {
    body = (
      <>
        <h1>{found.route.title}</h1>
        <ErrorNotice error="Somente administradores podem abrir esta tela. Peça acesso a um administrador." />
      </>
    );
  } else {
    const Screen = found.route.component;
    body = <Screen key={path} params={found.params} />;
  }
  return (
    <div className="layout">
      <a className="skip" href="#conteudo">
        Pular para o conteúdo
      </a>
      <aside className={`sidebar${menuOpen ? ' open' : ''}`} id="menu-lateral">
        <Link className="brand" href="/">
          Régua
        </Link>
        <nav aria-label="Navegação principal">
          {NAV_SECTIONS.map((section) => {
            const items = visible.filter((s) => s.nav?.section === section);
            if (!items.length) return null;
            return (
              <div key={section}>
                <div className="section">{section}</div>
                <ul>
                  {items.map((s) => (
                    <li key={s.path}>
                      <Link href={s.path} aria-current={isActive(s, path) ? 'page' : undefined}>
                        {s.nav?.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <button
            type="button"
            className="secondary menu-toggle"
            aria-controls="menu-lateral"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(!menuOpen)}
          >
            Menu
          </button>
          <UserMenu />
        </header>
        <main className="content" id="conteudo" tabIndex={-1}>
          {body}
        </main>
      </div>
    </div>
  );
}

export function App() {
  const { session, restoring } = useSession();
  if (restoring) return <Loading what="Abrindo o console…" />;
  return session ? <Shell /> : <LoginScreen />;
}
