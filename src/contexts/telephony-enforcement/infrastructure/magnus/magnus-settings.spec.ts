import { magnusConnectionSettings } from './magnus-settings';

const required = { baseUrl: 'https://voip.example.com/mbilling/', apiKey: 'key-123', apiSecret: 's3cr3t' };

describe('magnusConnectionSettings', () => {
  it('applies the defaults and trims the trailing slash', () => {
    expect(magnusConnectionSettings(required)).toEqual({
      baseUrl: 'https://voip.example.com/mbilling',
      apiKey: 'key-123',
      apiSecret: 's3cr3t',
      timeoutMs: 10_000,
      concurrency: 8,
      requestsPerSecond: 50,
      maxRetries: 3,
      verifyTls: true,
    });
  });

  it('keeps explicit values, undefined meaning "default"', () => {
    expect(
      magnusConnectionSettings({
        ...required,
        timeoutMs: 500,
        concurrency: undefined,
        requestsPerSecond: 0.5,
        maxRetries: 0,
        verifyTls: false,
      }),
    ).toMatchObject({
      timeoutMs: 500,
      concurrency: 8,
      requestsPerSecond: 0.5,
      maxRetries: 0,
      verifyTls: false,
    });
  });

  it('accepts a URL pasted with /index.php and a plain-http panel', () => {
    expect(
      magnusConnectionSettings({ ...required, baseUrl: 'http://10.0.0.5/mbilling/index.php' }).baseUrl,
    ).toBe('http://10.0.0.5/mbilling');
  });

  it.each([
    [{ baseUrl: 'not a url' }, /not a valid URL/],
    [{ baseUrl: 'ftp://voip.example.com/mbilling' }, /http\(s\)/],
    [{ baseUrl: 'https://admin:pw@voip.example.com/mbilling' }, /credentials/],
    [{ baseUrl: 'https://voip.example.com/mbilling?x=1' }, /query string/],
    [{ apiKey: ' ' }, /apiKey/],
    [{ apiKey: 'key with space' }, /apiKey/],
    [{ apiKey: 'key\r\nX-Injected: 1' }, /apiKey/],
    [{ apiSecret: '' }, /apiSecret/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ concurrency: 1.5 }, /concurrency/],
    [{ maxRetries: -1 }, /maxRetries/],
    [{ requestsPerSecond: 0 }, /requestsPerSecond/],
    [{ requestsPerSecond: Infinity }, /requestsPerSecond/],
  ])('refuses %j', (override, message) => {
    expect(() => magnusConnectionSettings({ ...required, ...override })).toThrow(message);
  });

  it('never echoes a malformed base URL or the secret', () => {
    const error = (() => {
      try {
        magnusConnectionSettings({ ...required, baseUrl: 'http://u:pw-s3cret@[bad' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toBeDefined();
    expect(error?.message).not.toContain('pw-s3cret');
  });
});
