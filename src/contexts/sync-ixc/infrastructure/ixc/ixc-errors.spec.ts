import { DomainError } from '../../../../shared/errors/domain-error';
import {
  classifyIxcResponse,
  decodeHtmlEntities,
  htmlToText,
  IxcAuthError,
  IxcBadRequestError,
  IxcBusinessError,
  IxcError,
  IxcHtmlError,
  IxcIpNotAllowedError,
  IxcResourceUnavailableError,
  IxcRouteNotFoundError,
  IxcServerError,
  IxcUnexpectedResponseError,
} from './ixc-errors';

const RED_DIV =
  '<div style="margin:40px; padding:30px; background:#FF0000; border:1px solid #000; color:#FFF; ' +
  'font-weight:bold; font-family:Arial, Helvetica, sans-serif; font-size:12px; text-align:center">' +
  'Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>';

const errorOf = (status: number, body: string): IxcError => {
  const verdict = classifyIxcResponse(status, body);
  if (verdict.ok) throw new Error(`expected an error for ${status} ${body}`);
  return verdict.error;
};

describe('classifyIxcResponse', () => {
  describe.each([200, 500])('JSON {"type":"error"} with HTTP %i (status not trusted)', (status) => {
    it('is a permanent business error with the message as text', () => {
      const error = errorOf(
        status,
        '{"type":"error","message":"Cliente n&atilde;o encontrado!<br />Verifique."}',
      );
      expect(error).toBeInstanceOf(IxcBusinessError);
      expect(error).toMatchObject({ transient: false, status, code: 'SYNC_IXC.BUSINESS_ERROR' });
      expect((error as IxcBusinessError).ixcMessage).toBe('Cliente não encontrado! Verifique.');
    });

    it('recognises "Recurso X não está disponível!"', () => {
      const error = errorOf(status, '{"type":"error","message":"Recurso rad não está disponível!"}');
      expect(error).toBeInstanceOf(IxcResourceUnavailableError);
      expect(error).toMatchObject({
        resource: 'rad',
        transient: false,
        code: 'SYNC_IXC.RESOURCE_UNAVAILABLE',
      });
    });

    it('recognises the IP allow-list refusal', () => {
      const error = errorOf(
        status,
        '{"type":"error","message":"Seu IP não está liberado para efetuar login!"}',
      );
      expect(error).toBeInstanceOf(IxcIpNotAllowedError);
      expect(error).toMatchObject({ transient: false, code: 'SYNC_IXC.IP_NOT_ALLOWED' });
    });
  });

  it.each([200, 500, 504])('treats the red HTML <div> as a transient error with HTTP %i', (status) => {
    const error = errorOf(status, `\n  ${RED_DIV}`);
    expect(error).toBeInstanceOf(IxcHtmlError);
    expect(error).toMatchObject({ transient: true, status, code: 'SYNC_IXC.HTML_ERROR' });
    expect(error.message).toBe('IXC error page: Ocorreu um erro ao processar. Contate o suporte IXC Soft.');
  });

  it.each([401, 403])('maps %i to a permanent auth error, whatever the body', (status) => {
    for (const body of [
      '',
      '<h1>Authorization Requested</h1>',
      '{"type":"error","message":"Token inválido"}',
    ]) {
      const error = errorOf(status, body);
      expect(error).toBeInstanceOf(IxcAuthError);
      expect(error).toMatchObject({ transient: false, status });
    }
    expect(errorOf(status, '<h1>Authorization Requested</h1>').message).toBe(
      `IXC rejected the credentials (HTTP ${status}): a non-JSON answer (32 bytes)`,
    );
  });

  it.each([200, 401, 404, 500, 502])(
    'never quotes a page that is not IXC’s (HTTP %i): the URL may point at an internal service',
    (status) => {
      const page =
        '<html><body><h1>RabbitMQ Management</h1><p>guest:guest vhost=/ node rabbit@host</p></body></html>';
      const error = errorOf(status, page);
      expect(error.message).not.toMatch(/RabbitMQ|guest|vhost|rabbit@/);
      expect(error.message).toContain(`a non-JSON answer (${page.length} bytes)`);
    },
  );

  it('maps 404 (missing "ixcsoft: listar") and 400 to permanent errors', () => {
    expect(errorOf(404, '<html><body>Not Found</body></html>')).toBeInstanceOf(IxcRouteNotFoundError);
    expect(errorOf(404, '')).toMatchObject({ transient: false, status: 404 });
    expect(errorOf(400, 'Bad Request')).toBeInstanceOf(IxcBadRequestError);
    expect(errorOf(400, '')).toMatchObject({ transient: false, status: 400 });
  });

  it.each([408, 429, 500, 502, 503, 504])(
    'maps HTTP %i without an IXC body to a transient server error',
    (status) => {
      const error = errorOf(status, status === 504 ? 'Gateway Time-out' : '');
      expect(error).toBeInstanceOf(IxcServerError);
      expect(error).toMatchObject({ transient: true, status, code: 'SYNC_IXC.SERVER_ERROR' });
    },
  );

  it('keeps a JSON message of a 5xx (an integrator reports get_pix answering 500 with JSON)', () => {
    expect(errorOf(502, '{"message":"upstream down"}').message).toBe('IXC answered HTTP 502: upstream down');
  });

  it('refuses success statuses whose body is not a JSON object, and other statuses', () => {
    expect(errorOf(200, '')).toBeInstanceOf(IxcUnexpectedResponseError);
    expect(errorOf(200, 'ok')).toMatchObject({
      transient: false,
      message: expect.stringContaining('not a JSON object'),
    });
    expect(errorOf(200, '[1,2]')).toBeInstanceOf(IxcUnexpectedResponseError);
    expect(errorOf(200, '{"registros": [')).toBeInstanceOf(IxcUnexpectedResponseError);
    expect(errorOf(302, '')).toMatchObject({ transient: false, status: 302 });
    expect(errorOf(409, '<p>Conflict</p>')).toBeInstanceOf(IxcUnexpectedResponseError);
  });

  it('lets success bodies through, lists and insert/action answers alike', () => {
    expect(classifyIxcResponse(200, '{"page":"1","total":"1","registros":[{"id":"1"}]}')).toEqual({
      ok: true,
      json: { page: '1', total: '1', registros: [{ id: '1' }] },
    });
    expect(classifyIxcResponse(201, ' {"type":"success","message":"ok","id":"9"} ')).toMatchObject({
      ok: true,
    });
    expect(classifyIxcResponse(200, '{}')).toEqual({ ok: true, json: {} });
  });

  it('truncates long messages', () => {
    const error = errorOf(500, `<p>${'x'.repeat(1000)}</p>`);
    expect(error.message.length).toBeLessThan(400);
  });

  it('is a DomainError with a CONTEXT.REASON code, mapped as an unavailable upstream', () => {
    const error = errorOf(200, RED_DIV);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.kind).toBe('unavailable');
    expect(error.name).toBe('IxcHtmlError');
  });
});

describe('HTML text extraction', () => {
  it('decodes named Portuguese accents, common named entities and numeric references', () => {
    expect(decodeHtmlEntities('n&atilde;o &eacute; poss&iacute;vel &ccedil; &Ccedil;&Atilde;O')).toBe(
      'não é possível ç ÇÃO',
    );
    expect(decodeHtmlEntities('&ocirc;&otilde;&uacute;&agrave;&uuml;&Eacute;')).toBe('ôõúàüÉ');
    expect(decodeHtmlEntities('&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39; &#x41;&#233;&nbsp;&ordm;')).toBe(
      '<b> & "x" \'y\' Aé º',
    );
    expect(decodeHtmlEntities('&unknown; &#0;')).toBe('&unknown; &#0;');
  });

  it('strips tags, <br /> and scripts, and collapses whitespace', () => {
    expect(htmlToText('Linha 1<br />Linha 2<br/>\n <b>fim</b>')).toBe('Linha 1 Linha 2 fim');
    expect(htmlToText('<html><head><title>t</title><style>p{}</style></head><body>Erro</body></html>')).toBe(
      'Erro',
    );
    expect(htmlToText('plain message')).toBe('plain message');
    expect(htmlToText('<br/><hr/>')).toBe('');
  });
});
