import { IxcBusinessError, IxcHtmlError, IxcUnexpectedResponseError } from './ixc-errors';
import {
  parseActionResponse,
  parseInsertResponse,
  parseListResponse,
  parseTotal,
  toIxcRow,
} from './ixc-response';

describe('parseListResponse', () => {
  it('reads registros and total, whether total is a string or a number', () => {
    expect(parseListResponse(200, '{"page":"1","total":"2","registros":[{"id":"1"},{"id":"2"}]}')).toEqual({
      rows: [{ id: '1' }, { id: '2' }],
      total: 2,
    });
    expect(parseListResponse(200, '{"page":"1","total":1,"registros":[{"id":"1"}]}').total).toBe(1);
  });

  it('defaults a missing registros to no rows and a missing or odd total to null', () => {
    expect(parseListResponse(200, '{"page":"1","total":"0"}')).toEqual({ rows: [], total: 0 });
    expect(parseListResponse(200, '{"registros":[{"id":"1"}]}')).toEqual({
      rows: [{ id: '1' }],
      total: null,
    });
    expect(parseListResponse(200, '{}')).toEqual({ rows: [], total: null });
  });

  it('accepts registros encoded by PHP as an object keyed by index', () => {
    expect(parseListResponse(200, '{"registros":{"0":{"id":"1"},"2":{"id":"3"}}}').rows).toEqual([
      { id: '1' },
      { id: '3' },
    ]);
  });

  it('drops secrets and turns stray non-string values into strings', () => {
    const body = JSON.stringify({
      registros: [{ id: 7, senha: 'plain', hotsite_senha: 'x', ativo: true, obs: null, extra: { a: 1 } }],
    });
    expect(parseListResponse(200, body).rows).toEqual([
      { id: '7', ativo: 'true', obs: '', extra: '{"a":1}' },
    ]);
  });

  it('throws the error the body stands for, even on HTTP 200', () => {
    expect(() =>
      parseListResponse(200, '{"type":"error","message":"Recurso x não está disponível!"}'),
    ).toThrow(IxcBusinessError);
    expect(() => parseListResponse(200, '<div>Ocorreu um erro ao processar.</div>')).toThrow(IxcHtmlError);
    expect(() => parseListResponse(200, '{"registros":"nope"}')).toThrow(IxcUnexpectedResponseError);
    expect(() => parseListResponse(200, '{"registros":["nope"]}')).toThrow(IxcUnexpectedResponseError);
  });
});

describe('parseTotal', () => {
  it.each([
    [3, 3],
    ['3', 3],
    [' 12 ', 12],
    ['', null],
    ['abc', null],
    [-1, null],
    [1.5, null],
    [undefined, null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(parseTotal(input)).toBe(expected);
  });
});

describe('insert and action answers', () => {
  it('returns the new id as a string and the message as text', () => {
    expect(
      parseInsertResponse(200, '{"type":"success","message":"Registro inserido!<br />","id":"123"}'),
    ).toEqual({
      id: '123',
      message: 'Registro inserido!',
    });
    expect(parseInsertResponse(200, '{"type":"success","id":45}').id).toBe('45');
  });

  it('refuses an insert answer without an id', () => {
    expect(() => parseInsertResponse(200, '{"type":"success","message":"ok"}')).toThrow(/without an id/);
  });

  it('returns an action answer as sent', () => {
    const body =
      '{"id_renegociacao":643,"message":"Renegociação incluída com sucesso!<br />","type":"success"}';
    expect(parseActionResponse(200, body)).toEqual(JSON.parse(body));
    expect(() => parseActionResponse(200, '{"type":"error","message":"Contrato já bloqueado"}')).toThrow(
      IxcBusinessError,
    );
  });
});

describe('toIxcRow', () => {
  it('refuses a row that is not an object', () => {
    expect(() => toIxcRow([1])).toThrow(IxcUnexpectedResponseError);
    expect(() => toIxcRow(null)).toThrow(IxcUnexpectedResponseError);
  });
});
