import {
  MagnusAuthError,
  MagnusNotFoundError,
  MagnusRejectedError,
  MagnusServerError,
  MagnusUnexpectedResponseError,
  MagnusValidationError,
} from './magnus-errors';
import { classifyMagnusResponse, parseCount, parseReadResponse, parseSaveResponse } from './magnus-response';

const errorOf = (status: number, body: string) => {
  const verdict = classifyMagnusResponse(status, body);
  if (verdict.ok) throw new Error('expected a failure');
  return verdict.error;
};

describe('classifyMagnusResponse', () => {
  it.each([
    ['invalid API access', 'invalid_api_access'],
    ['invalid IP', 'invalid_ip'],
    ['invalid API action', 'invalid_api_action'],
    ['invalid user', 'invalid_user'],
    ['Access denied to All action in All modules', 'access_denied'],
  ])('reads the plain-text refusal %j (HTTP 200) as a permanent auth error', (body, reason) => {
    const error = errorOf(200, `${body}\n`);
    expect(error).toBeInstanceOf(MagnusAuthError);
    expect(error).toMatchObject({
      reason,
      transient: false,
      status: 200,
      code: 'TELEPHONY_ENFORCEMENT.MAGNUS_AUTH_REJECTED',
    });
  });

  it('reads HTTP 401 "Access denied to canRead in module:user" as an auth error, whatever the body', () => {
    expect(errorOf(401, 'Access denied to canRead in module:user')).toMatchObject({
      reason: 'access_denied',
      magnusMessage: 'Access denied to canRead in module:user',
      status: 401,
    });
    expect(errorOf(401, '')).toBeInstanceOf(MagnusAuthError);
    // A page (a proxy's, say) is not quoted: the status says enough.
    expect(errorOf(403, '<h1>Forbidden</h1><p>nginx at /etc/nginx</p>')).toMatchObject({
      magnusMessage: 'HTTP 403',
    });
  });

  it('reads "You only can edit one data per time" as a permanent refusal', () => {
    const error = errorOf(200, 'You only can edit one data per time');
    expect(error).toBeInstanceOf(MagnusRejectedError);
    expect(error.transient).toBe(false);
  });

  it('reads a PHP fatal error as a server error, transient only for 502/503/504', () => {
    const fatal =
      '<br />\n<b>Fatal error</b>:  Uncaught TypeError: strpos(): Argument #1 ($haystack) must be of type string in /var/www/html/mbilling/protected/components/BaseController.php:725';
    const crash = errorOf(500, fatal);
    expect(crash).toBeInstanceOf(MagnusServerError);
    expect(crash).toMatchObject({
      status: 500,
      transient: false,
      code: 'TELEPHONY_ENFORCEMENT.MAGNUS_SERVER_ERROR',
    });
    expect(crash.message).toBe('MagnusBilling answered HTTP 500 (server error page)');
    expect(errorOf(200, fatal)).toMatchObject({ status: 200, transient: false });
    expect(errorOf(200, fatal)).toBeInstanceOf(MagnusServerError);
    for (const status of [502, 503, 504]) {
      expect(errorOf(status, '<html><body><h1>Bad Gateway</h1></body></html>')).toMatchObject({
        transient: true,
        status,
      });
    }
    expect(errorOf(503, '{"error":"simulated fault"}')).toBeInstanceOf(MagnusServerError);
  });

  it('tells a Yii debug page by its kind and status only: no source line, path or excerpt', () => {
    const page =
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n<html><head><title>TypeError</title></head><body>' +
      '<h1>TypeError</h1><p class="message">preg_match(): Argument #2 ($subject) must be of type string, stdClass given</p>' +
      '<div class="source"><p class="file">/var/www/html/mbilling/protected/components/SqlInject.php(144)</p>' +
      '<pre><span class="ln">144</span> if (preg_match("/$code/", $value)) {</pre></div>' +
      '<div class="traces"><h2>Stack Trace</h2></div></body></html>';
    for (const status of [500, 200]) {
      const error = errorOf(status, page);
      expect(error).toBeInstanceOf(MagnusServerError);
      expect(error.message).toBe(`MagnusBilling answered HTTP ${status} (server error page)`);
      expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(
        /var\/www|SqlInject|preg_match|stdClass/,
      );
    }
    expect(errorOf(502, '').message).toBe('MagnusBilling answered HTTP 502 (empty body)');
    expect(errorOf(503, 'upstream busy').message).toBe('MagnusBilling answered HTTP 503 (server error)');
  });

  it('reads any other non-JSON body as an unexpected response, hinting at the URL on 404', () => {
    const html = errorOf(200, '<html><title>MagnusBilling</title><body>login</body></html>');
    expect(html).toBeInstanceOf(MagnusUnexpectedResponseError);
    expect(html).toMatchObject({
      transient: false,
      code: 'TELEPHONY_ENFORCEMENT.MAGNUS_UNEXPECTED_RESPONSE',
    });
    expect(html.message).toBe(
      'Unexpected MagnusBilling answer (HTTP 200): a body that is not JSON (HTML page)',
    );
    expect(errorOf(200, '').message).toContain('(empty body)');
    // A truncated listing would carry passwords: it is described, not quoted.
    const cut = errorOf(200, '{"rows":[{"id":1,"username":"ana","password":"segredo123"');
    expect(cut.message).toBe(
      'Unexpected MagnusBilling answer (HTTP 200): a body that is not JSON (plain text)',
    );
    expect(errorOf(200, '[1,2]')).toBeInstanceOf(MagnusUnexpectedResponseError);
    expect(errorOf(404, '<h1>Not Found</h1>').message).toContain('is baseUrl the panel URL');
  });

  it('reads the record-not-found envelope, in English or Portuguese', () => {
    const error = errorOf(200, '{"success":false,"rows":[],"Record not found.":null}');
    expect(error).toBeInstanceOf(MagnusNotFoundError);
    expect(error).toMatchObject({ transient: false, code: 'TELEPHONY_ENFORCEMENT.MAGNUS_NOT_FOUND' });
    expect(errorOf(200, '{"success":false,"rows":[],"Registro não encontrado.":null}')).toBeInstanceOf(
      MagnusNotFoundError,
    );
  });

  it('reads validation errors as a field map; a bare string goes under "_"', () => {
    const error = errorOf(
      200,
      '{"success":false,"rows":[],"errors":{"active":["Active must be an integer."],"email":"Email is invalid<br>"}}',
    );
    expect(error).toBeInstanceOf(MagnusValidationError);
    expect((error as MagnusValidationError).errors).toEqual({
      active: ['Active must be an integer.'],
      email: ['Email is invalid'],
    });
    expect(error.message).toBe(
      'Magnus refused the values: active: Active must be an integer. | email: Email is invalid',
    );
    expect(
      (errorOf(200, '{"success":false,"errors":"This username already in use"}') as MagnusValidationError)
        .errors,
    ).toEqual({
      _: ['This username already in use'],
    });
  });

  it('reads success:false with only a message as a refusal', () => {
    const error = errorOf(200, '{"success":false,"msg":"Technical information: SQLSTATE[23000]"}');
    expect(error).toBeInstanceOf(MagnusRejectedError);
    expect(error.message).toContain('SQLSTATE[23000]');
    expect(errorOf(200, '{"success":false,"errors":[]}')).toMatchObject({ magnusMessage: '(no message)' });
  });

  it('parses the body whatever the content type or status of a success, and skips PHP notices before it', () => {
    expect(classifyMagnusResponse(200, '{"rows":[],"count":0}')).toEqual({
      ok: true,
      json: { rows: [], count: 0 },
    });
    const noisy =
      '<br />\n<b>Deprecated</b>:  Creation of dynamic property User::$x is deprecated in <b>/var/www/html/mbilling/protected/models/User.php</b> on line <b>42</b><br />\n' +
      'Warning: Undefined array key "sort" in /var/www/html/mbilling/protected/components/BaseController.php on line 301\n' +
      '{"rows":[],"count":"0"}';
    expect(classifyMagnusResponse(200, noisy)).toEqual({ ok: true, json: { rows: [], count: '0' } });
  });

  it('does not mistake a user field containing "Fatal error:" for a crash', () => {
    const body = JSON.stringify({
      rows: [{ id: '1', description: 'Fatal error: customer angry' }],
      count: 1,
    });
    expect(classifyMagnusResponse(200, body).ok).toBe(true);
  });
});

