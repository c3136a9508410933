import { magnusNonce, magnusSign, signedMagnusRequest } from './magnus-signature';

describe('magnusSign', () => {
  it('is hash_hmac("sha512", body, secret) in lowercase hex (vectors from openssl dgst -sha512 -hmac)', () => {
    expect(magnusSign('id=2&active=0&module=user&action=save&nonce=1700000000123456', 'demo-secret')).toBe(
      '7bc10d26adc0313fb4225525def703f448a2dd05e62a7b5b306b7af5636c136c00abf67c813f0951180de167d581a414df2cc244a3508b9dab4a3caf73767665',
    );
    expect(magnusSign('limit=25&filter=%5B%5D', 'ção-secret')).toBe(
      '04f12dd7ada5b4cc6fde33165f17a8fa28ff4804a893420dbd39b916b916527406fbac8c35faea5083411d63f22a184622b783f9703bed81e0f1d3f5cddb304c',
    );
  });
});

describe('signedMagnusRequest', () => {
  const base = { module: 'user', apiKey: 'key-1', apiSecret: 'demo-secret', nonce: '1700000000123456' };

  it('sends the params, then module, action and nonce, and signs exactly those bytes', () => {
    const signed = signedMagnusRequest({
      ...base,
      action: 'save',
      params: [
        ['id', '2'],
        ['active', '0'],
      ],
    });
    expect(signed.path).toBe('/index.php/user/save');
    expect(signed.body).toBe('id=2&active=0&module=user&action=save&nonce=1700000000123456');
    expect(signed.headers).toEqual({
      Key: 'key-1',
      Sign: '7bc10d26adc0313fb4225525def703f448a2dd05e62a7b5b306b7af5636c136c00abf67c813f0951180de167d581a414df2cc244a3508b9dab4a3caf73767665',
    });
  });

  it('signs the PHP encoding of awkward values, not the raw text', () => {
    const signed = signedMagnusRequest({ ...base, action: 'read', params: [['filter', 'a b*c~ção']] });
    expect(signed.body).toBe('filter=a+b%2Ac%7E%C3%A7%C3%A3o&module=user&action=read&nonce=1700000000123456');
    expect(signed.headers.Sign).toBe(magnusSign(signed.body, 'demo-secret'));
  });

  it('refuses params the client sets itself and route parts that are not plain names', () => {
    expect(() => signedMagnusRequest({ ...base, action: 'read', params: [['nonce', '1']] })).toThrow(/nonce/);
    expect(() => signedMagnusRequest({ ...base, action: '../x', params: [] })).toThrow(/alphanumeric/);
  });
});

describe('magnusNonce', () => {
  it('is unix seconds followed by 6 microsecond digits, strictly increasing', () => {
    const nonces = Array.from({ length: 50 }, () => magnusNonce());
    for (const nonce of nonces) expect(nonce).toMatch(/^\d{16}$/);
    expect(Math.abs(Number(nonces[0].slice(0, 10)) - Date.now() / 1000)).toBeLessThan(5);
    for (let i = 1; i < nonces.length; i++) expect(BigInt(nonces[i])).toBeGreaterThan(BigInt(nonces[i - 1]));
  });
});
