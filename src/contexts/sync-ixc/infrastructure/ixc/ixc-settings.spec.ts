import { ixcConnectionSettings } from './ixc-settings';

const required = { baseUrl: 'https://erp.example.com/webservice/v1/', user: '105', token: 'abc123' };

describe('ixcConnectionSettings', () => {
  it('applies the defaults and trims the base URL', () => {
    expect(ixcConnectionSettings(required)).toEqual({
      baseUrl: 'https://erp.example.com/webservice/v1',
      user: '105',
      token: 'abc123',
      verifyTls: true,
      listMethod: 'post',
      timeoutMs: 30_000,
      maxRetries: 4,
      concurrency: 4,
      requestsPerSecond: 25,
    });
  });

  it('keeps explicit values, undefined meaning "default"', () => {
    const settings = ixcConnectionSettings({
      ...required,
      verifyTls: false,
      listMethod: 'get',
      timeoutMs: 500,
      maxRetries: 0,
      concurrency: undefined,
      requestsPerSecond: 0.5,
    });
    expect(settings).toMatchObject({
      verifyTls: false,
      listMethod: 'get',
      timeoutMs: 500,
      maxRetries: 0,
      concurrency: 4,
      requestsPerSecond: 0.5,
    });
  });

  it.each([
    [{ user: 'admin' }, /numeric IXC user id/],
    [{ token: ' ' }, /token/],
    [{ baseUrl: 'not a url' }, /not a valid URL/],
    [{ baseUrl: 'ftp://erp.example.com' }, /http\(s\)/],
    [{ baseUrl: 'https://105:secret@erp.example.com/webservice/v1' }, /credentials/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ concurrency: 1.5 }, /concurrency/],
    [{ maxRetries: -1 }, /maxRetries/],
    [{ requestsPerSecond: 0 }, /requestsPerSecond/],
  ])('refuses %j', (override, message) => {
    expect(() => ixcConnectionSettings({ ...required, ...override })).toThrow(message);
  });

  it('never echoes a malformed base URL, which may hold credentials', () => {
    expect(() => ixcConnectionSettings({ ...required, baseUrl: 'http://u:s3cret@[bad' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
