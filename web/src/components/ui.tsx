import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from '../lib/router';

export function ErrorNotice({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      {error}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'ok' | 'warn' | 'error';
  children: ReactNode;
}) {
  return (
    <div className={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** What the screen would show, and what to do to get there. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loading({ what = 'Carregando…' }: { what?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {what}
    </p>
  );
}

export function StatCard({
  label,
  value,
  hint,
  href,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  href?: string;
  testId?: string;
}) {
  const body = (
    <>
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="hint">{hint}</div> : null}
    </>
  );
  return href ? (
    <Link className="card stat" href={href}>
      {body}
    </Link>
  ) : (
    <div className="card stat">{body}</div>
  );
}

/** A labelled input: the label is tied to the control, so screen readers and the label click work. */
export function Field({
  label,
  children,
  hint,
}: {
  label: string;
  hint?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint ? <span className="muted">{hint}</span> : null}
    </div>
  );
}

export function Pager({
  total,
  limit,
  offset,
  onChange,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}) {
  if (total <= limit && offset === 0) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="Paginação">
      <button
        type="button"
        className="secondary"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        Anterior
      </button>
      <span>
        Página {page} de {pages} ({total} itens)
      </span>
      <button
        type="button"
        className="secondary"
        disabled={offset + limit >= total}
        onClick={() => onChange(offset + limit)}
      >
        Próxima
      </button>
    </nav>
  );
}

/** A modal confirmation (native <dialog>: focus is trapped and Esc cancels). */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => (e.preventDefault(), onCancel())}>
      <h2 id={titleId}>{title}</h2>
      <div>{children}</div>
      <div className="row" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancelar
        </button>
        <button type="button" className={danger ? 'danger' : undefined} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

export interface Bar {
  label: string;
  value: number;
  display: string;
}

/** A horizontal bar chart with its numbers written out (readable without the bars). */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="bar-chart" aria-label={title} style={{ margin: 0 }}>
      {bars.map((bar) => (
        <div className="bar-row" key={bar.label}>
          <span>{bar.label}</span>
          <div className="track" aria-hidden="true">
            <div className="bar" style={{ width: `${(bar.value / max) * 100}%` }} />
          </div>
          <span>{bar.display}</span>
        </div>
      ))}
    </figure>
  );
}

const STATUS_TONE: Record<string, string> = {
  completed: 'ok',
  sent: 'ok',
  applied: 'ok',
  already_applied: 'ok',
  active: 'ok',
  running: 'warn',
  pending: 'warn',
  held: 'warn',
  planned: 'warn',
  queued: 'warn',
  sending: 'warn',
  deferred: 'warn',
  dry_run: 'warn',
  completed_with_errors: 'bad',
  failed: 'bad',
  revoked: 'bad',
  expired: 'bad',
  unknown: 'bad',
};

export const STATUS_LABEL: Record<string, string> = {
  running: 'em andamento',
  completed: 'concluída',
  completed_with_errors: 'concluída com erros',
  held: 'retida pelo disjuntor',
  failed: 'falhou',
  none: 'sem ação',
  pending: 'pendente',
  applied: 'aplicada',
  already_applied: 'já estava aplicada',
  dry_run: 'simulada',
  skipped: 'ignorada',
  planned: 'planejada',
  queued: 'na fila',
  sending: 'enviando',
  sent: 'enviada',
  cancelled: 'cancelada',
  deferred: 'adiada',
  unknown: 'incerta',
  active: 'ativa',
  expired: 'expirada',
  revoked: 'revogada',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{STATUS_LABEL[status] ?? status}</span>;
}
