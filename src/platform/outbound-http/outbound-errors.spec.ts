import { classifyCode, mapOutboundError, OutboundError } from './outbound-errors';

describe('transport failures', () => {
  it.each([
    ['ECONNREFUSED', { kind: 'network', neverSent: true }],
    ['ENOTFOUND', { kind: 'network', neverSent: true }],
    ['UND_ERR_CONNECT_TIMEOUT', { kind: 'timeout', neverSent: true }],
    ['EOUTBOUNDREFUSED', { kind: 'refused', neverSent: true }],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', { kind: 'tls', neverSent: true }],
    ['ECONNRESET', { kind: 'network', neverSent: false }],
    ['UND_ERR_SOCKET', { kind: 'network', neverSent: false }],
    ['UND_ERR_HEADERS_TIMEOUT', { kind: 'timeout', neverSent: false }],
    ['UND_ERR_INVALID_ARG', undefined],
  ])('%s is %j', (code, expected) => {
    expect(classifyCode(code)).toEqual(expected);
  });

  const mapping = {
    timeout: () => 'timeout',
    network: (e: OutboundError) => `network ${e.code}`,
    tls: () => 'tls',
  };
  const failure = (kind: OutboundError['kind'], neverSent: boolean, code?: string) =>
    new OutboundError('x', kind, 'm', neverSent, code);

  it('maps them onto the client’s own errors, and leaves everything else alone', () => {
    expect(mapOutboundError(failure('timeout', false), mapping)).toBe('timeout');
    expect(mapOutboundError(failure('timeout', true, 'UND_ERR_CONNECT_TIMEOUT'), mapping)).toBe(
      'network UND_ERR_CONNECT_TIMEOUT',
    );
    expect(mapOutboundError(failure('tls', true, 'CERT_HAS_EXPIRED'), mapping)).toBe('tls');
    expect(mapOutboundError(failure('refused', true, 'EOUTBOUNDREFUSED'), mapping)).toBe(
      'network EOUTBOUNDREFUSED',
    );
    const closed = failure('closed', true);
    expect(mapOutboundError(closed, mapping)).toBe(closed);
    const bug = new TypeError('invalid header');
    expect(mapOutboundError(bug, mapping)).toBe(bug);
    expect(
      mapOutboundError(failure('tls', true), { ...mapping, tls: undefined, neverSent: () => 'never' }),
    ).toBe('never');
  });
});
