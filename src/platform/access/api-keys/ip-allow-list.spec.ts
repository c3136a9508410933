import { ipAllowed, normalizeClientIp, parseIpRule } from './ip-allow-list';

describe('IP allow-list', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['::1', '::1'],
    ['10.0.0.0/08', '10.0.0.0/8'],
  ])('accepts %j as %j', (input, canonical) => {
    expect(parseIpRule(input)).toBe(canonical);
  });

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0.300',
    'example.com',
    '10.0.0.0/8/1',
    '10.0.0.0/',
    '/8',
    '10.0.0.0/x',
  ])('refuses %j', (input) => {
    expect(parseIpRule(input)).toBeUndefined();
  });

  it.each([
    ['10.20.30.40', ['10.0.0.0/8'], true],
    ['11.0.0.1', ['10.0.0.0/8'], false],
    ['127.0.0.1', ['10.0.0.0/8', '127.0.0.1'], true],
    ['::ffff:10.1.2.3', ['10.0.0.0/8'], true],
    ['2001:db8::5', ['2001:db8::/32'], true],
    ['2001:db9::5', ['2001:db8::/32'], false],
    ['192.0.2.1', [], true],
    ['not an ip', ['0.0.0.0/0'], false],
  ])('%s with %j → %s', (ip, rules, allowed) => {
    expect(ipAllowed(ip, rules)).toBe(allowed);
  });

  it('reads an IPv4 client on a dual-stack socket as IPv4', () => {
    expect(normalizeClientIp('::FFFF:192.0.2.9')).toBe('192.0.2.9');
    expect(normalizeClientIp('2001:db8::1')).toBe('2001:db8::1');
  });
});
