import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('request fingerprint', () => {
  it('ignores key order and undefined members, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(requestFingerprint('post', '/x', { a: 1, b: 2 })).toBe(
      requestFingerprint('POST', '/x', { b: 2, a: 1 }),
    );
  });

  it('tells apart method, path, body and array order', () => {
    const base = requestFingerprint('POST', '/x', { a: [1, 2] });
    expect(requestFingerprint('PUT', '/x', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('POST', '/y', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('POST', '/x', { a: [2, 1] })).not.toBe(base);
    expect(requestFingerprint('POST', '/x', { a: [1, 2], b: null })).not.toBe(base);
    expect(requestFingerprint('POST', '/x', undefined)).toBe(requestFingerprint('POST', '/x', null));
  });
});
