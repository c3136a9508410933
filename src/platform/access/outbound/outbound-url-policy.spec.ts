import { OutboundUrlPolicy } from './outbound-url-policy';

const strict = new OutboundUrlPolicy({ allowPrivateNetworks: false, allowedHosts: [], trustedUrls: [] });

describe('OutboundUrlPolicy', () => {
  it.each([
    ['http://127.0.0.1:15672/api/overview', 'loopback'],
    ['http://localhost:5432', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://10.0.0.5/webservice/v1', 'private'],
    ['http://192.168.1.10/', 'private'],
    ['http://[fd00::1]/', 'private'],
  ])('refuses %s (%s) by default', (url, range) => {
    expect(strict.urlProblem(url)).toContain(`${range} address`);
  });

  it.each([
    ['not a url', 'is not a URL'],
    ['ftp://erp.example.com/', 'must be http or https, not ftp'],
    ['file:///etc/passwd', 'must be http or https, not file'],
    ['javascript:alert(1)', 'must be http or https, not javascript'],
  ])('refuses %s: %s', (url, problem) => {
    expect(strict.urlProblem(url)).toBe(problem);
  });

  it('accepts public addresses and names (names are checked again once resolved)', () => {
    for (const url of [
      'https://erp.example.com/webservice/v1',
      'http://203.0.113.7:8080/',
      'https://[2001:db8::1]/',
    ])
      expect(strict.urlProblem(url)).toBeUndefined();
  });

  it('lets the deployment open private networks, but never loopback or link-local', () => {
    const onPremises = new OutboundUrlPolicy({
      allowPrivateNetworks: true,
      allowedHosts: [],
      trustedUrls: [],
    });
    expect(onPremises.urlProblem('http://10.0.0.5/webservice/v1')).toBeUndefined();
    expect(onPremises.urlProblem('http://[fd00::1]/')).toBeUndefined();
    expect(onPremises.urlProblem('http://127.0.0.1/')).toContain('loopback');
    expect(onPremises.addressProblem('169.254.169.254')).toContain('link-local');
  });

  it('lets the deployment allow-list hosts by name, *.domain, address or CIDR block', () => {
    const listed = new OutboundUrlPolicy({
      allowPrivateNetworks: false,
      allowedHosts: ['erp.provedor.lan', '*.corp.example', '10.20.0.0/16', ' 192.168.7.7 '],
      trustedUrls: [],
    });
    expect(listed.urlProblem('http://erp.provedor.lan/')).toBeUndefined();
    expect(listed.endpointTrusted('ixc.corp.example', '443')).toBe(true);
    expect(listed.endpointTrusted('corp.example.evil.test', '443')).toBe(false);
    expect(listed.addressProblem('10.20.3.4')).toBeUndefined();
    expect(listed.addressProblem('192.168.7.7')).toBeUndefined();
    expect(listed.addressProblem('10.21.0.1')).toContain('private');
  });

  it("trusts exactly the host and port of the deployment's own URLs", () => {
    const policy = new OutboundUrlPolicy({
      allowPrivateNetworks: false,
      allowedHosts: [],
      trustedUrls: ['http://127.0.0.1:4100/ixc/webservice/v1', 'not a url'],
    });
    expect(policy.urlProblem('http://127.0.0.1:4100/magnus')).toBeUndefined();
    expect(policy.urlProblem('http://127.0.0.1:15672/api/overview')).toContain('loopback');
    policy.trust('https://voip.lan/mbilling');
    expect(policy.endpointTrusted('voip.lan', '443')).toBe(true);
    expect(policy.endpointTrusted('voip.lan', '80')).toBe(false);
  });
});
