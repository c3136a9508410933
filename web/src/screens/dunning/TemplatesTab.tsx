import { useEffect, useState } from 'react';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { errorText, get, post, put } from '../../lib/api';
import { count } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { useSignedIn } from '../../lib/session';
import { CHANNEL_LABEL, TYPE_LABEL, type Template, type TemplatePreview } from '../../lib/types';

const MAX_VARIATIONS = 5;

/** Renders the draft on the server (the same engine and sample data the workers use) a moment after each edit. */
function useDraftPreview(
  template: Template | undefined,
  draft: { subject: string | null; variations: string[] },
  variation: number,
) {
  const [preview, setPreview] = useState<TemplatePreview | undefined>();
  const [error, setError] = useState<string | undefined>();
  const serial = JSON.stringify([template?.id, draft, variation]);
  useEffect(() => {
    if (!template || draft.variations.length === 0) return;
    let stale = false;
    const timer = window.setTimeout(() => {
      post<TemplatePreview>(`/notifications/templates/${encodeURIComponent(template.id)}/preview`, {
        variation: Math.min(variation, draft.variations.length - 1),
        variations: draft.variations,
        ...(template.channel === 'email' ? { subject: draft.subject ?? '' } : {}),
      })
        .then((p) => {
          if (stale) return;
          setPreview(p);
          setError(undefined);
        })
        .catch((err: unknown) => !stale && setError(errorText(err)));
    }, 300);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [serial]);
  return { preview, error };
}

export function TemplatesTab() {
  const session = useSignedIn();
  const templates = useLoad((s) => get<{ items: Template[] }>('/notifications/templates', {}, s), []);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [subject, setSubject] = useState<string | null>(null);
  const [variations, setVariations] = useState<string[]>([]);
  const [variation, setVariation] = useState(0);
  const [saved, setSaved] = useState<string | undefined>();
  const template = templates.data?.items.find((t) => t.id === selectedId) ?? templates.data?.items[0];

  useEffect(() => {
    if (!template) return;
    setSelectedId(template.id);
    setName(template.name);
    setSubject(template.subject);
    setVariations([...template.variations]);
    setVariation(0);
  }, [template?.id]);

  const { preview, error: previewError } = useDraftPreview(template, { subject, variations }, variation);

  const save = useAction(async () => {
    if (!template) return;
    setSaved(undefined);
    const body = { name, variations, ...(template.channel === 'email' ? { subject } : {}) };
    const result = template.builtIn
      ? await post<Template>('/notifications/templates', {
          ...body,
          type: template.type,
          channel: template.channel,
        })
      : await put<Template>(`/notifications/templates/${template.id}`, body);
    setSelectedId(result.id);
    setSaved('Modelo salvo: as próximas mensagens já saem com ele.');
    templates.reload();
  });

  if (!templates.data) return templates.error ? <ErrorNotice error={templates.error} /> : <Loading />;
  if (!template) return null;
  const readOnly = !session.isAdmin;

  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="tpl-select">Modelo</label>
          <select
            id="tpl-select"
            value={template.id}
            onChange={(e) => (setSelectedId(e.target.value), setSaved(undefined))}
          >
            {templates.data.items.map((t) => (
              <option key={t.id} value={t.id}>
                {TYPE_LABEL[t.type] ?? t.type} — {CHANNEL_LABEL[t.channel] ?? t.channel}
                {t.builtIn ? ' (padrão)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="two-cols">
        <form
          className="card"
          aria-label="Editar modelo"
          onSubmit={(e) => (e.preventDefault(), void save.run())}
        >
          <fieldset disabled={readOnly} style={{ border: 'none', padding: 0, margin: 0 }}>
            {template.builtIn ? (
              <p className="muted">
                Este é o modelo padrão da Régua. Ao salvar, a empresa passa a usar a sua versão.
              </p>
            ) : null}
            <div className="field">
              <label htmlFor="tpl-name">Nome</label>
              <input id="tpl-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
            </div>
            {template.channel === 'email' ? (
              <div className="field">
                <label htmlFor="tpl-subject">Assunto</label>
                <input id="tpl-subject" value={subject ?? ''} onChange={(e) => setSubject(e.target.value)} />
              </div>
            ) : null}
            {variations.map((text, i) => (
              <div className="field" key={i} style={{ marginTop: '0.6rem' }}>
                <div className="spread">
                  <label htmlFor={`tpl-var-${i}`}>Variação {i + 1}</label>
                  <div className="row">
                    <button
                      type="button"
                      className="link"
                      onClick={() => setVariation(i)}
                      aria-pressed={variation === i}
                      aria-label={`Pré-visualizar a variação ${i + 1}`}
                    >
                      Pré-visualizar esta
                    </button>
                    {variations.length > 1 ? (
                      <button
                        type="button"
                        className="link"
                        aria-label={`Remover a variação ${i + 1}`}
                        onClick={() => (setVariations(variations.filter((_, j) => j !== i)), setVariation(0))}
                      >
                        Remover
                      </button>
                    ) : null}
                  </div>
                </div>
                <textarea
                  id={`tpl-var-${i}`}
                  value={text}
                  onChange={(e) => setVariations(variations.map((v, j) => (j === i ? e.target.value : v)))}
                  onFocus={() => setVariation(i)}
                />
              </div>
            ))}
            <p className="muted">
              Variáveis: <code>{'{{firstName debtor.name}}'}</code>, <code>{'{{brl totalOpenCents}}'}</code>,{' '}
              <code>{'{{date oldestDueDate}}'}</code>, <code>{'{{company.name}}'}</code>,{' '}
              <code>{'{{#each debts}}…{{/each}}'}</code>. Cada mensagem usa uma das variações.
            </p>
            {!readOnly ? (
              <div className="row">
                {variations.length < MAX_VARIATIONS ? (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setVariations([...variations, variations.at(-1) ?? ''])}
                  >
                    Adicionar variação
                  </button>
                ) : null}
                <button type="submit" disabled={save.busy}>
                  Salvar modelo
                </button>
              </div>
            ) : null}
          </fieldset>
          <ErrorNotice error={save.error} />
          {saved ? <Notice kind="ok">{saved}</Notice> : null}
        </form>
        <section className="card" aria-labelledby="preview-title" aria-live="polite">
          <h2 id="preview-title">
            Pré-visualização (variação {Math.min(variation, variations.length - 1) + 1})
          </h2>
          <p className="muted">
            Com dados de exemplo e o nome da sua empresa; atualiza enquanto você digita.
          </p>
          <ErrorNotice error={previewError} />
          {preview ? (
            <>
              {preview.subject !== undefined ? (
                <p>
                  <strong>Assunto:</strong> {preview.subject}
                </p>
              ) : null}
              <div className="preview" data-testid="template-preview">
                {preview.text}
              </div>
              {preview.sms ? (
                <p data-testid="preview-sms">
                  SMS: {count(preview.sms.characters)} caracteres, {preview.sms.encoding},{' '}
                  <strong>
                    {count(preview.sms.segments)} {preview.sms.segments === 1 ? 'segmento' : 'segmentos'}
                  </strong>
                  {preview.sms.encoding === 'UCS-2'
                    ? ' — acentos e emojis reduzem o tamanho de cada segmento.'
                    : ''}
                </p>
              ) : null}
              {preview.whatsapp ? (
                <p data-testid="preview-whatsapp">
                  WhatsApp: {count(preview.whatsapp.length)} de {count(preview.whatsapp.limit)} caracteres
                  {preview.whatsapp.length > preview.whatsapp.limit ? ' — longo demais, será recusado.' : '.'}
                </p>
              ) : null}
            </>
          ) : previewError ? null : (
            <Loading />
          )}
        </section>
      </div>
    </>
  );
}