describe('parseReadResponse', () => {
  it('reads rows and count (number or string) and drops secrets from every row', () => {
    const body = JSON.stringify({
      rows: [{ id: '1', username: 'a', password: 'plain', callingcard_pin: '123456', Secret: 'x' }],
      count: '1',
      sum: [],
    });
    expect(parseReadResponse(200, body)).toEqual({ rows: [{ id: '1', username: 'a' }], count: 1 });
    expect(parseReadResponse(200, '{"rows":[],"count":0,"sum":false}')).toEqual({ rows: [], count: 0 });
  });

  it('accepts rows:false (how Magnus sends an empty list) and PHP objects keyed by index', () => {
    expect(parseReadResponse(200, '{"rows":false,"count":"0","sum":false}').rows).toEqual([]);
    expect(parseReadResponse(200, '{"rows":{"0":{"id":1},"2":{"id":3}},"count":2}').rows).toEqual([
      { id: 1 },
      { id: 3 },
    ]);
  });

  it('refuses answers that are not a read', () => {
    expect(() => parseReadResponse(200, '{"success":true}')).toThrow(MagnusUnexpectedResponseError);
    expect(() => parseReadResponse(200, '{"rows":"x","count":1}')).toThrow(MagnusUnexpectedResponseError);
    expect(() => parseReadResponse(200, '{"rows":[1],"count":1}')).toThrow(MagnusUnexpectedResponseError);
  });
});

describe('parseSaveResponse', () => {
  it('returns the saved rows without the password', () => {
    const body =
      '{"success":true,"rows":[{"id":2,"active":0,"password":"x"}],"msg":"Operation was successful."}';
    expect(parseSaveResponse(200, body)).toEqual([{ id: 2, active: 0 }]);
  });

  it('throws the not-found and validation errors', () => {
    expect(() => parseSaveResponse(200, '{"success":false,"rows":[],"Record not found.":null}')).toThrow(
      MagnusNotFoundError,
    );
    expect(() => parseSaveResponse(200, '{"success":false,"errors":{"active":["bad"]}}')).toThrow(
      MagnusValidationError,
    );
    expect(() => parseSaveResponse(200, '{"rows":[]}')).toThrow(MagnusUnexpectedResponseError);
  });
});

describe('parseCount', () => {
  it.each([
    [60, 60],
    ['60', 60],
    [' 7 ', 7],
    [-1, null],
    [1.5, null],
    ['x', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (count, expected) => {
    expect(parseCount(count)).toBe(expected);
  });
});
